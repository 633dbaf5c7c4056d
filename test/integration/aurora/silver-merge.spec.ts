import { randomBytes } from 'crypto';
import { IDatabase } from '../../../kernel/src/aurora/database';
import { countTarget } from '../../../kernel/src/aurora/silver/verify';
import { dropStaging } from '../../../kernel/src/aurora/silver/cleanup';
import { ISilverPlan, prepareStaging } from '../../../kernel/src/aurora/silver/plan';
import { mergeStaging } from '../../../kernel/src/aurora/silver/merge';
import { engineFor } from '../../../kernel/src/aurora/engines/registry';
import { ISparkField, qualified } from '../../../kernel/src/aurora/sql-dialect';
import { AuroraEngine } from '../../../kernel/src/aurora/targets';
import { openStackDatabase } from './stack-database';

// The kernel's half of %%silver, which needs no Spark: the staging table is filled here with SQL
// (as the executors would fill it), then the kernel's one-transaction merge runs against the real
// PostgreSQL and MariaDB for each mode. Faults: a count that does not add up, a constraint the
// merge violates, and the merge's own connection killed while it waits inside the transaction;
// each leaves the target exactly as it was, and the run after it is exact.

const run = randomBytes(4).toString('hex');

const FIELDS: ISparkField[] = [
  { name: 'id', type: 'long', nullable: false },
  { name: 'name', type: 'string', nullable: true },
  { name: 'amount', type: 'decimal(12,2)', nullable: true }
];

const open = openStackDatabase;

describe.each<AuroraEngine>(['postgres', 'mysql'])('the %%silver merge on %s', engine => {
  const { dialect } = engineFor(engine);
  // PostgreSQL gets a schema of its own; MariaDB's user has the one database, so names carry the run.
  const schema = engine === 'postgres' ? `silver_merge_${run}` : undefined;
  const tableName = (name: string): string => (engine === 'postgres' ? name : `${name}_${run}`);
  const ref = (name: string): { schema?: string; name: string } => ({ schema, name: tableName(name) });
  let database: IDatabase;
  let watcher: IDatabase;

  const sql = (text: string): Promise<unknown> => database.query(text);
  const rows = async (name: string): Promise<string> => JSON.stringify((await watcher.query(`SELECT id, name, amount FROM ${schema ? `${schema}.` : ''}${tableName(name)} ORDER BY id`)).rows);
  const fill = async (plan: ISilverPlan, values: string): Promise<number> => {
    const inserted = await database.query(`INSERT INTO ${qualified(dialect, plan.staging)} (id, name, amount) VALUES ${values}`);
    return inserted.affected as number;
  };

  beforeAll(async () => {
    database = await open(engine);
    watcher = await open(engine);
    if (schema) {
      await sql(`CREATE SCHEMA ${schema}`);
    }
  });

  afterAll(async () => {
    if (schema) {
      await sql(`DROP SCHEMA ${schema} CASCADE`);
    } else {
      await sql(`DROP VIEW IF EXISTS ${tableName('swapview')}`);
      for (const name of ['events', 'fresh', 'checked', 'nokey', 'locked', 'lockednokey', 'dupkeys', 'evolved', 'swapped', 'counted', 'keyed']) {
        await sql(`DROP TABLE IF EXISTS ${tableName(name)}`);
      }
    }
    await database?.close();
    await watcher?.close();
  });

  const target = (name: string): string => `${schema ? `${schema}.` : ''}${tableName(name)}`;

  it('overwrites, appends and upserts through a staging table that is dropped after', async () => {
    await sql(`CREATE TABLE ${target('events')} (id BIGINT PRIMARY KEY, name VARCHAR(40), amount DECIMAL(12,2), loaded_at VARCHAR(10) DEFAULT 'x')`);
    await sql(`INSERT INTO ${target('events')} (id, name, amount) VALUES (1, 'old', 1.00), (2, 'old', 2.00)`);

    const overwrite = await prepareStaging(database, { table: ref('events'), mode: 'overwrite', keys: [], fields: FIELDS });
    expect(overwrite.staging.name).toMatch(/^silver_stage_[0-9a-f]{12}$/);
    const written = await fill(overwrite, "(10, 'a', 10.50), (11, NULL, NULL)");
    expect(await mergeStaging(database, overwrite, written)).toEqual({ staged: 2, method: 'swap' });
    expect(await rows('events')).toBe('[[10,"a","10.50"],[11,null,null]]');

    const append = await prepareStaging(database, { table: ref('events'), mode: 'append', keys: [], fields: FIELDS });
    await mergeStaging(database, append, await fill(append, "(12, 'b', 12.00)"));
    expect(await rows('events')).toBe('[[10,"a","10.50"],[11,null,null],[12,"b","12.00"]]');

    const upsert = await prepareStaging(database, { table: ref('events'), mode: 'upsert', keys: ['ID'], fields: FIELDS });
    expect(upsert.keys).toEqual(['id']);
    const outcome = await mergeStaging(database, upsert, await fill(upsert, "(12, 'b2', 99.00), (13, 'c', 13.00)"));
    expect(outcome).toEqual({ staged: 2, before: 3, after: 4 });
    expect(await rows('events')).toBe('[[10,"a","10.50"],[11,null,null],[12,"b2","99.00"],[13,"c","13.00"]]');
    // The same upsert again leaves the same rows.
    const again = await prepareStaging(database, { table: ref('events'), mode: 'upsert', keys: ['id'], fields: FIELDS });
    await mergeStaging(database, again, await fill(again, "(12, 'b2', 99.00), (13, 'c', 13.00)"));
    expect(await rows('events')).toBe('[[10,"a","10.50"],[11,null,null],[12,"b2","99.00"],[13,"c","13.00"]]');
    expect(await countTarget(database, again)).toBe(4);

    const stagingTables = await watcher.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = ${dialect.param(1)} AND table_name IN (${[1, 2, 3, 4].map(index => dialect.param(index + 1)).join(', ')})`,
      [overwrite.target.schema, ...[overwrite, append, upsert, again].map(plan => plan.staging.name)]
    );
    expect(stagingTables.rows).toEqual([]);
  });

  it('overwrites by swapping in the staging table, keeping indexes, constraints, defaults and grants, and copies while a view reads the target', async () => {
    await sql(`CREATE TABLE ${target('swapped')} (id BIGINT PRIMARY KEY, name VARCHAR(40) NOT NULL DEFAULT 'none', amount DECIMAL(12,2) CHECK (amount >= 0))`);
    await sql(`CREATE INDEX ${tableName('swapped')}_by_name ON ${target('swapped')} (name)`);
    await sql(`INSERT INTO ${target('swapped')} VALUES (1, 'old', 1.00)`);
    if (engine === 'postgres') {
      await sql(`GRANT SELECT ON ${target('swapped')} TO PUBLIC`);
    }
    const definition = async (): Promise<string> =>
      JSON.stringify(
        engine === 'postgres'
          ? [
              (await watcher.query('SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = $1 AND tablename = $2 ORDER BY 1', [schema, 'swapped'])).rows,
              (await watcher.query('SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = to_regclass($1) ORDER BY 1', [target('swapped')])).rows,
              (await watcher.query('SELECT column_name, column_default, is_nullable FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY 1', [schema, 'swapped'])).rows,
              (await watcher.query('SELECT relacl::text, relpersistence FROM pg_class WHERE oid = to_regclass($1)', [target('swapped')])).rows
            ]
          : (await watcher.query(`SHOW CREATE TABLE ${target('swapped')}`)).rows[0][1]
      );
    const before = await definition();
    const swap = await prepareStaging(database, { table: ref('swapped'), mode: 'overwrite', keys: [], fields: FIELDS });
    expect(swap.swap).toBe(true);
    expect(await mergeStaging(database, swap, await fill(swap, "(7, 'new', 7.00), (8, 'new', 8.00)"))).toEqual({ staged: 2, method: 'swap' });
    expect(await rows('swapped')).toBe('[[7,"new","7.00"],[8,"new","8.00"]]');
    expect(await definition()).toBe(before);
    await expect(sql(`INSERT INTO ${target('swapped')} (id, amount) VALUES (7, 1.00)`)).rejects.toThrow(/duplicate|unique/i);
    await expect(sql(`INSERT INTO ${target('swapped')} (id, amount) VALUES (9, -1.00)`)).rejects.toThrow(/check|constraint/i);

    // A view reads the target: the swap would leave it on the dropped table (PostgreSQL), so the merge copies.
    await sql(`CREATE VIEW ${schema ? `${schema}.` : ''}${tableName('swapview')} AS SELECT id FROM ${target('swapped')}`);
    const copy = await prepareStaging(database, { table: ref('swapped'), mode: 'overwrite', keys: [], fields: FIELDS });
    expect(copy.swap).toBe(false);
    expect(await mergeStaging(database, copy, await fill(copy, "(9, 'copied', 9.00)"))).toMatchObject({ after: 1, method: 'copy' });
    expect(await rows('swapped')).toBe('[[9,"copied","9.00"]]');
    expect((await watcher.query(`SELECT id FROM ${schema ? `${schema}.` : ''}${tableName('swapview')}`)).rows).toEqual([[9]]);
    expect(await definition()).toBe(before);
    await sql(`DROP VIEW ${schema ? `${schema}.` : ''}${tableName('swapview')}`);

    // A column whose values the table generates (serial, AUTO_INCREMENT) would restart in a new table: copied.
    await sql(`CREATE TABLE ${target('counted')} (id BIGINT PRIMARY KEY, name VARCHAR(40), amount DECIMAL(12,2), seq ${engine === 'postgres' ? 'BIGSERIAL' : 'BIGINT AUTO_INCREMENT UNIQUE'})`);
    const counted = await prepareStaging(database, { table: ref('counted'), mode: 'overwrite', keys: [], fields: FIELDS });
    expect(counted.swap).toBe(false);
    expect(await mergeStaging(database, counted, await fill(counted, "(1, 'x', 1.00)"))).toMatchObject({ after: 1, method: 'copy' });
  });

  it("refuses to swap in rows that break the target's key, leaving the target and its definition as they were", async () => {
    await sql(`CREATE TABLE ${target('keyed')} (id BIGINT PRIMARY KEY, name VARCHAR(40), amount DECIMAL(12,2))`);
    await sql(`INSERT INTO ${target('keyed')} VALUES (1, 'kept', 1.00)`);
    const plan = await prepareStaging(database, { table: ref('keyed'), mode: 'overwrite', keys: [], fields: FIELDS });
    expect(plan.swap).toBe(true);
    const duplicated = "(5, 'a', 1.00), (5, 'b', 2.00)";
    if (engine === 'postgres') {
      // The key is built after the load, so the duplicate is found then, before the transaction.
      expect(plan.indexesAfterLoad).toEqual([expect.stringMatching(/ADD CONSTRAINT .* PRIMARY KEY \(id\)$/)]);
      await expect(mergeStaging(database, plan, await fill(plan, duplicated))).rejects.toMatchObject({
        message: expect.stringMatching(/could not create unique index/),
        detail: 'Key (id)=(5) is duplicated.'
      });
    } else {
      await expect(fill(plan, duplicated)).rejects.toThrow(/Duplicate entry '5'/);
    }
    await dropStaging(database, plan, false);
    expect(await rows('keyed')).toBe('[[1,"kept","1.00"]]');
    await expect(sql(`INSERT INTO ${target('keyed')} VALUES (1, 'again', 1.00)`)).rejects.toThrow(/duplicate/i);
  });

  it('creates a missing target from the staging table, with the upsert key as primary key', async () => {
    const plan = await prepareStaging(database, { table: ref('fresh'), mode: 'upsert', keys: ['id'], fields: FIELDS });
    expect(plan.createTarget).toBe(true);
    await mergeStaging(database, plan, await fill(plan, "(1, 'x', 1.25)"));
    expect(await rows('fresh')).toBe('[[1,"x","1.25"]]');
    const again = await prepareStaging(database, { table: ref('fresh'), mode: 'upsert', keys: ['id'], fields: FIELDS });
    await mergeStaging(database, again, await fill(again, "(1, 'y', 2.50), (2, 'z', NULL)"));
    expect(await rows('fresh')).toBe('[[1,"y","2.50"],[2,"z",null]]');
  });

  it('upserts by delete+insert into a table without a unique index on the key, the same rows when run twice', async () => {
    await sql(`CREATE TABLE ${target('nokey')} (id BIGINT, name VARCHAR(40), amount DECIMAL(12,2))`);
    await sql(`INSERT INTO ${target('nokey')} VALUES (1, 'a', 1.00), (2, 'b', 2.00), (2, 'b again', 2.00)`);
    for (let run = 0; run < 2; run++) {
      const plan = await prepareStaging(database, { table: ref('nokey'), mode: 'upsert', keys: ['id'], fields: FIELDS });
      expect(plan.upsertBy).toBe('delete+insert');
      // Both rows of key 2 are replaced by the one staged: the key's rows are the staged ones afterwards.
      expect(await mergeStaging(database, plan, await fill(plan, "(2, 'b2', 2.50), (3, 'c', 3.00)"))).toEqual({ staged: 2, before: 3, after: 3 });
      expect(await rows('nokey')).toBe('[[1,"a","1.00"],[2,"b2","2.50"],[3,"c","3.00"]]');
    }
  });

  it('refuses staged rows that share a key before the transaction, and the table is unchanged', async () => {
    await sql(`CREATE TABLE ${target('dupkeys')} (id BIGINT PRIMARY KEY, name VARCHAR(40), amount DECIMAL(12,2))`);
    await sql(`INSERT INTO ${target('dupkeys')} VALUES (1, 'a', 1.00)`);
    const plan = await prepareStaging(database, { table: ref('dupkeys'), mode: 'upsert', keys: ['id'], fields: FIELDS });
    const written = await fill(plan, "(1, 'x', 1.00), (1, 'y', 2.00), (2, 'z', 3.00), (2, 'w', 4.00), (2, 'v', 5.00), (3, 'u', 6.00)");
    await expect(mergeStaging(database, plan, written)).rejects.toMatchObject({
      ename: 'SilverDuplicateKeys',
      evalue: expect.stringMatching(/the result has 2 keys of \(id\) that occur more than once, such as id=1 \(2 rows\); id=2 \(3 rows\)\. Nothing was written/)
    });
    await dropStaging(database, plan, false);
    expect(await rows('dupkeys')).toBe('[[1,"a","1.00"]]');
  });

  it('refuses two staged rows whose key is NULL, which a unique index of the keys would let in', async () => {
    await sql(`CREATE TABLE ${target('nullkeys')} (id BIGINT, name VARCHAR(40), amount DECIMAL(12,2))`);
    await sql(`INSERT INTO ${target('nullkeys')} VALUES (1, 'a', 1.00)`);
    const plan = await prepareStaging(database, { table: ref('nullkeys'), mode: 'upsert', keys: ['id'], fields: FIELDS });
    expect(plan.upsertBy).toBe('delete+insert');
    const written = await fill(plan, "(NULL, 'x', 1.00), (NULL, 'y', 2.00), (5, 'z', 3.00)");
    await expect(mergeStaging(database, plan, written)).rejects.toMatchObject({
      ename: 'SilverDuplicateKeys',
      evalue: expect.stringMatching(/the result has 1 key of \(id\) that occur more than once, such as id=null \(2 rows\)\. Nothing was written/)
    });
    await dropStaging(database, plan, false);
    expect(await rows('nullkeys')).toBe('[[1,"a","1.00"]]');
  });

  it('with --evolve adds the new column to the table in the write, nullable, and keeps the old rows', async () => {
    await sql(`CREATE TABLE ${target('evolved')} (id BIGINT PRIMARY KEY, name VARCHAR(40), amount DECIMAL(12,2))`);
    await sql(`INSERT INTO ${target('evolved')} VALUES (1, 'a', 1.00)`);
    const fields = [...FIELDS, { name: 'note', type: 'string', nullable: true }];
    await expect(prepareStaging(database, { table: ref('evolved'), mode: 'append', keys: [], fields })).rejects.toMatchObject({
      ename: 'SilverSchemaError',
      evalue: expect.stringMatching(/note +\| string/)
    });
    const plan = await prepareStaging(database, { table: ref('evolved'), mode: 'append', keys: [], fields, evolve: true });
    await database.query(`INSERT INTO ${qualified(dialect, plan.staging)} (id, name, amount, note) VALUES (2, 'b', 2.00, 'new')`);
    await mergeStaging(database, plan, 1);
    const evolved = await watcher.query(`SELECT id, note FROM ${target('evolved')} ORDER BY id`);
    expect(JSON.stringify(evolved.rows)).toBe('[[1,null],[2,"new"]]');
  });

  it('refuses a result column the target does not have, naming its columns', async () => {
    await expect(prepareStaging(database, { table: ref('nokey'), mode: 'append', keys: [], fields: [...FIELDS, { name: 'extra', type: 'string', nullable: true }] })).rejects.toMatchObject({
      ename: 'SilverSchemaError',
      evalue: expect.stringMatching(/does not fit \S+ \(its columns: id, name, amount\)[\s\S]*extra +\| string +\| +\| not in the table/)
    });
  });

  it('rolls back when the staging table holds other than what Spark wrote, and when the merge violates a constraint', async () => {
    await sql(`CREATE TABLE ${target('checked')} (id BIGINT PRIMARY KEY, name VARCHAR(40), amount DECIMAL(12,2) CHECK (amount >= 0))`);
    await sql(`INSERT INTO ${target('checked')} VALUES (1, 'keep', 1.00)`);
    const miscounted = await prepareStaging(database, { table: ref('checked'), mode: 'overwrite', keys: [], fields: FIELDS });
    // Planned as a swap: the refusal comes before the staging table would have taken the target's place.
    expect(miscounted.swap).toBe(true);
    const written = await fill(miscounted, "(5, 'new', 5.00)");
    await expect(mergeStaging(database, miscounted, written + 1)).rejects.toMatchObject({ ename: 'SilverCountMismatch' });
    await dropStaging(database, miscounted, false);
    expect(await rows('checked')).toBe('[[1,"keep","1.00"]]');

    // An overwrite's staging table carries the CHECK (it is to become the target), so the violation may come from the load instead of the merge.
    const violating = await prepareStaging(database, { table: ref('checked'), mode: 'overwrite', keys: [], fields: FIELDS });
    const loaded = await fill(violating, "(6, 'ok', 6.00), (7, 'bad', -7.00)").catch(() => undefined);
    if (loaded !== undefined) {
      await expect(mergeStaging(database, violating, loaded)).rejects.toMatchObject({ message: expect.stringMatching(/check|constraint/i) });
    }
    await dropStaging(database, violating, false);
    expect(await rows('checked')).toBe('[[1,"keep","1.00"]]');
  });

  it.each([
    ['merge', 'locked', 'PRIMARY KEY', 'INSERT INTO%'],
    ['delete+insert', 'lockednokey', '', 'DELETE%']
  ])('leaves the target unchanged when its connection is killed inside the %s transaction, and the re-run is exact', async (strategy, name, primaryKey, statement) => {
    await sql(`CREATE TABLE ${target(name)} (id BIGINT ${primaryKey}, name VARCHAR(40), amount DECIMAL(12,2))`);
    await sql(`INSERT INTO ${target(name)} VALUES (1, 'a', 1.00), (2, 'b', 2.00)`);
    const merger = await open(engine);
    const plan = await prepareStaging(merger, { table: ref(name), mode: 'upsert', keys: ['id'], fields: FIELDS });
    expect(plan.upsertBy).toBe(strategy);
    const written = await fill(plan, "(2, 'b2', 2.50), (3, 'c', 3.00)");
    const mergerId = Number((await merger.query(engine === 'postgres' ? 'SELECT pg_backend_pid()' : 'SELECT CONNECTION_ID()')).rows[0][0]);
    // Another transaction holds row 2, so the merge's upsert waits on it: inside its transaction, after its DELETE/INSERT began.
    await watcher.query(dialect.beginSql);
    await watcher.query(`SELECT * FROM ${target(name)} WHERE id = 2 FOR UPDATE`);
    const merging = mergeStaging(merger, plan, written).then(
      () => 'committed',
      (error: Error) => error.message
    );
    await waitUntil(async () => {
      const waiting =
        engine === 'postgres'
          ? await watcher.query("SELECT count(*) FROM pg_stat_activity WHERE pid = $1 AND wait_event_type = 'Lock'", [mergerId])
          : // MariaDB's process list has no lock-wait state for its own user; a statement of two rows still running after a second is waiting.
            await watcher.query('SELECT count(*) FROM information_schema.processlist WHERE id = ? AND info LIKE ? AND time >= 1', [mergerId, statement]);
      return Number(waiting.rows[0][0]) === 1;
    });
    await database.query(engine === 'postgres' ? `SELECT pg_terminate_backend(${mergerId})` : `KILL CONNECTION ${mergerId}`);
    expect(await merging).not.toBe('committed');
    await watcher.query('ROLLBACK');
    await merger.close();
    expect(await rows(name)).toBe('[[1,"a","1.00"],[2,"b","2.00"]]');

    await dropStaging(database, plan, false);
    const rerun = await prepareStaging(database, { table: ref(name), mode: 'upsert', keys: ['id'], fields: FIELDS });
    await mergeStaging(database, rerun, await fill(rerun, "(2, 'b2', 2.50), (3, 'c', 3.00)"));
    expect(await rows(name)).toBe('[[1,"a","1.00"],[2,"b2","2.50"],[3,"c","3.00"]]');
  });
});

async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) {
      throw new Error('timed out waiting for the merge to block on the row lock');
    }
    await new Promise(resolve => setTimeout(resolve, 50));
  }
}
