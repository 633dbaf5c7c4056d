import { createCellLayer, ICellLayer } from '../../../../kernel/src/magics/assembly';
import { expectOk, runCell } from '../../../helpers/cell-runner';
import { stackConfig } from '../../../helpers/livy-stack';

// The Spark session's catalog through Livy (SHOW and DESCRIBE statements of the sql kind) on the
// metastore the stack seeds (stack/hive/seed-metastore.sql; created here too if missing).
describe("the Spark session's catalog on Livy", () => {
  let cells: ICellLayer;

  beforeAll(async () => {
    cells = createCellLayer(stackConfig('spark-catalog'));
    expectOk(await runCell(cells.executor, '%%sql\nCREATE DATABASE IF NOT EXISTS silver'));
    expectOk(await runCell(cells.executor, '%%sql\nCREATE TABLE IF NOT EXISTS silver.events (event_id BIGINT, status STRING, started_at TIMESTAMP, day DATE) USING parquet PARTITIONED BY (day)'));
    expectOk(await runCell(cells.executor, '%%sql\nCREATE OR REPLACE TEMPORARY VIEW recent_events AS SELECT event_id FROM silver.events'));
  });

  afterAll(async () => {
    await cells.executor.shutdown(false);
  });

  it('lists databases, the tables of one and the session’s temporary views', async () => {
    const spark = cells.catalog!.spark();
    expect(await spark.databases()).toEqual(expect.arrayContaining(['default', 'silver']));
    expect((await spark.tables('silver')).map(table => table.name)).toContain('events');
    // The current database's listing holds the session's temporary views, marked so.
    expect(await spark.tables()).toContainEqual(expect.objectContaining({ name: 'recent_events', type: 'temporary' }));
  });

  it('opens a table: type, format, location, partition columns and columns from DESCRIBE TABLE EXTENDED', async () => {
    const events = await cells.catalog!.spark().table('silver', 'events');
    expect(events).toMatchObject({ database: 'silver', name: 'events', type: 'managed', format: 'parquet', partitionColumns: ['day'] });
    expect(events.location).toMatch(/silver\.db\/events$/);
    expect(events.columns.map(column => [column.name, column.type])).toEqual([
      ['event_id', 'bigint'],
      ['status', 'string'],
      ['started_at', 'timestamp'],
      ['day', 'date']
    ]);
  });
});
