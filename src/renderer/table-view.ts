import { isTablePayload, TABLE_MIME_TYPE } from '@jupyterlab-emr/common';
import type { IRenderMime } from '@jupyterlab/rendermime-interfaces';
import { Widget } from '@lumino/widgets';

import { createTableElement, ITableElementOptions } from './table-element';

/** Renders one table output. Safe for untrusted notebooks: it only ever creates text nodes. */
export class TableView extends Widget implements IRenderMime.IRenderer {
  constructor(options: ITableElementOptions) {
    super();
    this._options = options;
    // jp-RenderedHTMLCommon gives the table JupyterLab's own look (borders, stripes, hover) in every theme.
    this.addClass('jp-emr-TableView');
    this.addClass('jp-RenderedHTMLCommon');
  }

  async renderModel(model: IRenderMime.IMimeModel): Promise<void> {
    const payload = model.data[TABLE_MIME_TYPE];
    const doc = this.node.ownerDocument;
    if (isTablePayload(payload)) {
      this.node.replaceChildren(createTableElement(doc, payload, this._options));
    } else {
      const error = doc.createElement('div');
      error.className = 'jp-emr-TableView-error';
      error.textContent =
        'This table output cannot be shown: it does not have the schema, rows, rowCount and truncated ' +
        'fields jupyterlab-emr expects. It may come from another version of the emr-livy kernel; ' +
        're-run the cell to produce it again.';
      this.node.replaceChildren(error);
    }
  }

  private readonly _options: ITableElementOptions;
}
