import { ChartOptionError, chartSpec, chooseChart, FEW_DISTINCT_VALUES, fieldKind, IChartChoice, ITableSchema } from '@jupyterlab-emr/common';

function schema(...fields: [string, string][]): ITableSchema {
  return { fields: fields.map(([name, type]) => ({ name, type })) };
}

const SALES = schema(['day', 'date'], ['region', 'string'], ['orders', 'bigint'], ['revenue', 'decimal(12,2)']);

function summary(choice: ReturnType<typeof chooseChart>) {
  return choice && { mark: choice.mark, x: choice.x.name, y: choice.y?.name, color: choice.color?.name, aggregate: choice.aggregate };
}

describe('fieldKind', () => {
  it.each([
    ['integer', 'quantitative'],
    ['long', 'quantitative'],
    ['short', 'quantitative'],
    ['byte', 'quantitative'],
    ['float', 'quantitative'],
    ['double', 'quantitative'],
    ['decimal(38,18)', 'quantitative'],
    ['date', 'temporal'],
    ['timestamp', 'temporal'],
    ['string', 'nominal'],
    ['boolean', 'nominal'],
    ['array<int>', 'nominal']
  ])('reads %s as %s', (type, kind) => {
    expect(fieldKind(type)).toBe(kind);
  });
});

describe('chooseChart', () => {
  it('draws a time column against a number as a line', () => {
    expect(summary(chooseChart(SALES, 10))).toEqual({ mark: 'line', x: 'day', y: 'orders' });
  });

  it('draws a category against a number as a bar', () => {
    expect(summary(chooseChart(schema(['region', 'string'], ['revenue', 'double']), 3))).toEqual({ mark: 'bar', x: 'region', y: 'revenue' });
  });

  it('draws two numbers as a scatter', () => {
    expect(summary(chooseChart(schema(['height', 'double'], ['weight', 'integer']), 3))).toEqual({ mark: 'point', x: 'height', y: 'weight' });
  });

  it('draws a few whole numbers on x (status codes, weekdays, years) as bars, not a scatter', () => {
    const statuses = schema(['status', 'int'], ['count(1)', 'bigint']);
    const rows = [
      [200, 9120],
      [301, 12],
      [404, 340],
      [500, 28]
    ];
    expect(summary(chooseChart(statuses, rows.length, {}, rows))).toEqual({ mark: 'bar', x: 'status', y: 'count(1)' });
    const years = Array.from({ length: FEW_DISTINCT_VALUES }, (_, index) => [1995 + index, index * 3]);
    expect(chooseChart(schema(['year', 'bigint'], ['n', 'bigint']), years.length, {}, years)?.mark).toBe('bar');
    const spec = chartSpec(chooseChart(statuses, rows.length, {}, rows) as IChartChoice, { schema: statuses, rows, rowCount: 4, truncated: false });
    expect(spec.encoding).toMatchObject({ x: { type: 'ordinal' } });
  });

  it('keeps a scatter for many distinct whole numbers, fractional numbers, or no rows at hand', () => {
    const many = Array.from({ length: FEW_DISTINCT_VALUES + 1 }, (_, index) => [index, index * 2]);
    expect(chooseChart(schema(['id', 'bigint'], ['v', 'bigint']), many.length, {}, many)?.mark).toBe('point');
    expect(
      chooseChart(schema(['height', 'double'], ['weight', 'int']), 3, {}, [
        [1.5, 60],
        [1.5, 70],
        [1.8, 80]
      ])?.mark
    ).toBe('point');
    expect(chooseChart(schema(['status', 'int'], ['n', 'bigint']), 3)?.mark).toBe('point');
  });

  it('draws nothing for one row, no rows, no number, or --chart none', () => {
    expect(chooseChart(SALES, 1)).toBeUndefined();
    expect(chooseChart(SALES, 0, { mark: 'bar' })).toBeUndefined();
    expect(chooseChart(schema(['a', 'string'], ['b', 'date']), 5)).toBeUndefined();
    expect(chooseChart(SALES, 5, { mark: 'none' })).toBeUndefined();
  });

  it('leaves nested columns off an automatic axis', () => {
    expect(summary(chooseChart(schema(['tags', 'array<string>'], ['name', 'string'], ['n', 'int']), 3))).toEqual({ mark: 'bar', x: 'name', y: 'n' });
  });

  it('takes the options over the automatic choice, even for one row', () => {
    expect(summary(chooseChart(SALES, 1, { mark: 'area', x: 'region', y: 'revenue', color: 'day', aggregate: 'avg' }))).toEqual({
      mark: 'area',
      x: 'region',
      y: 'revenue',
      color: 'day',
      aggregate: 'avg'
    });
    expect(summary(chooseChart(SALES, 5, { x: 'region' }))).toEqual({ mark: 'bar', x: 'region', y: 'orders' });
    expect(summary(chooseChart(SALES, 5, { mark: 'point' }))).toEqual({ mark: 'point', x: 'orders', y: 'revenue' });
  });

  it('counts rows with --agg count, needing no number column', () => {
    expect(summary(chooseChart(schema(['region', 'string']), 5, { aggregate: 'count' }))).toEqual({ mark: 'bar', x: 'region', aggregate: 'count' });
  });

  it('makes a pie of slices and sizes, and a heatmap of two axes coloured by a number or the count', () => {
    expect(summary(chooseChart(SALES, 5, { mark: 'pie', x: 'region' }))).toEqual({ mark: 'pie', x: 'region', y: 'orders' });
    expect(summary(chooseChart(SALES, 5, { mark: 'heatmap' }))).toEqual({ mark: 'heatmap', x: 'day', y: 'region', color: 'orders' });
    expect(summary(chooseChart(schema(['a', 'string'], ['b', 'string']), 5, { mark: 'heatmap' }))).toEqual({ mark: 'heatmap', x: 'a', y: 'b', aggregate: 'count' });
  });

  it('resolves names case-insensitively, as Spark SQL does', () => {
    expect(chooseChart(SALES, 5, { x: 'REGION' })?.x.index).toBe(1);
  });

  it('names a missing column and lists the real ones', () => {
    expect(() => chooseChart(SALES, 5, { x: 'nope' })).toThrow(
      new ChartOptionError('--x nope is not a column of this result. The columns are: day (time), region (category), orders (number), revenue (number).')
    );
  });

  it('refuses an ambiguous name', () => {
    expect(() => chooseChart(schema(['id', 'int'], ['id', 'int']), 5, { y: 'id' })).toThrow(/--y id names more than one column/);
  });

  it('needs a number where the chart measures one', () => {
    expect(() => chooseChart(SALES, 5, { mark: 'bar', y: 'region' })).toThrow(
      '--y region is a category column, but a bar chart needs numbers (the number columns are orders, revenue); --agg count counts rows instead.'
    );
    expect(() => chooseChart(SALES, 5, { mark: 'point', y: 'region', aggregate: 'sum' })).toThrow(/--agg sum needs numbers/);
    expect(() => chooseChart(SALES, 5, { mark: 'heatmap', color: 'region' })).toThrow(/--color region is a category column, but the colour of a heatmap needs numbers/);
    expect(() => chooseChart(schema(['a', 'string']), 5, { mark: 'line' })).toThrow(/no columns for a line: it needs a number column \(or --agg count\)/);
  });

  it('refuses --color on a pie, whose slices are already coloured', () => {
    expect(() => chooseChart(SALES, 5, { mark: 'pie', color: 'region' })).toThrow(/--color does not apply to a pie chart/);
  });
});
