import { ITablePayload, ITableSchema } from '@jupyterlab-emr/common';
import { RetainedResults } from '../../../../../kernel/src/results/paging/retained-results';
import { IPageRequest, IResultSpark, NUMBERED_FROM, ResultViewService } from '../../../../../kernel/src/results/paging/result-view-service';

const SCHEMA: ITableSchema = { fields: [{ name: 'id', type: 'bigint' }] };

/** A Spark that records statements and answers a count of 42 and one row per page. */
class RecordingSpark implements IResultSpark {
  readonly statements: string[] = [];
  session: number | undefined = 1;
  sessionId = () => this.session;
  query = async (sql: string): Promise<ITablePayload> => {
    this.statements.push(sql);
    return { schema: SCHEMA, rows: [[42]], rowCount: 1, truncated: false };
  };
  fetchRows = async (sql: string, rows: number): Promise<ITablePayload> => {
    this.statements.push(`${sql} [${rows}]`);
    return { schema: SCHEMA, rows: [[7]], rowCount: 1, truncated: false };
  };
  fetchPage = async (request: IPageRequest): Promise<ITablePayload> => {
    this.statements.push(`page ${request.key} ${request.offset}+${request.rows} of ${request.rowCount}: ${request.sql}`);
    return { schema: SCHEMA, rows: [[request.offset]], rowCount: 1, truncated: false };
  };
  forgetPages = async (prefix: string): Promise<void> => {
    this.statements.push(`forget ${prefix}`);
  };
  writeAndCount = async (sql: string, path: string, format: string): Promise<number> => {
    this.statements.push(`write ${format} ${path}: ${sql}`);
    return 42;
  };
}

function setup(budget = 3) {
  const spark = new RecordingSpark();
  const service = new ResultViewService(new RetainedResults(() => budget), spark);
  const retain = (total: number, extra: { cache?: boolean; cellId?: string } = {}) =>
    service.retain({ query: 'SELECT id FROM range(9)', schema: SCHEMA, total, cache: extra.cache ?? false, cellId: extra.cellId });
  return { spark, service, retain };
}

const page = (resultId: string, view: object = { filters: [] }, offset = 0) => ({ requestId: 'p', method: 'page', params: { resultId, view, offset, rows: 10 } });
const QUERY_SOURCE = 'FROM (\nSELECT id FROM range(9)\n) AS `emr_livy_result`';
const cachedTable = (id: string) => `\`emr_livy_result_${id}\``;
const settle = () => new Promise(resolve => setImmediate(resolve));

describe('ResultViewService', () => {
  it('keeps a result without a statement: recomputed from its query, or cached by the first request with --cache', async () => {
    const { retain, service, spark } = setup();
    const plain = retain(1000);
    const cached = retain(1000, { cache: true });
    expect([plain.retained.cached, cached.retained.cached]).toEqual([false, true]);
    expect(spark.statements).toEqual([]);
    await service.handle(page(plain.retained.id));
    expect(spark.statements).toEqual([`SELECT * ${QUERY_SOURCE}\nLIMIT 10 OFFSET 0 [10]`]);
    await service.handle(page(cached.retained.id));
    await service.handle(page(cached.retained.id));
    const table = cachedTable(cached.retained.id);
    expect(spark.statements.slice(1)).toEqual([
      `CACHE LAZY TABLE ${table} AS\nSELECT id FROM range(9)`,
      `SELECT * FROM ${table}\nLIMIT 10 OFFSET 0 [10]`,
      `SELECT * FROM ${table}\nLIMIT 10 OFFSET 0 [10]`
    ]);
  });

  it('lets the oldest go past the budget, uncaches it and says so in the output', async () => {
    const { retain, service, spark } = setup(2);
    const first = retain(5_000_000, { cache: true });
    await service.handle(page(first.retained.id));
    retain(10);
    const third = retain(20);
    expect(third.notes).toEqual([expect.stringContaining('at most 2 results')]);
    expect(third.notes[0]).toContain('the oldest one (5,000,000 rows)');
    await settle();
    const table = cachedTable(first.retained.id);
    expect(spark.statements.slice(-2)).toEqual([`UNCACHE TABLE IF EXISTS ${table}`, `DROP VIEW IF EXISTS ${table}`]);
    expect(await service.handle(page(first.retained.id))).toMatchObject({ requestId: 'p', ok: false, gone: true });
  });

  it('answers a page with the total, counting a filtered view once', async () => {
    const { retain, service, spark } = setup();
    const { retained } = retain(1000);
    const view = { filters: [{ column: 'id', op: 'range', min: '5' }] };
    expect(await service.handle(page(retained.id, view))).toEqual({ requestId: 'p', ok: true, result: { offset: 0, rows: [[7]], rowCount: 42 } });
    expect(await service.handle(page(retained.id, view, 10))).toMatchObject({ ok: true, result: { offset: 10, rowCount: 42 } });
    // Past the end: no statement for rows.
    expect(await service.handle(page(retained.id, view, 50))).toMatchObject({ ok: true, result: { offset: 50, rows: [] } });
    expect(spark.statements.filter(sql => sql.startsWith('SELECT count(1)'))).toHaveLength(1);
    expect(spark.statements.filter(sql => sql.includes('LIMIT 10'))).toHaveLength(2);
  });

  it('releases a cell’s earlier result when it runs again, uncaching a cached one', async () => {
    const { retain, service, spark } = setup();
    const { retained } = retain(1000, { cache: true, cellId: 'cell-a' });
    const other = retain(1000, { cellId: 'cell-b' });
    await service.handle(page(retained.id));
    spark.statements.length = 0;
    await service.releaseCell('cell-a');
    expect(spark.statements).toEqual([`UNCACHE TABLE IF EXISTS ${cachedTable(retained.id)}`, `DROP VIEW IF EXISTS ${cachedTable(retained.id)}`]);
    // A recomputed result holds nothing in Spark: forgetting it is enough.
    await service.releaseCell('cell-b');
    expect(spark.statements).toHaveLength(2);
    expect(await service.handle(page(other.retained.id))).toMatchObject({ ok: false, gone: true });
    expect(await service.handle({ requestId: 'r', method: 'release', params: { resultId: retained.id } })).toEqual({ requestId: 'r', ok: true, result: { released: false } });
  });

  it('reads far pages from a persisted copy per view (never LIMIT … OFFSET past NUMBERED_FROM) and lets the copies go with the result', async () => {
    const { retain, service, spark } = setup();
    const { retained } = retain(5_000_000);
    expect(await service.handle(page(retained.id, { filters: [] }, 4_000_000))).toMatchObject({ ok: true, result: { offset: 4_000_000, rows: [[4_000_000]] } });
    expect(await service.handle(page(retained.id, { filters: [] }, NUMBERED_FROM - 10))).toMatchObject({ ok: true });
    expect(await service.handle(page(retained.id, { filters: [] }, 4_999_995))).toMatchObject({ ok: true });
    expect(spark.statements).toEqual([
      `page ${retained.id}:{"filters":[]} 4000000+10 of 5000000: SELECT * ${QUERY_SOURCE}`,
      `SELECT * ${QUERY_SOURCE}\nLIMIT 10 OFFSET ${NUMBERED_FROM - 10} [10]`,
      // The last page asks only for the rows there are.
      `page ${retained.id}:{"filters":[]} 4999995+5 of 5000000: SELECT * ${QUERY_SOURCE}`
    ]);
    await service.handle({ requestId: 'r', method: 'release', params: { resultId: retained.id } });
    expect(spark.statements.at(-1)).toBe(`forget ${retained.id}:`);
  });

  it('unpersists the copies of a far-paged result the budget lets go, and of none other', async () => {
    const { retain, service, spark } = setup(1);
    const { retained: paged } = retain(5_000_000);
    await service.handle(page(paged.id, { filters: [] }, 4_000_000));
    const { retained: near } = retain(5_000_000);
    await new Promise(resolve => setImmediate(resolve));
    expect(spark.statements.at(-1)).toBe(`forget ${paged.id}:`);
    retain(10);
    await new Promise(resolve => setImmediate(resolve));
    // Never paged far: nothing of it was persisted, so nothing is sent for it.
    expect(spark.statements.filter(statement => statement.startsWith('forget'))).toEqual([`forget ${paged.id}:`]);
    expect(near.id).not.toBe(paged.id);
  });

  it('forgets the results of a session that ended, without statements to the new one', async () => {
    const { retain, service, spark } = setup();
    const { retained } = retain(1000, { cache: true });
    spark.session = 2;
    expect(await service.handle(page(retained.id))).toMatchObject({ ok: false, gone: true });
    expect(spark.statements).toEqual([]);
  });

  it('refuses malformed requests with a reply, not a crash', async () => {
    const { retain, service } = setup();
    const { retained } = retain(1000);
    const ask = (params: Record<string, unknown>) => service.handle({ requestId: 'x', method: 'page', params: { resultId: retained.id, view: { filters: [] }, offset: 0, rows: 1, ...params } });
    expect(await ask({ rows: 1_000_000 })).toMatchObject({ ok: false, message: expect.stringContaining('1 to 5000 rows') });
    expect(await ask({ view: { filters: [{ column: 'id', op: 'drop' }] } })).toMatchObject({ ok: false, message: expect.stringContaining('"drop"') });
    expect(await ask({ view: { sort: { column: 'id' }, filters: [] } })).toMatchObject({ ok: false, message: expect.stringContaining('direction') });
    expect(await service.handle({ requestId: 'y', method: 'nuke', params: {} })).toMatchObject({ requestId: 'y', ok: false });
    expect(await service.handle({ requestId: 'z', method: 'export', params: { resultId: retained.id, view: { filters: [] }, path: ' ', format: 'csv' } })).toMatchObject({
      ok: false,
      message: expect.stringContaining('needs a path')
    });
  });

  it('exports the view with Spark and reports the rows written', async () => {
    const { retain, service, spark } = setup();
    const { retained } = retain(1000);
    const reply = await service.handle({
      requestId: 'e',
      method: 'export',
      params: { resultId: retained.id, view: { sort: { column: 'id', descending: true }, filters: [] }, path: 's3://bucket/out/', format: 'parquet' }
    });
    expect(reply).toEqual({ requestId: 'e', ok: true, result: { path: 's3://bucket/out/', format: 'parquet', rows: 42 } });
    expect(spark.statements).toEqual([`write parquet s3://bucket/out/: SELECT * ${QUERY_SOURCE}\nORDER BY \`id\` DESC NULLS LAST`]);
  });
});
