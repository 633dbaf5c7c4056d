import { ITablePayload, ITableSchema } from '@jupyterlab-emr/common';
import { RetainedResults } from '../../../../../kernel/src/results/paging/retained-results';
import { IResultSpark, ResultViewService } from '../../../../../kernel/src/results/paging/result-view-service';

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
  writeAndCount = async (sql: string, path: string, format: string): Promise<number> => {
    this.statements.push(`write ${format} ${path}: ${sql}`);
    return 42;
  };
}

function setup(budget = 3) {
  const spark = new RecordingSpark();
  const cellStatements: string[] = [];
  const run = async (sql: string): Promise<ITablePayload> => {
    cellStatements.push(sql);
    return { schema: { fields: [] }, rows: [], rowCount: 0, truncated: false };
  };
  const service = new ResultViewService(new RetainedResults(() => budget), spark);
  const retain = (total: number, extra: { cache?: boolean; cellId?: string } = {}) =>
    service.retain({ query: 'SELECT id FROM range(9)', schema: SCHEMA, total, cache: extra.cache ?? false, cellId: extra.cellId }, run);
  return { spark, service, retain, cellStatements };
}

const settle = () => new Promise(resolve => setImmediate(resolve));

describe('ResultViewService', () => {
  it('keeps a result as a temporary view (recomputed), or a lazily cached table with --cache', async () => {
    const { retain, cellStatements } = setup();
    const plain = await retain(1000);
    const cached = await retain(1000, { cache: true });
    expect(plain.retained.cached).toBe(false);
    expect(cached.retained.cached).toBe(true);
    expect(cellStatements[0]).toMatch(new RegExp(`^CREATE OR REPLACE TEMPORARY VIEW \`emr_livy_result_${plain.retained.id}\` AS\nSELECT id FROM range\\(9\\)$`));
    expect(cellStatements[1]).toMatch(/^CACHE LAZY TABLE `emr_livy_result_r2_[0-9a-f]+` AS\n/);
  });

  it('lets the oldest go past the budget, drops its view and says so in the output', async () => {
    const { retain, service, spark } = setup(2);
    const first = await retain(5_000_000);
    await retain(10);
    const third = await retain(20);
    expect(third.notes).toEqual([expect.stringContaining('at most 2 results')]);
    expect(third.notes[0]).toContain('the oldest one (5,000,000 rows)');
    await settle();
    expect(spark.statements).toEqual([`DROP VIEW IF EXISTS \`emr_livy_result_${first.retained.id}\``]);
    expect(await service.handle({ requestId: 'a', method: 'page', params: { resultId: first.retained.id, view: { filters: [] }, offset: 0, rows: 5 } })).toMatchObject({
      requestId: 'a',
      ok: false,
      gone: true
    });
  });

  it('answers a page with the total, counting a filtered view once', async () => {
    const { retain, service, spark } = setup();
    const { retained } = await retain(1000);
    const view = { filters: [{ column: 'id', op: 'range', min: '5' }] };
    const ask = (offset: number) => service.handle({ requestId: `p${offset}`, method: 'page', params: { resultId: retained.id, view, offset, rows: 10 } });
    expect(await ask(0)).toEqual({ requestId: 'p0', ok: true, result: { offset: 0, rows: [[7]], rowCount: 42 } });
    expect(await ask(10)).toMatchObject({ ok: true, result: { offset: 10, rowCount: 42 } });
    // Past the end: no statement for rows.
    expect(await ask(50)).toMatchObject({ ok: true, result: { offset: 50, rows: [] } });
    expect(spark.statements.filter(sql => sql.startsWith('SELECT count(1)'))).toHaveLength(1);
    expect(spark.statements.filter(sql => sql.includes('LIMIT 10'))).toHaveLength(2);
  });

  it('releases a cell’s earlier result when it runs again, uncaching a cached one', async () => {
    const { retain, service, spark } = setup();
    const { retained } = await retain(1000, { cache: true, cellId: 'cell-a' });
    await retain(1000, { cellId: 'cell-b' });
    await service.releaseCell('cell-a');
    expect(spark.statements).toEqual([`UNCACHE TABLE IF EXISTS \`emr_livy_result_${retained.id}\``, `DROP VIEW IF EXISTS \`emr_livy_result_${retained.id}\``]);
    expect(await service.handle({ requestId: 'r', method: 'release', params: { resultId: retained.id } })).toEqual({ requestId: 'r', ok: true, result: { released: false } });
  });

  it('forgets the results of a session that ended, without statements to the new one', async () => {
    const { retain, service, spark } = setup();
    const { retained } = await retain(1000);
    spark.session = 2;
    expect(await service.handle({ requestId: 'g', method: 'page', params: { resultId: retained.id, view: { filters: [] }, offset: 0, rows: 1 } })).toMatchObject({ ok: false, gone: true });
    expect(spark.statements).toEqual([]);
  });

  it('refuses malformed requests with a reply, not a crash', async () => {
    const { retain, service } = setup();
    const { retained } = await retain(1000);
    const page = (params: Record<string, unknown>) => service.handle({ requestId: 'x', method: 'page', params: { resultId: retained.id, view: { filters: [] }, offset: 0, rows: 1, ...params } });
    expect(await page({ rows: 1_000_000 })).toMatchObject({ ok: false, message: expect.stringContaining('1 to 5000 rows') });
    expect(await page({ view: { filters: [{ column: 'id', op: 'drop' }] } })).toMatchObject({ ok: false, message: expect.stringContaining('"drop"') });
    expect(await page({ view: { sort: { column: 'id' }, filters: [] } })).toMatchObject({ ok: false, message: expect.stringContaining('direction') });
    expect(await service.handle({ requestId: 'y', method: 'nuke', params: {} })).toMatchObject({ requestId: 'y', ok: false });
    expect(await service.handle({ requestId: 'z', method: 'export', params: { resultId: retained.id, view: { filters: [] }, path: ' ', format: 'csv' } })).toMatchObject({
      ok: false,
      message: expect.stringContaining('needs a path')
    });
  });

  it('exports the view with Spark and reports the rows written', async () => {
    const { retain, service, spark } = setup();
    const { retained } = await retain(1000);
    const reply = await service.handle({
      requestId: 'e',
      method: 'export',
      params: { resultId: retained.id, view: { sort: { column: 'id', descending: true }, filters: [] }, path: 's3://bucket/out/', format: 'parquet' }
    });
    expect(reply).toEqual({ requestId: 'e', ok: true, result: { path: 's3://bucket/out/', format: 'parquet', rows: 42 } });
    expect(spark.statements).toEqual([`write parquet s3://bucket/out/: SELECT * FROM \`emr_livy_result_${retained.id}\`\nORDER BY \`id\` DESC NULLS LAST`]);
  });
});
