import { ITablePayload, TABLE_MIME_TYPE } from '@jupyterlab-emr/common';
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { IDatabase } from '../../../../kernel/src/aurora/database';
import { AuroraEngine } from '../../../../kernel/src/aurora/targets';
import { loadStackEnv, readSecret, STACK_DIR } from '../../../helpers/stack-env';
import { AuroraKernel, secretsManagerTargets, bundleWith, ICellRun } from '../../aurora/aurora-kernel';
import { openStackDatabase } from '../../aurora/stack-database';

// Whole %%silver cells through a real kernel process, the local Livy/Spark and the real PostgreSQL
// and MariaDB: each mode, --from a view and a DataFrame, a constraint violation in the last
// partition, the executors' database connections terminated mid-write, and a scan of everything
// the kernel sent or logged (and Livy's logs) for the password of the emulator's secret.

const env = loadStackEnv();
const run = randomBytes(4).toString('hex');
const passwords = [readSecret(env.STACK_PG_SECRET_FILE).password, readSecret(env.STACK_MARIADB_SECRET_FILE).password];

// Quotes, a comma, a newline, non-ASCII and NULLs: what a CSV or a batch could get wrong.
const rowsSql = (from: number, to: number, amount = '1.25', slices?: number): string =>
  `SELECT id, CASE WHEN id % 7 = 0 THEN NULL ELSE concat('name "', id, '", ünï ✓\\n') END AS name, ` +
  `CAST(id * ${amount} AS DECIMAL(12,2)) AS amount, id % 2 = 0 AS even FROM range(${from}, ${to}${slices ? `, 1, ${slices}` : ''})`;

function summary(run: ICellRun): Record<string, unknown> {
  expect(run.reply).toMatchObject({ status: 'ok' });
  const table = bundleWith(run, TABLE_MIME_TYPE)?.[TABLE_MIME_TYPE] as ITablePayload;
  return Object.fromEntries(table.schema.fields.map((field, index) => [field.name, table.rows[0][index]]));
}

describe.each<AuroraEngine>(['postgres', 'mysql'])('%%silver into %s through Livy', engine => {
  const targetName = engine === 'postgres' ? 'sm-pg' : 'sm-mysql';
  const schema = engine === 'postgres' ? `silver_it_${run}` : 'silver';
  const table = (name: string): string => (engine === 'postgres' ? `${schema}.${name}` : `${name}_${run}`);
  const qualifiedName = (name: string): string => (engine === 'postgres' ? table(name) : `silver.${table(name)}`);
  let kernel: AuroraKernel;
  let database: IDatabase;

  const silver = (options: string, body = ''): Promise<ICellRun> => kernel.execute(`%%silver --target ${targetName} ${options}\n${body}`, 600_000);
  const dump = async (name: string): Promise<string> => JSON.stringify((await database.query(`SELECT id, name, amount, even FROM ${table(name)} ORDER BY id`)).rows);
  const count = async (name: string): Promise<number> => Number((await database.query(`SELECT count(*) FROM ${table(name)}`)).rows[0][0]);
  const stagingTables = async (): Promise<unknown[]> =>
    (await database.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = '${schema}' AND table_name LIKE 'silver_stage_%'`)).rows;

  beforeAll(async () => {
    database = await openStackDatabase(engine);
    if (engine === 'postgres') {
      await database.query(`CREATE SCHEMA ${schema}`);
    }
    const boolean = engine === 'postgres' ? 'boolean' : 'BOOLEAN';
    await database.query(`CREATE TABLE ${table('events')} (id BIGINT PRIMARY KEY, name TEXT, amount DECIMAL(12,2), even ${boolean})`);
    await database.query(`INSERT INTO ${table('events')} VALUES (-1, 'old', 1.00, true), (-2, 'old', 2.00, false)`);
    await database.query(`CREATE TABLE ${table('strict')} (id BIGINT PRIMARY KEY, name VARCHAR(100) NOT NULL, amount DECIMAL(12,2), even ${boolean})`);
    await database.query(`INSERT INTO ${table('strict')} VALUES (1, 'kept', 1.00, true)`);
    kernel = await AuroraKernel.start({
      EMR_LIVY_SESSION_NAME_PREFIX: `it-silver-${engine}`,
      // The targets read the password from the emulator's Secrets Manager, as on AWS.
      EMR_AURORA_TARGETS: JSON.stringify(secretsManagerTargets())
    });
  }, 120_000);

  afterAll(async () => {
    await kernel?.stop();
    if (engine === 'postgres') {
      await database?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    } else {
      for (const name of ['events', 'strict', 'fresh', 'big']) {
        await database?.query(`DROP TABLE IF EXISTS ${table(name)}`);
      }
    }
    await database?.close();
  });

  it('overwrites the table with the query result, every value intact, and summarises the write', async () => {
    const result = summary(await silver(`--table ${qualifiedName('events')} --mode overwrite --partitions 3`, rowsSql(0, 2500)));
    expect(result).toMatchObject({ target: targetName, table: qualifiedName('events'), mode: 'overwrite', rows_written: 2500, rows_in_target: 2500, overwrite_by: 'swap' });
    expect(result.seconds).toEqual(expect.any(Number));
    expect(result.rows_per_s).toEqual(expect.any(Number));
    const stats = await database.query(`SELECT count(*), count(name), sum(amount), min(id), max(id) FROM ${table('events')}`);
    expect(JSON.stringify(stats.rows[0])).toBe(JSON.stringify([2500, 2142, '3904687.50', 0, 2499]));
    const three = await database.query(`SELECT name, amount, even FROM ${table('events')} WHERE id IN (3, 7, 8) ORDER BY id`);
    expect(JSON.stringify(three.rows)).toBe(
      JSON.stringify([
        ['name "3", ünï ✓\n', '3.75', engine === 'postgres' ? false : 0],
        [null, '8.75', engine === 'postgres' ? false : 0],
        ['name "8", ünï ✓\n', '10.00', engine === 'postgres' ? true : 1]
      ])
    );
    expect(await stagingTables()).toEqual([]);
  });

  it('merges a result of six partitions into two writers without losing or doubling a row', async () => {
    // The write coalesces 6 -> 2 with no shuffle; the rows must arrive exactly as with one writer each.
    expect(summary(await silver(`--table ${qualifiedName('fresh')} --mode append --partitions 2`, rowsSql(0, 1200, '1.25', 6)))).toMatchObject({
      rows_written: 1200,
      rows_in_target: 1200
    });
    const stats = await database.query(`SELECT count(*), count(DISTINCT id), count(name), min(id), max(id) FROM ${table('fresh')}`);
    expect(JSON.stringify(stats.rows[0])).toBe(JSON.stringify([1200, 1200, 1028, 0, 1199]));
    await database.query(`DROP TABLE ${table('fresh')}`);
  });

  it('appends, then upserts twice to the same rows', async () => {
    expect(summary(await silver(`--table ${qualifiedName('events')} --mode append`, rowsSql(2500, 3000)))).toMatchObject({ rows_written: 500, rows_in_target: 3000 });
    const upsert = summary(await silver(`--table ${qualifiedName('events')} --mode upsert --key id --partitions 2`, rowsSql(2900, 3100, '2.5')));
    expect(upsert).toMatchObject({ mode: 'upsert (id)', rows_written: 200, rows_in_target: 3100 });
    const once = await dump('events');
    expect(once).toContain('[2950,"name \\"2950\\", ünï ✓\\n","7375.00"');
    summary(await silver(`--table ${qualifiedName('events')} --mode upsert --key id --partitions 2`, rowsSql(2900, 3100, '2.5')));
    expect(await dump('events')).toBe(once);
  });

  it('writes --from a DataFrame value and --from a temporary view of the session', async () => {
    const define = await kernel.execute(
      'val silverDf = spark.range(5).selectExpr("id + 10000 AS id", "\'df\' AS name", "CAST(1 AS DECIMAL(12,2)) AS amount", "true AS even")\nsilverDf.createOrReplaceTempView("silver_view")'
    );
    expect(define.reply.status).toBe('ok');
    expect(summary(await silver(`--table ${qualifiedName('events')} --mode append --from silverDf`))).toMatchObject({ rows_written: 5, rows_in_target: 3105 });
    expect(summary(await silver(`--table ${qualifiedName('events')} --mode upsert --key id --from silver_view`))).toMatchObject({ rows_written: 5, rows_in_target: 3105 });
    const missing = await silver(`--table ${qualifiedName('events')} --mode append --from noSuchThing`);
    expect(missing.reply).toMatchObject({ status: 'error', ename: 'SilverSourceError', evalue: expect.stringMatching(/--from noSuchThing is neither a temporary view, a table nor a DataFrame/) });
  });

  it('creates a missing table from the result', async () => {
    expect(summary(await silver(`--table ${qualifiedName('fresh')} --mode upsert --key id`, rowsSql(0, 10)))).toMatchObject({ rows_written: 10, rows_in_target: 10 });
    expect(await count('fresh')).toBe(10);
  });

  it('leaves the table unchanged when the last partition violates a constraint, and the fixed re-run is exact', async () => {
    const before = await dump('strict');
    // Range partitioning puts the highest ids, and with them the NULL, in the last partition.
    const violating = `SELECT /*+ REPARTITION_BY_RANGE(4, id) */ id, CASE WHEN id = 3999 THEN NULL ELSE 'x' END AS name, CAST(1 AS DECIMAL(12,2)) AS amount, true AS even FROM range(2, 4000)`;
    const failed = await silver(`--table ${qualifiedName('strict')} --mode append`, violating);
    expect(failed.reply).toMatchObject({ status: 'error', ename: 'SilverWriteError' });
    // MariaDB's LOAD DATA LOCAL reports the refused row as a warning, which the writer turns into the partition's failure.
    expect(String(failed.reply.evalue)).toMatch(engine === 'postgres' ? /null value in column "name"/ : /LOAD DATA refused rows: .*NULL supplied to NOT NULL column 'name'/);
    expect(String(failed.reply.evalue)).toContain(`${qualifiedName('strict')} is unchanged`);
    expect(await dump('strict')).toBe(before);
    expect(await stagingTables()).toEqual([]);
    const fixed = summary(await silver(`--table ${qualifiedName('strict')} --mode append`, violating.replace('THEN NULL', "THEN 'last'")));
    expect(fixed).toMatchObject({ rows_written: 3998, rows_in_target: 3999 });
    expect(await count('strict')).toBe(3999);
  });

  it("leaves the table unchanged when the executors' connections are killed mid-write, and the re-run is exact", async () => {
    await database.query(`CREATE TABLE ${table('big')} (id BIGINT PRIMARY KEY, name TEXT, amount DECIMAL(12,2), even ${engine === 'postgres' ? 'boolean' : 'BOOLEAN'})`);
    await database.query(`INSERT INTO ${table('big')} VALUES (-1, 'kept', 1.00, true)`);
    const before = await dump('big');
    const rows = engine === 'postgres' ? 3_000_000 : 600_000;
    const writing = silver(`--table ${qualifiedName('big')} --mode append --partitions 2`, rowsSql(0, rows));
    // Every writer connection seen is killed until the cell ends: a partition whose connection was cut
    // only after its COMMIT would rightly succeed, so one kill alone could miss.
    let settled = false;
    void writing.finally(() => (settled = true));
    for (let ids = await waitForWriters(database, engine); !settled; ids = (await database.query(writersSql(engine))).rows.map(([id]) => Number(id))) {
      for (const id of ids) {
        await database.query(engine === 'postgres' ? `SELECT pg_terminate_backend(${id})` : `KILL CONNECTION ${id}`).catch(() => undefined);
      }
      await new Promise(resolve => setTimeout(resolve, 50));
    }
    const failed = await writing;
    expect(failed.reply).toMatchObject({ status: 'error', ename: 'SilverWriteError' });
    expect(String(failed.reply.evalue)).toContain(`${qualifiedName('big')} is unchanged`);
    if (engine === 'postgres') {
      // The driver's reason, not a later failure to close the dead connection.
      expect(String(failed.reply.evalue)).toMatch(/terminating connection due to administrator command|Database connection failed|An I\/O error occurred/);
    }
    expect(await dump('big')).toBe(before);
    expect(await stagingTables()).toEqual([]);
    expect(summary(await silver(`--table ${qualifiedName('big')} --mode append --partitions 2`, rowsSql(0, rows)))).toMatchObject({ rows_written: rows, rows_in_target: rows + 1 });
    expect(await count('big')).toBe(rows + 1);
  });

  it('ends as interrupted mid-write with the table unchanged and no staging table left, and the session keeps working', async () => {
    const before = await dump('big');
    const request = await kernel.harness.client.send('shell', 'execute_request', {
      code: `%%silver --target ${targetName} --table ${qualifiedName('big')} --mode append --partitions 2\n${rowsSql(5_000_000, 8_000_000)}`,
      stop_on_error: false
    });
    await waitForWriters(database, engine);
    await kernel.harness.client.send('control', 'interrupt_request', {});
    const reply = await kernel.harness.client.replyTo(request, 600_000);
    await kernel.harness.client.idleAfter(request, 600_000);
    expect(reply.content).toMatchObject({ status: 'error', ename: 'KeyboardInterrupt' });
    expect(await dump('big')).toBe(before);
    expect(await stagingTables()).toEqual([]);
    expect(summary(await silver(`--table ${qualifiedName('big')} --mode append`, rowsSql(9_000_000, 9_000_010)))).toMatchObject({ rows_written: 10 });
  });

  it("never shows the password of the emulator's secret, in any form, in what the kernel sent or logged or in Livy's logs", () => {
    const livyLogs = [path.join(STACK_DIR, 'logs', 'livy.log'), ...fs.readdirSync(path.join(STACK_DIR, 'logs', 'livy')).map(name => path.join(STACK_DIR, 'logs', 'livy', name))]
      .filter(file => fs.statSync(file).isFile())
      .map(file => fs.readFileSync(file, 'utf8'));
    const everything = [kernel.everything(), ...livyLogs].join('\n');
    expect(kernel.everything()).toContain('rows_written');
    for (const password of passwords) {
      for (const form of [password, Buffer.from(password, 'utf8').toString('base64'), encodeURIComponent(password)]) {
        expect(everything).not.toContain(form);
      }
    }
  });
});

/** The database connections of the executors writing a staging table, once there are some. */
const writersSql = (engine: AuroraEngine): string =>
  engine === 'postgres'
    ? "SELECT pid FROM pg_stat_activity WHERE query LIKE 'COPY %silver_stage_%' AND state = 'active'"
    : "SELECT id FROM information_schema.processlist WHERE info LIKE 'LOAD DATA LOCAL INFILE % INTO TABLE `silver`.`silver_stage_%'";

async function waitForWriters(database: IDatabase, engine: AuroraEngine): Promise<number[]> {
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    const ids = (await database.query(writersSql(engine))).rows.map(([id]) => Number(id));
    if (ids.length > 0) {
      return ids;
    }
    await new Promise(resolve => setTimeout(resolve, 100));
  }
  throw new Error('no executor ever wrote to a staging table');
}
