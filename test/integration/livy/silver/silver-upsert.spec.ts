import { ITablePayload, TABLE_MIME_TYPE } from '@jupyterlab-emr/common';
import { randomBytes } from 'crypto';
import { IDatabase } from '../../../../kernel/src/aurora/database';
import { AuroraEngine } from '../../../../kernel/src/aurora/targets';
import { AuroraKernel, secretsManagerTargets, bundleWith, ICellRun } from '../../aurora/aurora-kernel';
import { dropSuiteTables, databaseNow, openStackDatabase, stagingTablesSince } from '../../aurora/stack-database';

// Issue 23 through a real kernel, the local Livy/Spark and the real PostgreSQL and MariaDB: the
// everyday pipeline (a full load, then daily upserts by key) into tables with and without a key,
// rows that share a key, each kind of schema drift, --evolve and --dry-run.

const run = randomBytes(4).toString('hex');

/** Paths and their hits: rows [from, to) of day `day` (hits grow with the day, so an upsert's change shows). */
const pathsSql = (from: number, to: number, day = 1): string => `SELECT concat('/p/', id) AS path, id * ${day} AS hits FROM range(${from}, ${to})`;

function table(run: ICellRun): Record<string, unknown>[] {
  expect(run.reply).toMatchObject({ status: 'ok' });
  const payload = bundleWith(run, TABLE_MIME_TYPE)?.[TABLE_MIME_TYPE] as ITablePayload;
  return payload.rows.map(row => Object.fromEntries(payload.schema.fields.map((field, index) => [field.name, row[index]])));
}

describe.each<AuroraEngine>(['postgres', 'mysql'])('%%silver upserts, keys, drift and dry runs into %s through Livy', engine => {
  const targetName = engine === 'postgres' ? 'sm-pg' : 'sm-mysql';
  const schema = engine === 'postgres' ? `silver_up_${run}` : 'silver';
  const name = (base: string): string => (engine === 'postgres' ? base : `${base}_${run}`);
  const qualifiedName = (base: string): string => `${schema}.${name(base)}`;
  const tables = ['keyed', 'keyless', 'dups', 'drift', 'evolved', 'planned', 'fresh'];
  let kernel: AuroraKernel;
  let database: IDatabase;

  const silver = (options: string, body = ''): Promise<ICellRun> => kernel.execute(`%%silver --target ${targetName} ${options}\n${body}`, 600_000);
  const dump = async (base: string): Promise<string> => JSON.stringify((await database.query(`SELECT path, hits FROM ${qualifiedName(base)} ORDER BY path`)).rows);
  const exists = async (base: string): Promise<boolean> =>
    (await database.query(`SELECT count(*) FROM information_schema.tables WHERE table_schema = '${schema}' AND table_name = '${name(base)}'`)).rows[0][0] == 1;
  const primaryKey = async (base: string): Promise<string[]> =>
    (
      await database.query(
        `SELECT k.column_name FROM information_schema.table_constraints c JOIN information_schema.key_column_usage k ON k.constraint_name = c.constraint_name ` +
          `AND k.table_schema = c.table_schema AND k.table_name = c.table_name WHERE c.constraint_type = 'PRIMARY KEY' AND c.table_schema = '${schema}' AND c.table_name = '${name(base)}'`
      )
    ).rows.map(row => String(row[0]));
  // MariaDB's database is shared with other suites: only staging tables made since this suite began count.
  let suiteStart = '';
  const stagingTables = (): Promise<unknown[]> => stagingTablesSince(database, engine, schema, suiteStart);
  // A key column MySQL can index (TEXT needs a prefix); PostgreSQL's text is as good.
  const pathType = engine === 'postgres' ? 'text' : 'VARCHAR(200)';

  beforeAll(async () => {
    database = await openStackDatabase(engine);
    if (engine === 'postgres') {
      await database.query(`CREATE SCHEMA ${schema}`);
    } else {
      suiteStart = await databaseNow(database);
    }
    for (const base of ['keyed', 'keyless']) {
      await database.query(`CREATE TABLE ${qualifiedName(base)} (path ${pathType}, hits BIGINT)`);
      await database.query(`INSERT INTO ${qualifiedName(base)} VALUES ('/old', 1), ('/old', 2)`);
    }
    kernel = await AuroraKernel.start({ EMR_LIVY_SESSION_NAME_PREFIX: `it-silver-upsert-${engine}`, EMR_AURORA_TARGETS: JSON.stringify(secretsManagerTargets()) });
  }, 120_000);

  afterAll(async () => {
    await kernel?.stop();
    await dropSuiteTables(database, engine, schema, tables.map(qualifiedName));
    await database?.close();
  });

  it('a full load with --key gives a keyless table its primary key, and the daily upserts merge on it, the same rows when run twice', async () => {
    const [load] = table(await silver(`--table ${qualifiedName('keyed')} --mode overwrite --key path --partitions 2`, pathsSql(0, 100)));
    expect(load).toMatchObject({ mode: 'overwrite', rows_written: 100, rows_in_target: 100, overwrite_by: 'swap' });
    expect(await primaryKey('keyed')).toEqual(['path']);
    for (let again = 0; again < 2; again++) {
      const [upsert] = table(await silver(`--table ${qualifiedName('keyed')} --mode upsert --key path`, pathsSql(50, 150, 2)));
      expect(upsert).toMatchObject({ mode: 'upsert (path)', rows_written: 100, rows_in_target: 150, upsert_by: 'merge' });
    }
    const rows = JSON.parse(await dump('keyed')) as [string, number][];
    expect(rows).toHaveLength(150);
    expect(rows.find(([path]) => path === '/p/10')?.[1]).toBe(10);
    expect(rows.find(([path]) => path === '/p/60')?.[1]).toBe(120);
    expect(await stagingTables()).toEqual([]);
  });

  it('upserts into a table with no key by delete+insert, the same rows when run twice', async () => {
    table(await silver(`--table ${qualifiedName('keyless')} --mode overwrite`, pathsSql(0, 100)));
    expect(await primaryKey('keyless')).toEqual([]);
    for (let again = 0; again < 2; again++) {
      const [upsert] = table(await silver(`--table ${qualifiedName('keyless')} --mode upsert --key path`, pathsSql(50, 150, 2)));
      expect(upsert).toMatchObject({ mode: 'upsert (path)', rows_written: 100, rows_in_target: 150, upsert_by: 'delete+insert' });
    }
    const rows = JSON.parse(await dump('keyless')) as [string, number][];
    expect(rows).toHaveLength(150);
    expect(new Set(rows.map(([path]) => path)).size).toBe(150);
    expect(rows.find(([path]) => path === '/p/60')?.[1]).toBe(120);
    expect(await stagingTables()).toEqual([]);
  });

  it('makes --key the primary key of a table the cell creates, in append mode too', async () => {
    table(await silver(`--table ${qualifiedName('fresh')} --mode append --key path`, pathsSql(0, 10)));
    expect(await primaryKey('fresh')).toEqual(['path']);
    const refused = await silver(`--table ${qualifiedName('fresh')} --mode append --key path`, pathsSql(10, 20));
    expect(refused.reply).toMatchObject({ status: 'error', evalue: expect.stringMatching(/--key with --mode append makes the primary key of a table the cell creates/) });
  });

  it('refuses rows that share a key with their number and examples, and writes nothing', async () => {
    await database.query(`CREATE TABLE ${qualifiedName('dups')} (path ${pathType} PRIMARY KEY, hits BIGINT)`);
    await database.query(`INSERT INTO ${qualifiedName('dups')} VALUES ('/p/1', 1)`);
    const answer = await silver(`--table ${qualifiedName('dups')} --mode upsert --key path`, `SELECT concat('/p/', id % 7) AS path, id AS hits FROM range(0, 30)`);
    expect(answer.reply).toMatchObject({ status: 'error', ename: 'SilverDuplicateKeys' });
    expect(String(answer.reply.evalue)).toMatch(/the result has 7 keys of \(path\) that occur more than once, such as path=\/p\/0 \(5 rows\); .*; path=\/p\/4 \(4 rows\)\. Nothing was written/);
    expect(await dump('dups')).toBe('[["/p/1",1]]');
    expect(await stagingTables()).toEqual([]);
  });

  it('refuses each kind of schema drift before writing, with a table of the differences; --evolve adds a column', async () => {
    await database.query(`CREATE TABLE ${qualifiedName('drift')} (path ${pathType}, hits BIGINT, owner VARCHAR(20) NOT NULL)`);
    await database.query(`INSERT INTO ${qualifiedName('drift')} VALUES ('/kept', 1, 'me')`);
    const refusal = async (body: string, row: RegExp): Promise<void> => {
      const answer = await silver(`--table ${qualifiedName('drift')} --mode append`, body);
      expect(answer.reply).toMatchObject({ status: 'error', ename: 'SilverSchemaError' });
      expect(String(answer.reply.evalue)).toMatch(/does not fit .*; nothing was written\. 1 difference:/);
      expect(String(answer.reply.evalue)).toMatch(row);
      expect(await dump('drift')).toBe('[["/kept",1]]');
    };
    await refusal(`SELECT '/a' AS path, 1 AS hits, 'me' AS owner, 'x' AS extra`, /extra +\| string +\| +\| not in the table/);
    await refusal(`SELECT '/a' AS path, 1 AS hits`, /owner +\| +\| (varchar|character varying) +\| not in the result, and NOT NULL without a default/);
    await refusal(`SELECT '/a' AS path, 'many' AS hits, 'me' AS owner`, /hits +\| string +\| bigint +\| a string does not fit a bigint column/);
    expect(await stagingTables()).toEqual([]);

    await database.query(`CREATE TABLE ${qualifiedName('evolved')} (path ${pathType}, hits BIGINT)`);
    await database.query(`INSERT INTO ${qualifiedName('evolved')} VALUES ('/kept', 1)`);
    table(await silver(`--table ${qualifiedName('evolved')} --mode append --evolve`, `SELECT '/new' AS path, 2 AS hits, 'spark' AS referrer`));
    const evolved = await database.query(`SELECT path, hits, referrer FROM ${qualifiedName('evolved')} ORDER BY path`);
    expect(JSON.stringify(evolved.rows)).toBe('[["/kept",1,null],["/new",2,"spark"]]');
  });

  it('--dry-run shows the plan and writes nothing', async () => {
    const plan = Object.fromEntries(table(await silver(`--table ${qualifiedName('planned')} --mode overwrite --key path --dry-run`, pathsSql(0, 42))).map(row => [row.plan, row.value]));
    expect(plan).toMatchObject({ table: `${schema}.${name('planned')} will be created`, key: 'primary key (path) of the new table', source_rows: '42', written: 'nothing (--dry-run)' });
    expect(plan.ddl).toMatch(/^CREATE TABLE .*ADD PRIMARY KEY/s);
    expect(await exists('planned')).toBe(false);
    const upsert = Object.fromEntries(table(await silver(`--table ${qualifiedName('keyless')} --mode upsert --key path --dry-run`, pathsSql(0, 5))).map(row => [row.plan, row.value]));
    expect(upsert).toMatchObject({ key: 'none on (path)', strategy: expect.stringMatching(/^delete\+insert/), columns: 'path, hits', source_rows: '5' });
    expect(await stagingTables()).toEqual([]);
  });
});
