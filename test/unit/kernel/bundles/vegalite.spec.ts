import { ITablePayload, VEGA_LITE_MIME_TYPE } from '@jupyterlab-emr/common';
import { UserError } from '../../../../kernel/src/core/errors';
import { chartBundle, checkVegaLite, withChart } from '../../../../kernel/src/bundles/vegalite';

const RESULT: ITablePayload = {
  schema: {
    fields: [
      { name: 'region', type: 'string' },
      { name: 'total', type: 'bigint' }
    ]
  },
  rows: [
    ['north', 3],
    ['south', 5]
  ],
  rowCount: 2,
  truncated: false
};

describe('chartBundle', () => {
  it('adds a compiled Vega-Lite chart under its MIME type', () => {
    const bundle = chartBundle(RESULT, {});
    expect(bundle[VEGA_LITE_MIME_TYPE]).toMatchObject({ mark: { type: 'bar', tooltip: true }, encoding: { x: { title: 'region' }, y: { title: 'total' } } });
  });

  it('adds nothing when no chart is wanted or fits', () => {
    expect(chartBundle(RESULT, { mark: 'none' })).toEqual({});
    expect(chartBundle({ ...RESULT, rows: [['north', 3]] }, {})).toEqual({});
  });

  it('turns a refused option into a user error naming the columns', () => {
    expect(() => chartBundle(RESULT, { y: 'totl' })).toThrow(new UserError('--y totl is not a column of this result. The columns are: region (category), total (number).'));
  });
});

describe('withChart', () => {
  it('puts the choice the chart was drawn with in the table payload, by column names', () => {
    const charted = withChart(RESULT, {});
    expect(charted.chart).toEqual(chartBundle(RESULT, {}));
    expect(charted.table).toEqual({ ...RESULT, chart: { mark: 'bar', x: 'region', y: 'total' } });
    expect(withChart(RESULT, { mark: 'pie', aggregate: 'sum' }).table.chart).toEqual({ mark: 'pie', x: 'region', y: 'total', aggregate: 'sum' });
    expect(withChart(RESULT, { mark: 'bar', x: 'region', aggregate: 'count' }).table.chart).toEqual({ mark: 'bar', x: 'region', aggregate: 'count' });
  });

  it('leaves the table as it is when there is no chart', () => {
    expect(withChart(RESULT, { mark: 'none' })).toEqual({ table: RESULT, chart: {} });
  });
});

describe('checkVegaLite', () => {
  it('accepts a valid spec silently', () => {
    expect(() => checkVegaLite({ data: { values: [] }, mark: 'bar', encoding: { x: { field: 'a', type: 'nominal' } } })).not.toThrow();
  });

  it('reports what Vega-Lite would drop or reject, as a user error', () => {
    expect(() => checkVegaLite({ data: { values: [] }, mark: 'bar', encoding: { x: { field: 'a', type: 'wrong' } } })).toThrow(UserError);
    expect(() => checkVegaLite({ data: { values: [] }, mark: 'nonsense' })).toThrow(/^The chart for this result is not valid Vega-Lite: ./);
  });
});
