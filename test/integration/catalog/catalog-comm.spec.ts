import { CatalogReply, CatalogResult, ICatalogSourceInfo } from '@jupyterlab-emr/common';
import { CatalogComm } from '../../../kernel/src/catalog/catalog-comm';
import { createCellLayer, ICellLayer } from '../../../kernel/src/magics/assembly';
import { Redactor } from '../../../kernel/src/redact';
import { stackConfig } from '../../helpers/livy-stack';
import { loadStackEnv } from '../../helpers/stack-env';

// The Catalog section's comm, answered by the cell layer's own catalog on the stack's config:
// Glue in moto, HiveServer2 (EMR_HIVESERVER2_URL), the stack's two Aurora targets, and the Spark
// session's catalog, which without a session says so instead of starting one.
describe('the catalog comm on the stack', () => {
  let cells: ICellLayer;
  let comm: CatalogComm;
  let next = 0;

  async function ask<M extends CatalogReply['method']>(method: M, params: Record<string, unknown>): Promise<CatalogResult<M>> {
    const reply = await comm.handle({ requestId: `r${++next}`, method, params });
    expect(reply.requestId).toBe(`r${next}`);
    if (!reply.ok) {
      throw new Error(reply.error.message);
    }
    return reply.result as CatalogResult<M>;
  }

  // The stack's Thrift server, wherever this run's stack put it (CI may move its ports).
  const hiveSource = `hive:${loadStackEnv().EMR_HIVESERVER2_URL}`;

  beforeAll(() => {
    // The SDK reads its credentials from the process, as a kernel started from .stack/env.sh does.
    for (const [name, value] of Object.entries(loadStackEnv()).filter(([name]) => name.startsWith('AWS_'))) {
      process.env[name] = value;
    }
    cells = createCellLayer(stackConfig('catalog-comm'));
    comm = new CatalogComm(() => cells.catalog, new Redactor());
  });

  afterAll(async () => {
    await cells.executor.shutdown(false);
  });

  it('lists every source with the magic its SELECT cell uses', async () => {
    const { sources } = await ask('listSources', {});
    const byKind = (kind: string): ICatalogSourceInfo[] => sources.filter(source => source.kind === kind);
    expect(byKind('spark')).toEqual([{ id: 'spark', kind: 'spark', label: 'Spark session', magic: '%%sql' }]);
    expect(byKind('hive')).toEqual([expect.objectContaining({ id: hiveSource, magic: '%%hive' })]);
    expect(byKind('glue')).toHaveLength(1);
    expect(byKind('aurora').map(source => source.magic)).toEqual(expect.arrayContaining(['%%aurora --target silver-pg', '%%aurora --target silver-mysql']));
  });

  it("pages through a database's tables, filtered by name", async () => {
    const [glue] = (await ask('listSources', {})).sources.filter(source => source.kind === 'glue');
    expect((await ask('listDatabases', { source: glue.id })).databases).toContain('bronze');
    const first = await ask('listTables', { source: glue.id, database: 'bronze', offset: 0, limit: 1 });
    expect(first).toEqual({ tables: [expect.objectContaining({ name: 'access_logs' })], offset: 0, total: 2 });
    const second = await ask('listTables', { source: glue.id, database: 'bronze', offset: 1, limit: 1 });
    expect(second.tables.map(table => table.name)).toEqual(['access_logs_gzip']);
    expect((await ask('listTables', { source: glue.id, database: 'bronze', offset: 0, limit: 50, filter: 'GZIP' })).tables.map(table => table.name)).toEqual(['access_logs_gzip']);
    expect((await ask('describeTable', { source: glue.id, database: 'bronze', table: 'access_logs' })).columns.map(column => column.name)).toEqual(['line', 'dt']);
  });

  it("reads Glue in the panel's region when the request names one", async () => {
    const [glue] = (await ask('listSources', { aws: { region: 'us-west-2' } })).sources.filter(source => source.kind === 'glue');
    expect(glue).toMatchObject({ id: 'glue:us-west-2:', label: 'Glue Data Catalog (us-west-2)' });
    // moto keeps a catalog per region: the seed's database is in the stack's region only.
    expect((await ask('listDatabases', { source: glue.id })).databases).not.toContain('bronze');
  });

  it('previews the first 20 rows of a table through its own engine', async () => {
    const preview = await ask('previewTable', { source: hiveSource, database: 'silver', table: 'events' });
    expect(preview.columns).toEqual(['event_id', 'status', 'started_at', 'day']);
    expect(preview.rows.length).toBeGreaterThanOrEqual(3);
    expect(preview.rows.length).toBeLessThanOrEqual(20);
  });

  it('says why a source cannot answer, and a Glue preview where to read the rows', async () => {
    const spark = await comm.handle({ requestId: 'spark', method: 'listDatabases', params: { source: 'spark' } });
    expect(spark).toMatchObject({ ok: false, error: { message: expect.stringContaining('no Spark session is up') } });
    const [glue] = (await ask('listSources', {})).sources.filter(source => source.kind === 'glue');
    const preview = await comm.handle({ requestId: 'glue', method: 'previewTable', params: { source: glue.id, database: 'bronze', table: 'access_logs' } });
    expect(preview).toMatchObject({ ok: false, error: { message: expect.stringContaining('run %%sql on a cluster whose Spark uses the Glue Data Catalog') } });
    expect(await comm.handle({ requestId: 'x', method: 'dropEverything', params: {} })).toMatchObject({ requestId: 'x', ok: false });
  });
});
