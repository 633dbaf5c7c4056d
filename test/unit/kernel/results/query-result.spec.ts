import { ISqlResultSettings, ITablePayload, VEGA_LITE_MIME_TYPE } from '@jupyterlab-emr/common';
import { CellCodeError, UserError } from '../../../../kernel/src/core/errors';
import { IQueryResultRequest, queryResult } from '../../../../kernel/src/results/query-result';

const SETTINGS: ISqlResultSettings = { defaultLimit: 1000, defaultChart: 'auto', chartOverFullData: true, catalogCompletion: true };

function table(fields: [string, string][], rows: unknown[][]): ITablePayload {
  return { schema: { fields: fields.map(([name, type]) => ({ name, type })) }, rows, rowCount: rows.length, truncated: false };
}

const SALES_FIELDS: [string, string][] = [
  ['region', 'string'],
  ['amount', 'long']
];
const sales = (n: number) =>
  table(
    SALES_FIELDS,
    Array.from({ length: n }, (_, i) => [`r${i % 3}`, i])
  );

/**
 * A stand-in for the session at the RunQuery interface: answers each kind of generated
 * statement with a given table and records the statements, so the flow can be checked.
 */
class FakeSession {
  readonly statements: string[] = [];
  constructor(private readonly _answers: { rows: ITablePayload; count?: number; chart?: ITablePayload | Error }) {}

  run = async (sql: string): Promise<ITablePayload> => {
    this.statements.push(sql);
    if (sql.startsWith('CREATE')) {
      return table([], []);
    }
    if (sql.startsWith('SELECT count(1)')) {
      return table([['rows', 'bigint']], [[this._answers.count]]);
    }
    if (sql.startsWith('SELECT * FROM')) {
      const limit = Number(/LIMIT (\d+)$/.exec(sql)?.[1]);
      return { ...this._answers.rows, rows: this._answers.rows.rows.slice(0, limit) };
    }
    const chart = this._answers.chart;
    if (chart instanceof Error) {
      throw chart;
    }
    return chart as ITablePayload;
  };
}

function request(overrides: Partial<IQueryResultRequest> = {}): IQueryResultRequest {
  return { query: 'SELECT region, amount FROM sales', limit: 1000, chart: {}, settings: SETTINGS, serverRowLimit: 0, ...overrides };
}

describe('queryResult', () => {
  it('shows a result that fits the limit whole, from one statement, with the chart over its rows', async () => {
    const session = new FakeSession({ rows: sales(5) });
    const result = await queryResult(request(), session.run);
    expect(session.statements).toEqual(['SELECT * FROM (\nSELECT region, amount FROM sales\n) AS `emr_livy_result`\nLIMIT 1001']);
    // The chart's choice travels in the payload, for the toolbar to start from.
    expect(result.table).toEqual({ ...sales(5), truncated: false, chart: { mark: 'bar', x: 'region', y: 'amount' } });
    expect(result.table.fullChart).toBeUndefined();
    expect((result.chart[VEGA_LITE_MIME_TYPE] as { data: { values: unknown[] } }).data.values).toHaveLength(5);
    expect(result.notes).toEqual([]);
  });

  it('shows the first rows of a longer result, counts the rest, and charts all rows through Spark', async () => {
    const groups = table(
      [
        ['d0', 'string'],
        ['m', 'bigint']
      ],
      [
        ['r0', 1667],
        ['r1', 1700],
        ['r2', 1633]
      ]
    );
    const session = new FakeSession({ rows: sales(20), count: 5000, chart: groups });
    const result = await queryResult(request({ limit: 10 }), session.run);
    expect(session.statements.map(sql => sql.split('\n')[0])).toEqual(['SELECT * FROM (', 'SELECT count(1) AS `rows` FROM (', 'SELECT `region` AS `d0`, sum(`amount`) AS `m` FROM (']);
    expect(result.table.rows).toHaveLength(10);
    expect(result.table).toMatchObject({ rowCount: 5000, truncated: true });
    expect(result.table.fullChart).toMatchObject({
      rowCount: 5000,
      basis: 'aggregate',
      points: 3,
      capped: false,
      choice: { mark: 'bar', x: 'region', y: 'amount', aggregate: 'sum' },
      note: 'Chart over 5,000 rows, table shows the first 10 (sum(amount) per region, computed by Spark).'
    });
    const spec = result.chart[VEGA_LITE_MIME_TYPE] as { data: { values: unknown[] }; encoding: { y: { title: string } } };
    expect(spec).toBe(result.table.fullChart?.spec);
    expect(spec.data.values).toEqual([
      { c0: 'r0', c1: 1667 },
      { c0: 'r1', c1: 1700 },
      { c0: 'r2', c1: 1633 }
    ]);
    expect(spec.encoding.y.title).toBe('sum(amount)');
  });

  it('aggregates a complete result too large to chart inline from the rows in hand, without asking Spark again', async () => {
    const session = new FakeSession({ rows: sales(6000) });
    const result = await queryResult(request({ limit: 10_000 }), session.run);
    expect(session.statements).toHaveLength(1);
    expect(result.table).toMatchObject({ rowCount: 6000, truncated: false });
    expect(result.table.rows).toHaveLength(6000);
    expect(result.table.fullChart?.note).toBe('Chart over 6,000 rows (sum(amount) per region).');
    // sales(n): amount i in region r{i % 3}.
    const expected = [0, 1, 2].map(r => ({ c0: `r${r}`, c1: Array.from({ length: 2000 }, (_, k) => 3 * k + r).reduce((a, b) => a + b) }));
    expect((result.chart[VEGA_LITE_MIME_TYPE] as { data: { values: unknown[] } }).data.values).toEqual(expected);
  });

  it('registers --view first and reads everything from it', async () => {
    const session = new FakeSession({ rows: sales(3) });
    await queryResult(request({ view: 'recent' }), session.run);
    expect(session.statements).toEqual(['CREATE OR REPLACE TEMPORARY VIEW `recent` AS\nSELECT region, amount FROM sales', 'SELECT * FROM `recent`\nLIMIT 1001']);
  });

  it("says when Livy's own row cap, not -n, cut the table, with the remedy", async () => {
    const session = new FakeSession({
      rows: sales(500),
      count: 80_000,
      chart: table(
        [
          ['d0', 'string'],
          ['m', 'bigint']
        ],
        [['r0', 1]]
      )
    });
    const result = await queryResult(request({ limit: 2000, serverRowLimit: 500 }), session.run);
    expect(result.table).toMatchObject({ rowCount: 80_000, truncated: true });
    expect(result.table.rows).toHaveLength(500);
    expect(result.notes[0]).toBe(
      'The table shows 500 of 80,000 rows although -n asks for 2,000: Livy returns at most livy.rsc.sql.num-rows = 500 rows per statement. ' +
        'Raise livy.rsc.sql.num-rows in livy.conf (on EMR, in the livy-conf configuration classification) and set EMR_LIVY_SQL_ROW_LIMIT ("sql.serverRowLimit") to the same number.'
    );
  });

  it('says nothing of the cap when -n asked for no more than it, as at the defaults', async () => {
    const session = new FakeSession({
      rows: sales(1000),
      count: 5000,
      chart: table(
        [
          ['d0', 'string'],
          ['m', 'bigint']
        ],
        [['r0', 1]]
      )
    });
    const result = await queryResult(request({ limit: 1000, serverRowLimit: 1000 }), session.run);
    expect(result.table).toMatchObject({ rowCount: 5000, truncated: true });
    expect(result.table.rows).toHaveLength(1000);
    expect(result.notes).toEqual([]);
  });

  it("counts a result exactly as long as Livy's cap, and says nothing when it was complete", async () => {
    const session = new FakeSession({ rows: sales(500), count: 500 });
    const result = await queryResult(request({ limit: 2000, serverRowLimit: 500 }), session.run);
    expect(session.statements).toHaveLength(2);
    expect(result.table).toMatchObject({ rowCount: 500, truncated: false });
    expect(result.notes).toEqual([]);
  });

  it('samples a scatter of two numbers instead of aggregating it', async () => {
    const points = table(
      [
        ['x', 'double'],
        ['y', 'double']
      ],
      [
        [1, 2],
        [3, 4]
      ]
    );
    const session = new FakeSession({
      rows: table(
        [
          ['x', 'double'],
          ['y', 'double']
        ],
        [
          [1, 2],
          [3, 4],
          [5, 6]
        ]
      ),
      count: 90_000,
      chart: points
    });
    const result = await queryResult(request({ limit: 2 }), session.run);
    expect(session.statements[2]).toMatch(/^SELECT `x`, `y` FROM \([\s\S]*ORDER BY rand\(4\) LIMIT 5000$/);
    expect(result.table.fullChart).toMatchObject({ basis: 'sample', points: 2, note: 'Chart over a random sample of 2 of 90,000 rows, table shows the first 2.' });
  });

  it('says when groups past the cap were left out', async () => {
    const many = table(
      [
        ['d0', 'string'],
        ['m', 'bigint']
      ],
      Array.from({ length: 1001 }, (_, i) => [`g${i}`, i])
    );
    const session = new FakeSession({ rows: sales(20), count: 5000, chart: many });
    const result = await queryResult(request({ limit: 10 }), session.run);
    expect(result.table.fullChart).toMatchObject({ points: 1000, capped: true });
    expect(result.table.fullChart?.note).toMatch(/; only the first 1,000 groups by region are drawn\)\.$/);
  });

  it('falls back to the rows shown, and says why, when Spark cannot compute the chart', async () => {
    const session = new FakeSession({ rows: sales(20), count: 5000, chart: new CellCodeError('AnalysisException', 'cannot group by a map\nplan', []) });
    const result = await queryResult(request({ limit: 10 }), session.run);
    expect(result.table.fullChart).toBeUndefined();
    expect((result.chart[VEGA_LITE_MIME_TYPE] as { data: { values: unknown[] } }).data.values).toHaveLength(10);
    expect(result.notes).toEqual(['The chart covers only the 10 rows in the table, not all 5,000: Spark could not compute it (cannot group by a map).']);
  });

  it('falls back when a charted column name is repeated, which generated SQL could not name', async () => {
    const twice = table(
      [
        ['id', 'string'],
        ['id', 'long']
      ],
      Array.from({ length: 20 }, (_, i) => [`a${i}`, i])
    );
    const session = new FakeSession({ rows: twice, count: 5000 });
    const result = await queryResult(request({ limit: 10 }), session.run);
    expect(session.statements).toHaveLength(2);
    expect(result.notes[0]).toMatch(/the column name id appears more than once in the result; alias the columns apart/);
  });

  it('names the real columns for a mis-spelled --y before running the chart', async () => {
    const session = new FakeSession({ rows: sales(20), count: 5000 });
    const failure = queryResult(request({ limit: 10, chart: { y: 'amont' } }), session.run);
    await expect(failure).rejects.toThrow(UserError);
    await expect(queryResult(request({ limit: 10, chart: { y: 'amont' } }), session.run)).rejects.toThrow(
      '--y amont is not a column of this result. The columns are: region (category), amount (number).'
    );
  });

  it('with chartOverFullData off, charts the rows shown', async () => {
    const session = new FakeSession({ rows: sales(20), count: 5000 });
    const result = await queryResult(request({ limit: 10, settings: { ...SETTINGS, chartOverFullData: false } }), session.run);
    expect(result.table.fullChart).toBeUndefined();
    expect(result.table).toMatchObject({ rowCount: 5000, truncated: true });
    expect(session.statements).toHaveLength(2);
  });

  it('applies the default chart from the settings, unless it does not fit the result', async () => {
    const line = await queryResult(request({ settings: { ...SETTINGS, defaultChart: 'line' } }), new FakeSession({ rows: sales(5) }).run);
    expect(line.chart[VEGA_LITE_MIME_TYPE]).toMatchObject({ mark: { type: 'line' } });
    const none = await queryResult(request({ settings: { ...SETTINGS, defaultChart: 'none' } }), new FakeSession({ rows: sales(5) }).run);
    expect(none.chart).toEqual({});
    const words = table(
      [
        ['a', 'string'],
        ['b', 'string']
      ],
      [
        ['x', 'y'],
        ['z', 'w']
      ]
    );
    const unfit = await queryResult(request({ settings: { ...SETTINGS, defaultChart: 'pie' } }), new FakeSession({ rows: words }).run);
    expect(unfit.chart).toEqual({});
  });
});
