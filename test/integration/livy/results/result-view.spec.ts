import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { IResultView, IResultViewRequest, ITablePayload, ResultViewMethod, ResultViewParams, ResultViewReply, retainedOf, TABLE_MIME_TYPE } from '@jupyterlab-emr/common';
import { createCellLayer, ICellLayer } from '../../../../kernel/src/magics/assembly';
import { expectOk } from '../../../helpers/cell-runner';
import { RecordingSink } from '../../../helpers/recording-sink';
import { stackConfig } from '../../../helpers/livy-stack';

// A 5,000,000-row result on the real local Livy, one session for the file: the kernel keeps it
// addressable after its cell ran, and the table's requests (what the emr-livy.result-view comm
// carries) page, sort, filter and export the whole of it in Spark. Each answer is checked
// against a statement Spark runs independently in a later cell.
const ROWS = 5_000_000;
const QUERY = `SELECT id, CAST(id % 7 AS INT) AS weekday, (id * 7919) % 1000003 AS score, concat('k', CAST(id % 1000 AS STRING)) AS tag FROM range(${ROWS})`;

describe('a 5,000,000-row result paged, sorted, filtered and exported in Spark', () => {
  let layer: ICellLayer;
  let requestCount = 0;
  const exportDir = fs.mkdtempSync(path.join(os.tmpdir(), 'emr-result-export-'));

  beforeAll(() => {
    layer = createCellLayer(stackConfig('result-view'));
  });

  afterAll(async () => {
    await layer.executor.shutdown(false);
    fs.rmSync(exportDir, { recursive: true, force: true });
  });

  async function cell(code: string, cellId?: string): Promise<{ table: ITablePayload; sink: RecordingSink }> {
    const sink = new RecordingSink();
    let error: unknown;
    try {
      await layer.executor.execute({ code, executionCount: 1, silent: false, storeHistory: true, signal: new AbortController().signal, sink, cellId });
    } catch (caught) {
      error = caught;
    }
    expectOk({ sink, error });
    return { table: sink.results()[0]?.[TABLE_MIME_TYPE] as ITablePayload, sink };
  }

  async function ask<M extends ResultViewMethod>(method: M, params: ResultViewParams<M>): Promise<ResultViewReply<M>> {
    const request: IResultViewRequest<M> = { requestId: `t${++requestCount}`, method, params };
    const reply = (await layer.resultViews.handle(request)) as ResultViewReply<M>;
    expect(reply.requestId).toBe(request.requestId);
    return reply;
  }

  function result<M extends ResultViewMethod>(reply: ResultViewReply<M>) {
    if (!reply.ok) {
      throw new Error(`the kernel refused: ${reply.message}`);
    }
    return reply.result;
  }

  const numbers = (rows: unknown[][]) => rows.map(row => row.map(value => (typeof value === 'string' && !/^k/.test(value) ? Number(value) : value)));

  let resultId: string;

  it('keeps the result addressable after its cell ran', async () => {
    const { table } = await cell(`%%sql --no-chart\n${QUERY}`, 'cell-5m');
    expect(table).toMatchObject({ rowCount: ROWS, truncated: true });
    expect(table.rows).toHaveLength(1000);
    const retained = retainedOf(table);
    expect(retained).toEqual({ id: expect.any(String), cached: false });
    resultId = (retained as { id: string }).id;
  });

  it('answers the page at offset 4,000,000 with the rows Spark computes for that offset', async () => {
    const page = result(await ask('page', { resultId, view: { filters: [] }, offset: 4_000_000, rows: 50 }));
    expect(page).toMatchObject({ offset: 4_000_000, rowCount: ROWS });
    expect(page.rows).toHaveLength(50);
    const { table: independent } = await cell(`%%sql -n 50 --no-chart\nSELECT * FROM (${QUERY}) LIMIT 50 OFFSET 4000000`);
    expect(numbers(page.rows)).toEqual(numbers(independent.rows));
    expect(Number(page.rows[0][0])).toBe(4_000_000);
  });

  it("answers a page across the copy's batches and partitions with the consecutive rows there", async () => {
    // range(5,000,000) on local[2] is two partitions of 2,500,000 rows, in batches of 10,000.
    const page = result(await ask('page', { resultId, view: { filters: [] }, offset: 2_499_990, rows: 25 }));
    expect(page.rows.map(row => Number(row[0]))).toEqual(Array.from({ length: 25 }, (_, i) => 2_499_990 + i));
    const last = result(await ask('page', { resultId, view: { filters: [] }, offset: ROWS - 3, rows: 10 }));
    expect(last.rows.map(row => Number(row[0]))).toEqual([ROWS - 3, ROWS - 2, ROWS - 1]);
  });

  it('pages a sorted view far down in its order, the same rows each time', async () => {
    const view: IResultView = { sort: { column: 'score', descending: true }, filters: [] };
    const page = result(await ask('page', { resultId, view, offset: 3_000_000, rows: 40 }));
    const overlap = result(await ask('page', { resultId, view, offset: 3_000_020, rows: 40 }));
    expect(overlap.rows.slice(0, 20)).toEqual(page.rows.slice(20));
    const scores = [...page.rows, ...overlap.rows.slice(20)].map(row => Number(row[2]));
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    // 3,000,000 rows of the 5,000,000 score more (ties broken by the other columns, as the view sorts).
    const { table: above } = await cell(`%%sql --no-chart\nSELECT count(*) FROM (${QUERY}) WHERE score > ${scores[0]}`);
    expect(Number(above.rows[0][0])).toBeLessThanOrEqual(3_000_000);
    expect(Number(above.rows[0][0])).toBeGreaterThan(3_000_000 - 40);
  });

  it('sorts the whole result descending: the true maximum first', async () => {
    const view: IResultView = { sort: { column: 'score', descending: true }, filters: [] };
    const page = result(await ask('page', { resultId, view, offset: 0, rows: 20 }));
    const { table: max } = await cell(`%%sql --no-chart\nSELECT max(score) AS top, max_by(id, score) AS at FROM (${QUERY})`);
    expect(Number(page.rows[0][2])).toBe(Number(max.rows[0][0]));
    // Below the received 1,000 rows: a sort of those would not find it.
    expect(Number(page.rows[0][0])).toBeGreaterThan(1000);
    const scores = page.rows.map(row => Number(row[2]));
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it("counts a filter's rows as count(*) with the same WHERE does, and pages through them", async () => {
    const view: IResultView = {
      filters: [
        { column: 'weekday', op: 'equals', value: '3' },
        { column: 'score', op: 'range', min: '1000', max: '250000' },
        { column: 'tag', op: 'contains', value: "k1'" }
      ]
    };
    const quoted = result(await ask('page', { resultId, view, offset: 0, rows: 10 }));
    // A quote in a value is a value: nothing matches, and nothing breaks.
    expect(quoted).toMatchObject({ rowCount: 0, rows: [] });
    const filters = [view.filters[0], view.filters[1], { column: 'tag', op: 'contains' as const, value: 'k12' }];
    const page = result(await ask('page', { resultId, view: { filters }, offset: 0, rows: 10 }));
    const { table: counted } = await cell(`%%sql --no-chart\nSELECT count(*) FROM (${QUERY}) WHERE weekday = 3 AND score BETWEEN 1000 AND 250000 AND tag LIKE '%k12%'`);
    expect(page.rowCount).toBe(Number(counted.rows[0][0]));
    expect(page.rowCount).toBeGreaterThan(0);
    for (const row of page.rows) {
      expect(Number(row[1])).toBe(3);
      expect(String(row[3])).toContain('k12');
    }
  });

  it('writes the whole result with Spark: 5,000,000 rows, read back and counted', async () => {
    const target = path.join(exportDir, 'whole.parquet');
    const written = result(await ask('export', { resultId, view: { filters: [] }, path: target, format: 'parquet' }));
    expect(written).toEqual({ path: target, format: 'parquet', rows: ROWS });
    const { table: readBack } = await cell(`%%sql --no-chart\nSELECT count(*), count(DISTINCT id) FROM parquet.\`${target}\``);
    expect(readBack.rows.map(row => row.map(Number))).toEqual([[ROWS, ROWS]]);
    const again = await ask('export', { resultId, view: { filters: [] }, path: target, format: 'parquet' });
    expect(again).toMatchObject({ ok: false, message: expect.stringMatching(/already exists/) });
  });

  it('writes a filtered view as CSV with the count of its rows', async () => {
    const target = path.join(exportDir, 'weekday-3.csv');
    const written = result(await ask('export', { resultId, view: { filters: [{ column: 'weekday', op: 'equals', value: '3' }] }, path: target, format: 'csv' }));
    expect(written.rows).toBe(Math.ceil((ROWS - 3) / 7));
    const header = fs.readFileSync(path.join(target, fs.readdirSync(target).find(name => name.endsWith('.csv')) as string), 'utf8').split('\n')[0];
    expect(header).toBe('id,weekday,score,tag');
  });

  const persistedRdds = async (): Promise<number> => {
    const { sink } = await cell('%%scala\nprintln(s"persisted=${sc.getPersistentRDDs.size}")');
    return Number(/persisted=(\d+)/.exec(sink.text())?.[1]);
  };

  it('releases the old result when its cell runs again, having left nothing in the session', async () => {
    // The far pages above persisted a copy of the view in its own order, then one sorted by
    // score, which took its place: one copy per result.
    expect(await persistedRdds()).toBe(1);
    const { table } = await cell('%%sql --no-chart\nSELECT id FROM range(3000)', 'cell-5m');
    expect(await persistedRdds()).toBe(0);
    const newer = retainedOf(table);
    expect(newer?.id).not.toBe(resultId);
    const gone = await ask('page', { resultId, view: { filters: [] }, offset: 0, rows: 5 });
    expect(gone).toMatchObject({ ok: false, gone: true });
    // Recomputed results are their queries: no view, table or cache of them in the session.
    const { table: views } = await cell('%%sql -n 10000 --no-chart\nSHOW VIEWS');
    expect(views.rows.map(row => String(row[1])).filter(name => name.startsWith('emr_livy_result'))).toEqual([]);
    expect(result(await ask('release', { resultId: String(newer?.id) }))).toEqual({ released: true });
    expect(await ask('page', { resultId: String(newer?.id), view: { filters: [] }, offset: 0, rows: 5 })).toMatchObject({ ok: false, gone: true });
  });
});
