import type { IRenderMime } from '@jupyterlab/rendermime-interfaces';

type Metadata = IRenderMime.IMimeModel['metadata'];

/** An output model holding one bundle, as the output area hands it to a renderer; it keeps what setData writes. */
export interface IFakeMimeModel extends IRenderMime.IMimeModel {
  metadata: Metadata;
  /** Every metadata object setData was given, in order. */
  readonly writtenMetadata: Metadata[];
}

export function fakeMimeModel(data: Record<string, unknown>, metadata: Metadata = {}): IFakeMimeModel {
  const model: IFakeMimeModel = {
    trusted: false,
    data: data as IRenderMime.IMimeModel['data'],
    metadata,
    writtenMetadata: [],
    setData: options => {
      if (options.metadata) {
        model.metadata = options.metadata;
        model.writtenMetadata.push(options.metadata);
      }
    }
  };
  return model;
}
