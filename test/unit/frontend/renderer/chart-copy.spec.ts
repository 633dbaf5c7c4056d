import { CHART_COPY_MIME_TYPE, TABLE_MIME_TYPE, VEGA_LITE_MIME_TYPE } from '@jupyterlab-emr/common';

import { CHART_COPY_CLASS, CHART_COPY_RENDERER_RANK, createChartCopyRendererFactory } from '../../../../src/renderer/chart-copy';
import { fakeMimeModel } from './fake-mime-model';

/** The chart output's MIME types as the kernel sends them (kernel/src/bundles/chart-output.ts). */
const CHART_OUTPUT = { 'text/plain': 'A chart', 'image/svg+xml': '<svg></svg>', [VEGA_LITE_MIME_TYPE]: { mark: 'bar' }, [CHART_COPY_MIME_TYPE]: { shownIn: TABLE_MIME_TYPE } };

/**
 * Stock JupyterLab 4's ranks for the chart output's other types: @jupyterlab/vega5-extension
 * registers Vega-Lite at 57, @jupyterlab/rendermime SVG at 80 and text at 120. (Its modules are
 * ESM-only and not loaded in these tests; the UI tests check the real registry, ui-tests/tests/chart-outputs.spec.ts.)
 */
const STOCK_RANKS: Record<string, number> = { [VEGA_LITE_MIME_TYPE]: 57, 'image/svg+xml': 80, 'text/plain': 120 };

/** RenderMimeRegistry.preferredMimeType's rule: of the types in the bundle it has a renderer for, the lowest rank. */
function preferred(ranks: Record<string, number>, bundle: Record<string, unknown>): string | undefined {
  return Object.keys(bundle)
    .filter(type => ranks[type] !== undefined)
    .sort((a, b) => ranks[a] - ranks[b])[0];
}

describe('the chart copy renderer', () => {
  it('claims the chart output over Vega-Lite and SVG where the extension is installed, and is safe for untrusted notebooks', () => {
    const factory = createChartCopyRendererFactory();
    expect(factory.mimeTypes).toEqual([CHART_COPY_MIME_TYPE]);
    expect(factory.safe).toBe(true);
    expect(factory.defaultRank).toBe(CHART_COPY_RENDERER_RANK);
    expect(preferred({ ...STOCK_RANKS, [CHART_COPY_MIME_TYPE]: CHART_COPY_RENDERER_RANK }, CHART_OUTPUT)).toBe(CHART_COPY_MIME_TYPE);
  });

  it('leaves the chart output to Vega-Lite in stock JupyterLab, and to the SVG image where nothing draws Vega-Lite', () => {
    expect(preferred(STOCK_RANKS, CHART_OUTPUT)).toBe(VEGA_LITE_MIME_TYPE);
    const { [VEGA_LITE_MIME_TYPE]: _vega, ...withoutVega } = STOCK_RANKS;
    expect(preferred(withoutVega, CHART_OUTPUT)).toBe('image/svg+xml');
  });

  it('renders nothing, in a node the stylesheet hides with its output row', async () => {
    const view = createChartCopyRendererFactory().createRenderer({} as never);
    await view.renderModel(fakeMimeModel(CHART_OUTPUT));
    expect(view.node.classList.contains(CHART_COPY_CLASS)).toBe(true);
    expect(view.node.childNodes).toHaveLength(0);
  });
});
