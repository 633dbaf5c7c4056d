import fc from 'fast-check';
import { CHART_AGGREGATES, CHART_MARKS, ChartOptionError, chartSpec, chooseChart, IChartChoice, IChartRequest, ITablePayload } from '@jupyterlab-emr/common';
import { checkVegaLite } from '../../../kernel/src/bundles/vegalite';
import { LosslessNumber } from '../../../kernel/src/json/lossless-json';

function table(fields: [string, string][], rows: unknown[][]): ITablePayload {
  return { schema: { fields: fields.map(([name, type]) => ({ name, type })) }, rows, rowCount: rows.length, truncated: false };
}

function specFor(result: ITablePayload, request: IChartRequest = {}) {
  return chartSpec(chooseChart(result.schema, result.rows.length, request) as IChartChoice, result);
}

const SALES = table(
  [
    ['region', 'string'],
    ['a.b', 'decimal(38,0)'],
    ['day', 'date'],
    ['tags', 'array<string>']
  ],
  [
    ['north', new LosslessNumber('12345678901234567890123'), '2024-01-01', ['x']],
    ['south', '2.50', '2024-01-02', ['y', 'z']],
    [null, null, null, null]
  ]
);

describe('chartSpec', () => {
  it('inlines the used columns under positional keys, titled with their names, numbers as numbers', () => {
    const spec = specFor(SALES, { x: 'region' });
    expect(spec.data).toEqual({
      values: [
        { c0: 'north', c1: 1.2345678901234568e22 },
        { c0: 'south', c1: 2.5 },
        { c0: null, c1: null }
      ]
    });
    expect(spec.mark).toEqual({ type: 'bar', tooltip: true });
    expect(spec.encoding).toEqual({ x: { field: 'c0', type: 'nominal', title: 'region' }, y: { field: 'c1', type: 'quantitative', title: 'a.b' } });
  });

  it('sets no config, so the front end applies the JupyterLab theme', () => {
    const spec = specFor(SALES);
    expect(spec.config).toBeUndefined();
    expect(spec.$schema).toBe('https://vega.github.io/schema/vega-lite/v5.json');
  });

  it('puts points on a time line so every row has a tooltip', () => {
    const spec = specFor(SALES, { x: 'day' });
    expect(spec.mark).toEqual({ type: 'line', tooltip: true, point: true });
    expect((spec.encoding as Record<string, unknown>).x).toEqual({ field: 'c2', type: 'temporal', title: 'day' });
  });

  it('writes SQL aggregates as Vega-Lite ones, COUNT(col) counting non-null values', () => {
    expect((specFor(SALES, { aggregate: 'avg' }).encoding as Record<string, unknown>).y).toEqual({ field: 'c1', type: 'quantitative', title: 'avg(a.b)', aggregate: 'mean', stack: null });
    expect((specFor(SALES, { aggregate: 'count', y: 'day' }).encoding as Record<string, unknown>).y).toEqual({ field: 'c2', type: 'quantitative', title: 'count(day)', aggregate: 'valid' });
    expect((specFor(SALES, { aggregate: 'count' }).encoding as Record<string, unknown>).y).toEqual({ aggregate: 'count', type: 'quantitative', title: 'count' });
  });

  it('writes nested values as their JSON text', () => {
    expect((specFor(SALES, { x: 'tags' }).data as { values: unknown[] }).values[1]).toEqual({ c3: '["y","z"]', c1: 2.5 });
  });

  it('encodes a pie by theta and colour, a heatmap by two ordinal axes and colour', () => {
    expect(specFor(SALES, { mark: 'pie' }).encoding).toEqual({ theta: { field: 'c1', type: 'quantitative', title: 'a.b' }, color: { field: 'c0', type: 'nominal', title: 'region' } });
    expect(specFor(SALES, { mark: 'heatmap' })).toMatchObject({
      mark: { type: 'rect' },
      encoding: { x: { field: 'c0', type: 'ordinal' }, y: { field: 'c2', type: 'ordinal' }, color: { field: 'c1', type: 'quantitative' } }
    });
  });
});

const TYPES = ['integer', 'long', 'double', 'decimal(10,2)', 'date', 'timestamp', 'string', 'boolean', 'array<int>', 'struct<a:int>', 'binary'];

function valueOf(type: string): fc.Arbitrary<unknown> {
  const nullable = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: null });
  if (/^(integer|long)$/.test(type)) return nullable(fc.integer());
  if (type === 'double') return nullable(fc.double({ noNaN: true, noDefaultInfinity: true }));
  if (type.startsWith('decimal')) return nullable(fc.stringMatching(/^-?\d{1,8}\.\d{2}$/));
  if (type === 'date') return nullable(fc.date({ min: new Date(0), max: new Date(4e12), noInvalidDate: true }).map(date => date.toISOString().slice(0, 10)));
  if (type === 'timestamp') return nullable(fc.date({ min: new Date(0), max: new Date(4e12), noInvalidDate: true }).map(date => date.toISOString().replace('T', ' ').slice(0, 19)));
  if (type === 'boolean') return nullable(fc.boolean());
  if (type.startsWith('array')) return nullable(fc.array(fc.integer(), { maxLength: 3 }));
  if (type.startsWith('struct')) return nullable(fc.record({ a: fc.integer() }));
  return nullable(fc.string({ maxLength: 8 }));
}

const columnName = fc.oneof(fc.constantFrom('a', 'b', 'a.b', 'x[0]', 'Total Sales', 'id'), fc.string({ minLength: 1, maxLength: 6 }));

const tableArbitrary = fc
  .array(fc.tuple(columnName, fc.constantFrom(...TYPES)), { minLength: 1, maxLength: 5 })
  .chain(fields => fc.tuple(fc.constant(fields), fc.array(fc.tuple(...fields.map(([, type]) => valueOf(type))), { maxLength: 6 })))
  .map(([fields, rows]) => table(fields, rows));

const requestArbitrary = (names: string[]) =>
  fc.record(
    {
      mark: fc.constantFrom(...CHART_MARKS, 'none' as const),
      x: fc.constantFrom(...names),
      y: fc.constantFrom(...names),
      color: fc.constantFrom(...names),
      aggregate: fc.constantFrom(...CHART_AGGREGATES)
    },
    { requiredKeys: [] }
  );

describe('chartSpec (property)', () => {
  it('compiles for any result and options, or no chart is chosen, or an option is refused with a reason', () => {
    fc.assert(
      fc.property(
        tableArbitrary.chain(result => fc.tuple(fc.constant(result), fc.option(requestArbitrary(result.schema.fields.map(field => field.name)), { nil: undefined }))),
        ([result, request]) => {
          let choice: IChartChoice | undefined;
          try {
            choice = chooseChart(result.schema, result.rows.length, request ?? {});
          } catch (error) {
            expect(error).toBeInstanceOf(ChartOptionError);
            return;
          }
          if (choice) {
            expect(() => checkVegaLite(chartSpec(choice as IChartChoice, result))).not.toThrow();
          }
        }
      ),
      { numRuns: 300 }
    );
  });
});
