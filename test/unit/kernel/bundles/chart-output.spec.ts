import { CHART_COPY_MIME_TYPE, TABLE_MIME_TYPE, VEGA_LITE_MIME_TYPE, VegaLiteSpec } from '@jupyterlab-emr/common';
import { chartOutputBundle, MAX_CHART_SVG_CHARS } from '../../../../kernel/src/bundles/chart-output';
import { renderChartSvg } from '../../../../kernel/src/bundles/chart-svg';

/** A bar chart of `bars` categories, as chartSpec writes it (columns by position). */
function barChart(bars: number): VegaLiteSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    data: { values: Array.from({ length: bars }, (_, i) => ({ c0: `region ${i}`, c1: (i * 37) % 101 })) },
    mark: { type: 'bar', tooltip: true },
    encoding: { x: { field: 'c0', type: 'nominal', title: 'region' }, y: { field: 'c1', type: 'quantitative', title: 'total' } }
  };
}

describe('renderChartSvg', () => {
  it('draws the Vega-Lite spec as an SVG document in Node, on a white background, with its axis titles', async () => {
    const svg = await renderChartSvg(barChart(3));
    expect(svg).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toMatch(/^<svg [^>]*><rect width="\d+" height="\d+" fill="white"\/>/);
    expect(svg).toContain('>region</text>');
    expect(svg).toContain('>total</text>');
    expect(svg.match(/aria-roledescription="bar"/g)).toHaveLength(3);
  });
});

describe('chartOutputBundle', () => {
  it('carries the Vega-Lite spec, its SVG, a text line and the copy mark that lets the extension hide it', async () => {
    const spec = barChart(4);
    const bundle = await chartOutputBundle(spec);
    expect(Object.keys(bundle)).toEqual(['text/plain', 'image/svg+xml', VEGA_LITE_MIME_TYPE, CHART_COPY_MIME_TYPE]);
    expect(bundle[VEGA_LITE_MIME_TYPE]).toBe(spec);
    // Vega tags the values it draws; the spec the outputs (and the table payload's full chart) carry stays as it was.
    expect(JSON.stringify(spec)).toBe(JSON.stringify(barChart(4)));
    expect(Object.getOwnPropertySymbols((spec.data as { values: object[] }).values[0])).toEqual([]);
    expect(bundle['image/svg+xml']).toMatch(/^<svg /);
    expect(bundle[CHART_COPY_MIME_TYPE]).toEqual({ shownIn: TABLE_MIME_TYPE });
    expect(bundle['text/plain']).toBe('A chart of the result above (Vega-Lite, and an SVG image for static viewers).');
  });

  it(`leaves out an SVG above ${MAX_CHART_SVG_CHARS} characters and says the chart is only in the interactive view`, async () => {
    const spec = barChart(1500);
    expect((await renderChartSvg(spec)).length).toBeGreaterThan(MAX_CHART_SVG_CHARS);
    const bundle = await chartOutputBundle(spec);
    expect(bundle['image/svg+xml']).toBeUndefined();
    expect(bundle[VEGA_LITE_MIME_TYPE]).toBe(spec);
    expect(bundle[CHART_COPY_MIME_TYPE]).toBeDefined();
    expect(bundle['text/plain']).toMatch(
      /^This chart is only in the interactive view \(Vega-Lite, as JupyterLab draws it\): as an SVG image it would be [\d,]+ KB, more than the 500 KB the kernel embeds\.$/
    );
  });

  it('keeps the Vega-Lite spec when the SVG cannot be drawn, and says why there is no image', async () => {
    const spec = { mark: 'no-such-mark', data: { values: [] } };
    const bundle = await chartOutputBundle(spec);
    expect(bundle['image/svg+xml']).toBeUndefined();
    expect(bundle[VEGA_LITE_MIME_TYPE]).toBe(spec);
    expect(bundle['text/plain']).toMatch(/^This chart is only in the interactive view \(Vega-Lite, as JupyterLab draws it\): drawing it as an SVG image failed \(.+\)\.$/);
  });
});
