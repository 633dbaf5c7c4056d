import { ISqlResultSettings, VEGA_LITE_MIME_TYPE } from '@jupyterlab-emr/common';
import { localChartData } from '../../../kernel/src/results/local-chart-data';
import { queryResult } from '../../../kernel/src/results/query-result';
import { aggregateSql } from '../../../kernel/src/results/result-sql';
import { Hs2Query } from '../../helpers/hs2-query';
import { loadStackEnv } from '../../helpers/stack-env';

// The SQL the kernel generates around a query (first rows, count, the chart's aggregation or
// sample, the view) runs here on the stack's real Spark (its Thrift server), over 100,000 rows,
// and every chart value is checked against a GROUP BY written independently.
const env = loadStackEnv();
const SETTINGS: ISqlResultSettings = { defaultLimit: 1000, defaultChart: 'auto', chartOverFullData: true, catalogCompletion: true };
const ROWS = 100_000;

type Datum = Record<string, unknown>;

describe('full-data charts on a real Spark', () => {
  let hs2: Hs2Query;
  const run = (sql: string) => hs2.table(sql);

  beforeAll(async () => {
    hs2 = await Hs2Query.open(env.HIVESERVER2_HOST, Number(env.HIVESERVER2_PORT));
    await hs2.table(
      'CREATE OR REPLACE TEMPORARY VIEW sales_100k AS SELECT id, ' +
        "concat('region-', CAST(id % 5 AS STRING)) AS region, date_add(DATE'2026-01-01', CAST(id % 30 AS INT)) AS day, " +
        'CAST(id % 1000 AS DOUBLE) / 10 AS amount, CAST(id % 7 AS INT) AS weekday, id * 3 % 11 AS qty, CAST(id % 13 AS DOUBLE) AS score, ' +
        "concat('c', CAST(id % 3 AS STRING)) AS `the re``gion` " +
        `FROM range(${ROWS})`
    );
  }, 120_000);

  afterAll(async () => {
    await hs2?.close();
  });

  function chartData(result: Awaited<ReturnType<typeof queryResult>>): Datum[] {
    return (result.chart[VEGA_LITE_MIME_TYPE] as { data: { values: Datum[] } }).data.values;
  }

  /** An independent GROUP BY's answer, keyed by its group columns joined with '|'. */
  async function groups(sql: string): Promise<Map<string, number>> {
    const answer = await hs2.table(sql);
    const keys = answer.schema.fields.length - 1;
    return new Map(answer.rows.map(row => [row.slice(0, keys).map(String).join('|'), Number(row[keys])]));
  }

  function expectSameGroups(actual: Map<string, number>, expected: Map<string, number>): void {
    expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [key, value] of expected) {
      expect(actual.get(key)).toBeCloseTo(value, 6);
    }
  }

  it('shows the first 1,000 rows, counts 100,000, and charts the sum per region over all of them', async () => {
    const result = await queryResult({ query: 'SELECT * FROM sales_100k', limit: 1000, chart: { x: 'region', y: 'amount' }, settings: SETTINGS, serverRowLimit: 0 }, run);
    expect(result.table.rows).toHaveLength(1000);
    expect(result.table).toMatchObject({ rowCount: ROWS, truncated: true });
    expect(result.table.fullChart).toMatchObject({ basis: 'aggregate', points: 5, capped: false, rowCount: ROWS });
    expect(result.table.fullChart?.note).toBe('Chart over 100,000 rows, table shows the first 1,000 (sum(amount) per region, computed by Spark).');
    const charted = new Map(chartData(result).map(datum => [String(datum.c0), Number(datum.c1)]));
    expectSameGroups(charted, await groups('SELECT region, SUM(amount) FROM sales_100k GROUP BY 1'));
    // Not the sum over the 1,000 rows shown: that would be a tenth of it.
    expect([...charted.values()].reduce((a, b) => a + b)).toBeCloseTo(Number((await hs2.table('SELECT sum(amount) FROM sales_100k')).rows[0][0]), 4);
  }, 120_000);

  it('charts the average per day and per a backquoted column name, unstacked', async () => {
    const result = await queryResult(
      {
        query: 'SELECT day, amount, `the re``gion` FROM sales_100k',
        limit: 50,
        chart: { mark: 'line', x: 'day', y: 'amount', color: 'the re`gion', aggregate: 'avg' },
        settings: SETTINGS,
        serverRowLimit: 0
      },
      run
    );
    // Thirty days, each with one of the three colours (id % 30 decides id % 3).
    expect(result.table.fullChart).toMatchObject({ points: 30, choice: { mark: 'line', x: 'day', y: 'amount', color: 'the re`gion', aggregate: 'avg' } });
    const spec = result.chart[VEGA_LITE_MIME_TYPE] as { encoding: { y: { title: string; stack?: null } } };
    expect(spec.encoding.y).toMatchObject({ title: 'avg(amount)', stack: null });
    const charted = new Map(chartData(result).map(datum => [`${datum.c0}|${datum.c1}`, Number(datum.c2)]));
    expectSameGroups(charted, await groups('SELECT CAST(day AS STRING), `the re``gion`, AVG(amount) FROM sales_100k GROUP BY day, `the re``gion`'));
  }, 120_000);

  it('counts rows per cell of a heatmap', async () => {
    const result = await queryResult({ query: 'SELECT weekday, region FROM sales_100k', limit: 10, chart: { mark: 'heatmap', x: 'region', y: 'weekday' }, settings: SETTINGS, serverRowLimit: 0 }, run);
    const charted = new Map(chartData(result).map(datum => [`${datum.c0}|${datum.c1}`, Number(datum.c2)]));
    expect(charted.size).toBe(35);
    expectSameGroups(charted, await groups('SELECT region, weekday, COUNT(*) FROM sales_100k GROUP BY region, weekday'));
  }, 120_000);

  it('keeps the first 1,000 groups of a result with 100,000, in order, and says so', async () => {
    const result = await queryResult({ query: 'SELECT id, qty FROM sales_100k', limit: 20, chart: { mark: 'bar', x: 'id', y: 'qty' }, settings: SETTINGS, serverRowLimit: 0 }, run);
    expect(result.table.fullChart).toMatchObject({ points: 1000, capped: true });
    expect(result.table.fullChart?.note).toMatch(/; only the first 1,000 groups by id are drawn\)\.$/);
    const charted = new Map(chartData(result).map(datum => [String(datum.c0), Number(datum.c1)]));
    expectSameGroups(charted, await groups('SELECT id, qty FROM sales_100k WHERE id < 1000'));
  }, 120_000);

  it('samples 5,000 distinct rows of the whole result for a scatter', async () => {
    const result = await queryResult({ query: 'SELECT id, amount FROM sales_100k', limit: 100, chart: { mark: 'point', x: 'id', y: 'amount' }, settings: SETTINGS, serverRowLimit: 0 }, run);
    expect(result.table.fullChart).toMatchObject({ basis: 'sample', points: 5000 });
    const points = chartData(result).map(datum => [Number(datum.c0), Number(datum.c1)]);
    expect(new Set(points.map(([id]) => id)).size).toBe(5000);
    // Real rows of the view, and from all of it, not only the 100 rows the table shows.
    expect(points.every(([id, amount]) => Math.abs(amount - (id % 1000) / 10) < 1e-9)).toBe(true);
    expect(Math.max(...points.map(([id]) => id))).toBeGreaterThan(50_000);
  }, 120_000);

  it('registers --view, which a later statement reads, and reads the result from it', async () => {
    const result = await queryResult({ query: 'SELECT region, amount FROM sales_100k WHERE weekday = 3', view: 'h1_weekday_3', limit: 5, chart: {}, settings: SETTINGS, serverRowLimit: 0 }, run);
    const total = Number((await hs2.table('SELECT count(*) FROM h1_weekday_3')).rows[0][0]);
    expect(total).toBeGreaterThan(14_000);
    expect(result.table).toMatchObject({ rowCount: total, truncated: true });
    const charted = new Map(chartData(result).map(datum => [String(datum.c0), Number(datum.c1)]));
    expectSameGroups(charted, await groups('SELECT region, SUM(amount) FROM sales_100k WHERE weekday = 3 GROUP BY region'));
  }, 120_000);

  it('wraps a query that ends in a line comment and starts with a CTE', async () => {
    const query = 'WITH s AS (SELECT * FROM sales_100k)\nSELECT region, qty FROM s -- every row';
    const result = await queryResult({ query, limit: 3, chart: { x: 'region', y: 'qty', aggregate: 'max' }, settings: SETTINGS, serverRowLimit: 0 }, run);
    expect(result.table).toMatchObject({ rowCount: ROWS, truncated: true });
    expect(chartData(result).map(datum => datum.c1)).toEqual([10, 10, 10, 10, 10]);
  }, 120_000);

  it('aggregates the rows the kernel holds exactly as the GROUP BY of Spark does, nulls and order included', async () => {
    const query = 'SELECT IF(id % 10 = 0, NULL, region) AS region, IF(id % 7 = 0, NULL, weekday) AS weekday, IF(id % 3 = 0, NULL, amount) AS amount FROM sales_100k';
    const rows = await hs2.table(query);
    expect(rows.rows).toHaveLength(ROWS);
    for (const aggregate of ['sum', 'avg', 'count', 'min', 'max'] as const) {
      const aggregation = { dimensions: ['region', 'weekday'], measure: 'amount', aggregate, groupLimit: 1000 };
      const local = await localChartData(rows).aggregate(aggregation);
      const spark = await hs2.table(aggregateSql({ kind: 'query', query }, aggregation));
      expect(local.rows.map(row => row.slice(0, 2))).toEqual(spark.rows.map(row => row.slice(0, 2)));
      local.rows.forEach((row, i) => expect(Number(row[2])).toBeCloseTo(Number(spark.rows[i][2]), 6));
    }
    const counted = await localChartData(rows).aggregate({ dimensions: ['region'], aggregate: 'count', groupLimit: 1000 });
    expect(counted.rows).toEqual((await hs2.table(aggregateSql({ kind: 'query', query }, { dimensions: ['region'], aggregate: 'count', groupLimit: 1000 }))).rows.map(([key, n]) => [key, Number(n)]));
  }, 120_000);
});
