import { ISilverPlan, prepareStaging } from '../../../../kernel/src/aurora/silver/plan';
import { mergeStaging } from '../../../../kernel/src/aurora/silver/merge';
import { ScriptedDatabase } from './scripted-database';

const PLAN: ISilverPlan = {
  target: { schema: 'public', name: 'events' },
  staging: { schema: 'public', name: 'silver_stage_1' },
  mode: 'upsert',
  columns: ['id', 'name'],
  keys: ['id'],
  createTarget: false,
  upsertBy: 'merge'
};

const counts = (staged: number, before: number, newKeys: number, after: number): { match: RegExp; rows: unknown[][] }[] => [
  { match: /^SELECT count\(\*\) FROM "public"\."silver_stage_1"$/, rows: [[staged]] },
  { match: /^SELECT count\(\*\) FROM "public"\."events"$/, rows: [[before]] },
  { match: /^SELECT count\(\*\) FROM \(SELECT DISTINCT/, rows: [[newKeys]] },
  { match: /^SELECT count\(\*\) FROM "public"\."events"$/, rows: [[after]] }
];

describe('the %%silver merge transaction', () => {
  it('upserts on PostgreSQL in one transaction: lock, check, merge, check, drop staging, commit', async () => {
    const database = new ScriptedDatabase('postgres', counts(2, 10, 1, 11));
    expect(await mergeStaging(database, PLAN, 2)).toEqual({ staged: 2, before: 10, after: 11 });
    expect(database.statements).toEqual([
      'CREATE UNIQUE INDEX "silver_stage_1_keys" ON "public"."silver_stage_1" ("id")',
      'SELECT 1 FROM "public"."silver_stage_1" WHERE "id" IS NULL LIMIT 1',
      'BEGIN',
      "SET LOCAL work_mem = '64MB'",
      'LOCK TABLE "public"."events" IN SHARE ROW EXCLUSIVE MODE',
      'SELECT count(*) FROM "public"."silver_stage_1"',
      'SELECT count(*) FROM "public"."events"',
      'SELECT count(*) FROM (SELECT DISTINCT s."id" FROM "public"."silver_stage_1" s WHERE NOT EXISTS (SELECT 1 FROM "public"."events" t WHERE t."id" = s."id")) n',
      'INSERT INTO "public"."events" ("id", "name") SELECT "id", "name" FROM "public"."silver_stage_1" ON CONFLICT ("id") DO UPDATE SET "name" = EXCLUDED."name"',
      'SELECT count(*) FROM "public"."events"',
      'DROP TABLE "public"."silver_stage_1"',
      'COMMIT'
    ]);
  });

  it('overwrites on MySQL with DELETE (TRUNCATE would commit), creating a missing target before the transaction', async () => {
    const created: string[] = [];
    const database = new ScriptedDatabase('mysql', [
      { match: /^SELECT count\(\*\) FROM `silver`\.`silver_stage_1`$/, rows: [[3]] },
      { match: /^SELECT count\(\*\) FROM `silver`\.`events`$/, rows: [[0]] },
      { match: /^SELECT count\(\*\) FROM `silver`\.`events`$/, rows: [[3]] }
    ]);
    const plan: ISilverPlan = { ...PLAN, target: { schema: 'silver', name: 'events' }, staging: { schema: 'silver', name: 'silver_stage_1' }, mode: 'overwrite', keys: [], createTarget: true };
    await mergeStaging(database, plan, 3, { createdTarget: () => created.push('yes') });
    expect(created).toEqual(['yes']);
    expect(database.statements).toEqual([
      'CREATE TABLE `silver`.`events` LIKE `silver`.`silver_stage_1`',
      'START TRANSACTION',
      'SELECT count(*) FROM `silver`.`silver_stage_1`',
      'SELECT count(*) FROM `silver`.`events`',
      'DELETE FROM `silver`.`events`',
      'INSERT INTO `silver`.`events` (`id`, `name`) SELECT `id`, `name` FROM `silver`.`silver_stage_1`',
      'SELECT count(*) FROM `silver`.`events`',
      'COMMIT',
      'DROP TABLE IF EXISTS `silver`.`silver_stage_1`'
    ]);
  });

  it('rolls back, before touching the target, when the staging table holds other than Spark wrote', async () => {
    const database = new ScriptedDatabase('postgres', counts(5, 10, 0, 10));
    await expect(mergeStaging(database, PLAN, 4)).rejects.toMatchObject({
      ename: 'SilverCountMismatch',
      evalue: expect.stringMatching(/Spark wrote 4 rows but the staging table holds 5.*Nothing was changed in public\.events/)
    });
    expect(database.statements.slice(-1)).toEqual(['ROLLBACK']);
    expect(database.statements.some(sql => sql.startsWith('INSERT'))).toBe(false);
  });

  it('rolls back when the target would not hold what the mode implies', async () => {
    const database = new ScriptedDatabase('postgres', counts(2, 10, 2, 11));
    await expect(mergeStaging(database, PLAN, 2)).rejects.toMatchObject({
      evalue: expect.stringMatching(/would hold 11 rows, not the 12 expected \(10 before, 2 written\), so the kernel rolled back: the table is unchanged/)
    });
    expect(database.statements.slice(-1)).toEqual(['ROLLBACK']);
  });

  it('says a COMMIT whose answer was lost may or may not have happened', async () => {
    const database = new ScriptedDatabase('postgres', counts(2, 10, 1, 11), /^COMMIT$/);
    await expect(mergeStaging(database, PLAN, 2)).rejects.toMatchObject({
      ename: 'SilverCommitUnknown',
      evalue: expect.stringMatching(/not known whether the transaction committed.*running the cell again is safe in upsert mode/)
    });
  });

  it("prepares a staging table like the target and maps Spark's names onto the target's spelling", async () => {
    const database = new ScriptedDatabase('postgres', [
      { match: /FROM information_schema\.tables/, rows: [['public', 'Events']] },
      {
        match: /FROM information_schema\.columns/,
        rows: [
          ['ID', 'bigint', 'NO', false],
          ['name', 'text', 'YES', false],
          ['loaded_at', 'timestamp with time zone', 'NO', true]
        ]
      },
      { match: /FROM pg_index/, rows: [['ID']] }
    ]);
    const plan = await prepareStaging(
      database,
      {
        table: { schema: 'public', name: 'events' },
        mode: 'upsert',
        keys: ['id'],
        fields: [
          { name: 'id', type: 'long', nullable: false },
          { name: 'NAME', type: 'string', nullable: true }
        ]
      },
      'silver_stage_x'
    );
    expect(plan).toEqual({
      target: { schema: 'public', name: 'Events' },
      staging: { schema: 'public', name: 'silver_stage_x' },
      mode: 'upsert',
      columns: ['ID', 'name'],
      keys: ['ID'],
      createTarget: false,
      swap: false,
      upsertBy: 'merge'
    });
    expect(database.statements.slice(-1)).toEqual(['CREATE UNLOGGED TABLE "public"."silver_stage_x" (LIKE "public"."Events" INCLUDING DEFAULTS)']);
  });

  const OVERWRITE = { table: { schema: 'public', name: 'events' }, mode: 'overwrite' as const, keys: [], fields: [{ name: 'id', type: 'long', nullable: false }] };
  const EXISTING = (blockers: string[]): { match: RegExp; rows: unknown[][] }[] => [
    { match: /FROM information_schema\.tables/, rows: [['public', 'events']] },
    { match: /FROM information_schema\.columns/, rows: [['id', 'bigint', 'NO', false]] },
    { match: /a view or rule reads it/, rows: blockers.map(reason => [reason]) }
  ];

  it('plans a swap for an overwrite nothing depends on: a logged staging table like the target, its indexes taken off until the rows are in', async () => {
    const database = new ScriptedDatabase('postgres', [
      ...EXISTING([]),
      {
        match: /pg_get_constraintdef/,
        rows: [
          ['ALTER TABLE "public"."silver_stage_x" DROP CONSTRAINT silver_stage_x_pkey', 'ALTER TABLE "public"."silver_stage_x" ADD CONSTRAINT silver_stage_x_pkey PRIMARY KEY (id)'],
          ['DROP INDEX public.silver_stage_x_name_idx', 'CREATE INDEX silver_stage_x_name_idx ON public.silver_stage_x USING btree (name)']
        ]
      }
    ]);
    const plan = await prepareStaging(database, OVERWRITE, 'silver_stage_x');
    expect(plan.swap).toBe(true);
    expect(database.statements.filter(sql => !/^(SELECT|WITH)/.test(sql))).toEqual([
      'CREATE TABLE "public"."silver_stage_x" (LIKE "public"."events" INCLUDING ALL)',
      'ALTER TABLE "public"."silver_stage_x" DROP CONSTRAINT silver_stage_x_pkey',
      'DROP INDEX public.silver_stage_x_name_idx'
    ]);
    expect(plan.indexesAfterLoad).toEqual([
      'ALTER TABLE "public"."silver_stage_x" ADD CONSTRAINT silver_stage_x_pkey PRIMARY KEY (id)',
      'CREATE INDEX silver_stage_x_name_idx ON public.silver_stage_x USING btree (name)'
    ]);
  });

  it('plans the copy when a view, foreign key or trigger depends on the target', async () => {
    const database = new ScriptedDatabase('postgres', EXISTING(['a view or rule reads it']));
    const plan = await prepareStaging(database, OVERWRITE, 'silver_stage_x');
    expect(plan.swap).toBe(false);
    expect(database.statements.slice(-1)).toEqual(['CREATE UNLOGGED TABLE "public"."silver_stage_x" (LIKE "public"."events" INCLUDING DEFAULTS)']);
  });

  const SWAP_PLAN: ISilverPlan = { ...PLAN, mode: 'overwrite', keys: [], swap: true };

  it('builds the indexes, then swaps on PostgreSQL inside the transaction: rename out, rename in, grant again, drop the old table, restore index names, count, commit', async () => {
    const database = new ScriptedDatabase('postgres', [
      { match: /a view or rule reads it/, rows: [] },
      { match: /FROM pg_index/, rows: [['events_pkey', 'UNIQUE USING btree (id)']] },
      { match: /FROM pg_index/, rows: [['silver_stage_1_pkey', 'UNIQUE USING btree (id)']] },
      { match: /aclexplode/, rows: [['reader', 'SELECT', false]] },
      { match: /^SELECT count\(\*\) FROM "public"\."events"$/, rows: [[3]] }
    ]);
    const plan = { ...SWAP_PLAN, indexesAfterLoad: ['ALTER TABLE "public"."silver_stage_1" ADD CONSTRAINT silver_stage_1_pkey PRIMARY KEY (id)'] };
    expect(await mergeStaging(database, plan, 3)).toEqual({ staged: 3, method: 'swap' });
    const changes = database.statements.filter(sql => !/^SELECT|^WITH/.test(sql));
    expect(changes).toEqual([
      'ALTER TABLE "public"."silver_stage_1" ADD CONSTRAINT silver_stage_1_pkey PRIMARY KEY (id)',
      'BEGIN',
      "SET LOCAL work_mem = '64MB'",
      'LOCK TABLE "public"."events" IN ACCESS EXCLUSIVE MODE',
      'ALTER TABLE "public"."events" RENAME TO "silver_stage_1_old"',
      'ALTER TABLE "public"."silver_stage_1" RENAME TO "events"',
      'GRANT SELECT ON "public"."events" TO reader',
      'DROP TABLE "public"."silver_stage_1_old"',
      'ALTER INDEX "public"."silver_stage_1_pkey" RENAME TO "events_pkey"',
      'COMMIT'
    ]);
    // The one count is of the swapped-in table, under the rename's lock, just before COMMIT.
    expect(database.statements.filter(sql => /^SELECT count\(\*\) FROM/.test(sql))).toEqual(['SELECT count(*) FROM "public"."events"']);
    expect(database.statements.indexOf('SELECT count(*) FROM "public"."events"')).toBe(database.statements.indexOf('COMMIT') - 1);
  });

  it('rolls back a PostgreSQL swap whose swapped-in table holds other than Spark wrote, and leaves the old table in place', async () => {
    const database = new ScriptedDatabase('postgres', [
      { match: /a view or rule reads it/, rows: [] },
      { match: /FROM pg_index/, rows: [] },
      { match: /FROM pg_index/, rows: [] },
      { match: /^SELECT count\(\*\) FROM "public"\."events"$/, rows: [[4]] }
    ]);
    await expect(mergeStaging(database, SWAP_PLAN, 3)).rejects.toMatchObject({ ename: 'SilverCountMismatch', evalue: expect.stringMatching(/Spark wrote 3 rows but the staging table holds 4/) });
    expect(database.statements.slice(-1)).toEqual(['ROLLBACK']);
    expect(database.statements).not.toContain('COMMIT');
  });

  it('copies on PostgreSQL when the target gained a dependent after the staging table was made, or an index has no twin', async () => {
    for (const answers of [
      [{ match: /a view or rule reads it/, rows: [['a foreign key references it or it has one']] }],
      [
        { match: /a view or rule reads it/, rows: [] },
        { match: /FROM pg_index/, rows: [['events_pkey', 'UNIQUE USING btree (id)']] },
        { match: /FROM pg_index/, rows: [] }
      ]
    ]) {
      const database = new ScriptedDatabase('postgres', [
        { match: /^SELECT count\(\*\) FROM "public"\."silver_stage_1"$/, rows: [[3]] },
        { match: /^SELECT count\(\*\) FROM "public"\."events"$/, rows: [[5]] },
        ...answers,
        { match: /^SELECT count\(\*\) FROM "public"\."events"$/, rows: [[3]] }
      ]);
      expect(await mergeStaging(database, SWAP_PLAN, 3)).toMatchObject({ after: 3, method: 'copy' });
      expect(database.statements.filter(sql => /^(DELETE|INSERT|ALTER|DROP)/.test(sql))).toEqual([
        'DELETE FROM "public"."events"',
        'INSERT INTO "public"."events" ("id", "name") SELECT "id", "name" FROM "public"."silver_stage_1"',
        'DROP TABLE "public"."silver_stage_1"'
      ]);
    }
  });

  it('swaps on MySQL with one RENAME TABLE after the counts, and leaves the target alone when the staging count is wrong', async () => {
    const mysqlPlan: ISilverPlan = { ...SWAP_PLAN, target: { schema: 'db', name: 'events' }, staging: { schema: 'db', name: 'silver_stage_1' } };
    const answers = (staged: number): { match: RegExp; rows: unknown[][] }[] => [{ match: /^SELECT count\(\*\) FROM `db`\.`silver_stage_1`$/, rows: [[staged]] }];
    const database = new ScriptedDatabase('mysql', answers(3));
    expect(await mergeStaging(database, mysqlPlan, 3)).toEqual({ staged: 3, method: 'swap' });
    // The staging table is counted once; the target's count is read after, by the caller.
    expect(database.statements.filter(sql => /^SELECT count\(\*\) FROM/.test(sql))).toEqual(['SELECT count(*) FROM `db`.`silver_stage_1`']);
    expect(database.statements.filter(sql => !/^SELECT/.test(sql))).toEqual([
      'START TRANSACTION',
      'RENAME TABLE `db`.`events` TO `db`.`silver_stage_1_old`, `db`.`silver_stage_1` TO `db`.`events`',
      'DROP TABLE IF EXISTS `db`.`silver_stage_1_old`'
    ]);
    // RENAME refused by the server renamed nothing: its error as it is. The connection lost during it: the outcome is unknown.
    const refused = new ScriptedDatabase('mysql', answers(3), /^RENAME/);
    await expect(mergeStaging(refused, mysqlPlan, 3)).rejects.toMatchObject({ message: 'server closed the connection unexpectedly' });
    const lost = new ScriptedDatabase('mysql', answers(3));
    lost.query = async (sql: string) => (/^RENAME/.test(sql) ? Promise.reject(Object.assign(new Error('Connection lost'), { fatal: true })) : ScriptedDatabase.prototype.query.call(lost, sql));
    await expect(mergeStaging(lost, mysqlPlan, 3)).rejects.toMatchObject({ ename: 'SilverCommitUnknown' });
    const miscounted = new ScriptedDatabase('mysql', answers(4));
    await expect(mergeStaging(miscounted, mysqlPlan, 3)).rejects.toMatchObject({ ename: 'SilverCountMismatch' });
    expect(miscounted.statements.filter(sql => /^(RENAME|DELETE|INSERT)/.test(sql))).toEqual([]);
  });

  it('refuses a result with columns no database type fits before any statement', async () => {
    const database = new ScriptedDatabase('postgres', []);
    await expect(
      prepareStaging(database, { table: { name: 't' }, mode: 'append', keys: [], fields: [{ name: 'tags', type: { type: 'array', elementType: 'string' }, nullable: true }] })
    ).rejects.toMatchObject({ ename: 'SilverSchemaError', evalue: expect.stringMatching(/cannot write tags \(array\).*to_json\(col\)/) });
    expect(database.statements).toEqual([]);
  });
});
