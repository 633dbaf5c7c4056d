import { CHART_COPY_MIME_TYPE } from '@jupyterlab-emr/common';
import type { IRenderMime } from '@jupyterlab/rendermime-interfaces';
import { Widget } from '@lumino/widgets';

/**
 * Above Vega-Lite's 57 and SVG's 80 (lower ranks win), so a chart output the kernel marked as a
 * copy is given to this renderer rather than drawn a second time under the table view that
 * already shows it.
 */
export const CHART_COPY_RENDERER_RANK = 20;

/** Class of the empty view; style/renderer.css hides the output area row that holds it. */
export const CHART_COPY_CLASS = 'jp-emr-ChartCopy';

/**
 * The kernel sends a result's chart twice on purpose: in the table output, which this extension
 * draws with its toolbar, and as an output of its own (Vega-Lite and an SVG image) for front ends
 * without the extension. Here the second one shows nothing. The two are outputs of the same cell,
 * the table first, so where this renderer runs the table view above it has drawn the chart.
 */
export class ChartCopyView extends Widget implements IRenderMime.IRenderer {
  constructor() {
    super();
    this.addClass(CHART_COPY_CLASS);
  }

  renderModel(): Promise<void> {
    return Promise.resolve();
  }
}

export function createChartCopyRendererFactory(): IRenderMime.IRendererFactory {
  return {
    safe: true,
    mimeTypes: [CHART_COPY_MIME_TYPE],
    defaultRank: CHART_COPY_RENDERER_RANK,
    createRenderer: () => new ChartCopyView()
  };
}
