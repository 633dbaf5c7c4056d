import { chartOptionsOf, chartSpec, chooseChart, IChartRequest, IFullResultChart, VEGA_LITE_MIME_TYPE } from '@jupyterlab-emr/common';

import { kernelChart } from '../../../../src/renderer/kernel-chart';
import { SALES } from './sales-fixture';

/** The spec the kernel sends for these magic-line options (the same shared code, then JSON on the wire). */
function kernelSpec(request: IChartRequest): Record<string, unknown> {
  return JSON.parse(JSON.stringify(chartSpec(chooseChart(SALES.schema, SALES.rows.length, request)!, SALES)));
}

describe('kernelChart', () => {
  it('is undefined when the kernel sent no chart', () => {
    expect(kernelChart(SALES, {})).toBeUndefined();
    expect(kernelChart(SALES, { [VEGA_LITE_MIME_TYPE]: 'not a spec' })).toBeUndefined();
  });

  it.each<[string, IChartRequest, Record<string, string>]>([
    ['the automatic chart', {}, { mark: 'line', x: 'day', y: 'year' }],
    ['a bar with an average', { mark: 'bar', x: 'region', y: 'amount', aggregate: 'avg' }, { mark: 'bar', x: 'region', y: 'amount', aggregate: 'avg' }],
    ['a count of rows', { mark: 'bar', x: 'region', aggregate: 'count' }, { mark: 'bar', x: 'region', aggregate: 'count' }],
    ['a coloured scatter', { mark: 'point', x: 'year', y: 'amount', color: 'region' }, { mark: 'point', x: 'year', y: 'amount', color: 'region' }],
    ['a pie', { mark: 'pie', x: 'region', y: 'amount', aggregate: 'sum' }, { mark: 'pie', x: 'region', y: 'amount', aggregate: 'sum' }],
    ['a heatmap', { mark: 'heatmap', x: 'region', y: 'day', color: 'amount', aggregate: 'max' }, { mark: 'heatmap', x: 'region', y: 'day', color: 'amount', aggregate: 'max' }],
    ['an area', { mark: 'area', x: 'day', y: 'amount' }, { mark: 'area', x: 'day', y: 'amount' }]
  ])("takes the toolbar state of %s from the kernel's choice, and reads the same back from a spec saved without it", (_name, request, expected) => {
    const spec = kernelSpec(request);
    // What the kernel sends now (bundles/vegalite.ts withChart): the choice beside the spec.
    const chart = JSON.parse(JSON.stringify(chartOptionsOf(chooseChart(SALES.schema, SALES.rows.length, request)!)));
    expect(kernelChart({ ...SALES, chart }, { [VEGA_LITE_MIME_TYPE]: spec })).toEqual({ spec, state: { view: 'chart', ...expected } });
    // A notebook saved from a kernel before that.
    expect(kernelChart(SALES, { [VEGA_LITE_MIME_TYPE]: spec })).toEqual({ spec, state: { view: 'chart', ...expected } });
    // The kernel now sends the chart as an output of its own: the table's bundle has the choice alone, and the same spec is built from it.
    expect(kernelChart({ ...SALES, chart }, {})).toEqual({ spec, state: { view: 'chart', ...expected } });
  });

  it("trusts the kernel's choice over the spec, which may not tell it", () => {
    const spec = { ...kernelSpec({ mark: 'bar', x: 'region', y: 'amount' }), encoding: { x: { field: 'c0', type: 'nominal' } } };
    expect(kernelChart({ ...SALES, chart: { mark: 'bar', x: 'region', y: 'amount', aggregate: 'sum' } }, { [VEGA_LITE_MIME_TYPE]: spec })).toEqual({
      spec,
      state: { view: 'chart', mark: 'bar', x: 'region', y: 'amount', aggregate: 'sum' }
    });
  });

  it('has no chart for a choice that does not fit the rows (a payload edited by hand)', () => {
    expect(kernelChart({ ...SALES, chart: { mark: 'bar', x: 'no_such_column' } }, {})).toBeUndefined();
  });

  it('gives no state for a spec saved without a choice that the shared code did not build', () => {
    const spec = { ...kernelSpec({ mark: 'bar', x: 'region', y: 'amount' }), encoding: { x: { field: 'c0', type: 'nominal' } } };
    expect(kernelChart(SALES, { [VEGA_LITE_MIME_TYPE]: spec })).toBeUndefined();
  });

  it('takes the full-result chart and its choice when the kernel computed one', () => {
    const fullChart: IFullResultChart = {
      spec: { mark: { type: 'bar' }, data: { values: [] } },
      rowCount: 100_000,
      basis: 'aggregate',
      points: 2,
      capped: false,
      choice: { mark: 'bar', x: 'region', y: 'amount', aggregate: 'sum' },
      note: 'Chart over 100,000 rows, table shows the first 2.'
    };
    const payload = { ...SALES, rowCount: 100_000, truncated: true, fullChart };
    expect(kernelChart(payload, { [VEGA_LITE_MIME_TYPE]: fullChart.spec })).toEqual({
      spec: fullChart.spec,
      state: { view: 'chart', mark: 'bar', x: 'region', y: 'amount', aggregate: 'sum' },
      note: fullChart.note
    });
  });
});
