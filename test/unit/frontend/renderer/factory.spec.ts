import { TABLE_MIME_TYPE } from '@jupyterlab-emr/common';

import { createTableRendererFactory } from '../../../../src/renderer/factory';
import { TableView } from '../../../../src/renderer/table-view';
import { RENDERER_DEFAULTS } from '../settings';
import { fakeMimeModel } from './fake-mime-model';

describe('createTableRendererFactory', () => {
  it('claims only the table MIME type, and as safe, so untrusted notebooks still show tables', () => {
    const factory = createTableRendererFactory(() => RENDERER_DEFAULTS);
    expect(factory.mimeTypes).toEqual([TABLE_MIME_TYPE]);
    expect(factory.safe).toBe(true);
    expect(factory.defaultRank).toBeLessThan(50);
  });

  it('gives each new renderer the settings current at that moment', async () => {
    let settings = RENDERER_DEFAULTS;
    const factory = createTableRendererFactory(() => settings);
    settings = { ...RENDERER_DEFAULTS, showColumnTypes: false };
    const renderer = factory.createRenderer({} as never);
    expect(renderer).toBeInstanceOf(TableView);
    await renderer.renderModel(
      fakeMimeModel({
        [TABLE_MIME_TYPE]: { schema: { fields: [{ name: 'id', type: 'integer' }] }, rows: [], rowCount: 0, truncated: false }
      })
    );
    expect(renderer.node.querySelector('th')?.textContent).toBe('id');
  });
});
