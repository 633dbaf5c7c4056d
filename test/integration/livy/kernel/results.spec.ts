import { ITablePayload, TABLE_MIME_TYPE, VEGA_LITE_MIME_TYPE } from '@jupyterlab-emr/common';
import { ICellExecutor } from '../../../../kernel/src/core/cell-layer';
import { expectOk, runCell } from '../../../helpers/cell-runner';
import { stackExecutor } from '../../../helpers/livy-stack';

// %%sql results over 100,000 rows on the real local Livy: the table shows the first rows, the
// chart is computed by Spark over all of them and equals a GROUP BY run independently in a later
// cell, --view registers a view later cells read, and -n fetches as many rows as asked.
const NUM_ROWS = '200000';
const SALES =
  "SELECT id, concat('region-', CAST(id % 5 AS STRING)) AS region, date_add(DATE'2026-01-01', CAST(id % 30 AS INT)) AS day, " +
  'CAST(id % 1000 AS DOUBLE) / 10 AS amount, CAST(id % 7 AS INT) AS weekday, id * 3 % 11 AS qty, CAST(id % 13 AS DOUBLE) AS score, ' +
  "concat('c', CAST(id % 4 AS STRING)) AS channel FROM range(100000)";

describe('%%sql results over 100,000 rows on Livy', () => {
  let executor: ICellExecutor;

  beforeAll(() => {
    // Livy returns 1,000 rows per sql statement unless livy.rsc.sql.num-rows says otherwise; the
    // stack's livy.conf raises it, and so does this session's conf, which Livy passes to the driver.
    executor = stackExecutor('results', {
      EMR_LIVY_SQL_ROW_LIMIT: NUM_ROWS,
      EMR_LIVY_SESSION_DEFAULTS: JSON.stringify({ kind: 'spark', conf: { 'livy.rsc.sql.num-rows': NUM_ROWS } })
    });
  });

  afterAll(async () => {
    await executor.shutdown(false);
  });

  async function table(code: string): Promise<{ table: ITablePayload; spec?: { data: { values: Record<string, unknown>[] } } }> {
    const sink = expectOk(await runCell(executor, code));
    const [result] = sink.results();
    // The chart, when there is one, is an output of its own after the table.
    const chart = sink.displays().find(display => display[VEGA_LITE_MIME_TYPE] !== undefined);
    return { table: result[TABLE_MIME_TYPE] as ITablePayload, spec: chart?.[VEGA_LITE_MIME_TYPE] as never };
  }

  it('charts the sum per region over all 100,000 rows, equal to a GROUP BY in a later cell', async () => {
    const { table: shown, spec } = await table(`%%sql --x region --y amount\n${SALES}`);
    expect(shown.rows).toHaveLength(1000);
    expect(shown).toMatchObject({ rowCount: 100_000, truncated: true, fullChart: { basis: 'aggregate', points: 5, rowCount: 100_000 } });
    expect(shown.fullChart?.note).toBe('Chart over 100,000 rows, table shows the first 1,000 (sum(amount) per region, computed by Spark).');
    const charted = new Map((spec?.data.values ?? []).map(datum => [String(datum.c0), Number(datum.c1)]));
    const { table: independent } = await table(`%%sql --no-chart\nSELECT region, SUM(amount) AS total FROM (${SALES}) GROUP BY region`);
    expect(independent.rows).toHaveLength(5);
    for (const [region, total] of independent.rows) {
      expect(charted.get(String(region))).toBeCloseTo(Number(total), 6);
    }
  }, 600_000);

  it('registers --view for later cells, and charts the count per day over it', async () => {
    const { table: shown, spec } = await table(`%%sql --view it_results_sales -n 10 --x day --agg count\n${SALES}`);
    expect(shown.rows).toHaveLength(10);
    expect(shown.fullChart).toMatchObject({ points: 30, choice: { x: 'day', aggregate: 'count' } });
    expect((spec?.data.values ?? []).reduce((sum, datum) => sum + Number(datum.c1), 0)).toBe(100_000);
    const { table: later } = await table('%%sql\nSELECT count(*) AS n, count(DISTINCT channel) AS channels FROM it_results_sales');
    expect(later.rows.map(row => row.map(Number))).toEqual([[100_000, 4]]);
  }, 600_000);

  it("fetches as many rows as -n asks, past Livy's default of 1,000", async () => {
    const { table: shown } = await table('%%sql -n 50000 --no-chart\nSELECT * FROM it_results_sales ORDER BY id');
    expect(shown.rows).toHaveLength(50_000);
    expect(shown.rows[49_999][0]).toBe(49_999);
    expect(shown).toMatchObject({ rowCount: 100_000, truncated: true });
  }, 600_000);
});
