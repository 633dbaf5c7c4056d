import type { IRenderMime } from '@jupyterlab/rendermime-interfaces';

/** An output model holding one bundle, as the output area hands it to a renderer. */
export function fakeMimeModel(data: Record<string, unknown>): IRenderMime.IMimeModel {
  return {
    trusted: false,
    data: data as IRenderMime.IMimeModel['data'],
    metadata: {},
    setData: () => undefined
  };
}
