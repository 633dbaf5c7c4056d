import { CatalogBusyError } from '../../../../kernel/src/catalog/catalog-source';
import { createCellLayer, ICellLayer } from '../../../../kernel/src/magics/assembly';
import { expectOk, runCell } from '../../../helpers/cell-runner';
import { livyRest, runningStatement, stackConfig } from '../../../helpers/livy-stack';

// Longer than the catalog's own bound on a lookup (30 s), so only a cell's cancel can end it sooner.
const SLOW_ROW_MS = 60_000;
const CATALOG_LOOKUP_BOUND_MS = 30_000;

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

  it('cancels a catalog statement in flight when a cell starts; the cell does not wait behind it', async () => {
    // Each row of this view sleeps in a Spark task, so previewing it is a catalog statement that
    // holds the session the way a slow one would, and that Livy's cancel can stop.
    expectOk(
      await runCell(cells.executor, `%%sql\nCREATE OR REPLACE GLOBAL TEMPORARY VIEW slow_rows AS SELECT reflect('java.lang.Thread', 'sleep', CAST(${SLOW_ROW_MS} AS BIGINT)) AS slept FROM range(1)`)
    );
    const sessionId = cells.connection.current()!.sessions.current!.id;
    const preview = cells.catalog!.spark().preview('global_temp', 'slow_rows', 20);
    const previewEnd = preview.then(
      () => 'answered',
      (error: unknown) => error
    );
    const catalogStatement = await runningStatement(sessionId, code => code.includes('slow_rows'));

    const sink = expectOk(await runCell(cells.executor, '%%sql\nSELECT 41 + 1 AS answer'));
    expect(JSON.stringify(sink.events)).toContain('42');
    // Failed by the cell (quietly, to be asked again), not by the lookup's own bound.
    expect(await previewEnd).toBeInstanceOf(CatalogBusyError);
    const catalog = (await livyRest('GET', `/sessions/${sessionId}/statements/${catalogStatement}`)).json;
    expect(catalog.state).toBe('cancelled');
    const [cell] = (await livyRest('GET', `/sessions/${sessionId}/statements?order=desc&size=1`)).json.statements as Array<Record<string, unknown>>;
    expect(cell.code).toContain('answer');
    expect(cell.id).toBeGreaterThan(catalogStatement);
    // Livy started the cell's statement long before the bound would have freed the session.
    expect(Number(cell.started)).toBeLessThan(Number(catalog.started) + CATALOG_LOOKUP_BOUND_MS);
  });
});
