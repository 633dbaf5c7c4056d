import { mergeStaging } from '../../../../kernel/src/aurora/silver/merge';
import { ISilverPlan, prepareStaging } from '../../../../kernel/src/aurora/silver/plan';
import { ScriptedDatabase } from './scripted-database';

// Issue 23: an upsert into a table without a unique index on the key (delete+insert), keys on a
// first load, rows that share a key, and --evolve, as the statements the kernel sends.

const PLAN: ISilverPlan = {
  target: { schema: 'public', name: 'paths' },
  staging: { schema: 'public', name: 'silver_stage_1' },
  mode: 'upsert',
  columns: ['path', 'hits'],
  keys: ['path'],
  createTarget: false,
  upsertBy: 'delete+insert'
};

const FIELDS = [
  { name: 'path', type: 'string', nullable: false },
  { name: 'hits', type: 'long', nullable: true }
];

const existing = (engine: 'postgres' | 'mysql', extra: { match: RegExp; rows: unknown[][] }[] = []): { match: RegExp; rows: unknown[][] }[] => [
  { match: /FROM information_schema\.tables/, rows: [[engine === 'postgres' ? 'public' : 'silver', 'paths']] },
  {
    match: /FROM information_schema\.columns/,
    rows: [
      ['path', 'text', 'YES', false],
      ['hits', 'bigint', 'YES', false]
    ]
  },
  ...extra
];

describe('%%silver upsert into any table', () => {
  it("upserts by delete+insert on PostgreSQL: proves the keys unique with an index, deletes the rows whose key comes in, inserts, and checks the total from the statements' own counts before COMMIT", async () => {
    const database = new ScriptedDatabase('postgres', [
      { match: /^SELECT count\(\*\) FROM "public"\."silver_stage_1"$/, rows: [[4]] },
      { match: /^SELECT count\(\*\) FROM "public"\."paths"$/, rows: [[10]] },
      { match: /^DELETE/, rows: [], affected: 3 },
      { match: /^INSERT/, rows: [], affected: 4 }
    ]);
    expect(await mergeStaging(database, PLAN, 4)).toEqual({ staged: 4, before: 10, after: 11 });
    expect(database.statements).toEqual([
      'CREATE UNIQUE INDEX "silver_stage_1_keys" ON "public"."silver_stage_1" ("path")',
      'SELECT 1 FROM "public"."silver_stage_1" WHERE "path" IS NULL LIMIT 1',
      'BEGIN',
      "SET LOCAL work_mem = '64MB'",
      'LOCK TABLE "public"."paths" IN SHARE ROW EXCLUSIVE MODE',
      'SELECT count(*) FROM "public"."silver_stage_1"',
      'SELECT count(*) FROM "public"."paths"',
      'DELETE FROM "public"."paths" t USING "public"."silver_stage_1" s WHERE t."path" = s."path"',
      'INSERT INTO "public"."paths" ("path", "hits") SELECT "path", "hits" FROM "public"."silver_stage_1"',
      'DROP TABLE "public"."silver_stage_1"',
      'COMMIT'
    ]);
  });

  it("deletes with MySQL's multi-table DELETE, and rolls back when the total is off", async () => {
    const plan = { ...PLAN, target: { schema: 'silver', name: 'paths' }, staging: { schema: 'silver', name: 'silver_stage_1' } };
    const database = new ScriptedDatabase('mysql', [
      { match: /^SELECT count\(\*\) FROM `silver`\.`silver_stage_1`$/, rows: [[4]] },
      { match: /^SELECT count\(\*\) FROM `silver`\.`paths`$/, rows: [[10]] },
      { match: /^DELETE/, rows: [], affected: 3 },
      { match: /^INSERT/, rows: [], affected: 5 }
    ]);
    await expect(mergeStaging(database, plan, 4)).rejects.toMatchObject({ ename: 'SilverCountMismatch', evalue: expect.stringMatching(/would hold 12 rows, not the 11 expected/) });
    expect(database.statements).toContain('DELETE t FROM `silver`.`paths` t JOIN `silver`.`silver_stage_1` s ON t.`path` = s.`path`');
    expect(database.statements.slice(-1)).toEqual(['ROLLBACK']);
    expect(database.statements).not.toContain('COMMIT');
  });

  it('refuses rows that share a key before the transaction, naming how many keys and up to five, once the unique index would not build', async () => {
    const duplicates = [
      {
        match: /HAVING count\(\*\) > 1/,
        rows: [
          ['/a', 2, 7],
          ['/b', 3, 7]
        ]
      }
    ];
    const database = new ScriptedDatabase('postgres', duplicates, /^CREATE UNIQUE INDEX/);
    await expect(mergeStaging(database, PLAN, 9)).rejects.toMatchObject({
      ename: 'SilverDuplicateKeys',
      evalue: expect.stringMatching(/the result has 7 keys of \(path\) that occur more than once, such as path=\/a \(2 rows\); path=\/b \(3 rows\)\. Nothing was written to public\.paths/)
    });
    expect(database.statements).toHaveLength(2);
    expect(database.statements[1]).toMatch(/LIMIT 5$/);
  });

  it('looks for shared keys with the GROUP BY when NULL keys came (a unique index lets them all in), and when the staging table becomes or shapes the target', async () => {
    const withNulls = new ScriptedDatabase('postgres', [
      { match: /IS NULL LIMIT 1$/, rows: [[1]] },
      { match: /HAVING count\(\*\) > 1/, rows: [[null, 2, 1]] }
    ]);
    await expect(mergeStaging(withNulls, PLAN, 9)).rejects.toMatchObject({
      ename: 'SilverDuplicateKeys',
      evalue: expect.stringMatching(/1 key of \(path\) that occur more than once, such as path=null \(2 rows\)/)
    });
    for (const plan of [
      { ...PLAN, createTarget: true },
      { ...PLAN, mode: 'overwrite' as const, swap: true }
    ]) {
      const database = new ScriptedDatabase('mysql', [{ match: /HAVING count\(\*\) > 1/, rows: [['/a', 2, 1]] }]);
      await expect(mergeStaging(database, plan, 9)).rejects.toMatchObject({ ename: 'SilverDuplicateKeys' });
      expect(database.statements).toHaveLength(1);
    }
  });

  it('chooses the strategy from the indexes: merge on a unique index of exactly the key, else delete+insert', async () => {
    const keyed = new ScriptedDatabase('postgres', existing('postgres', [{ match: /FROM pg_index/, rows: [['path']] }]));
    expect(await prepareStaging(keyed, { table: { schema: 'public', name: 'paths' }, mode: 'upsert', keys: ['path'], fields: FIELDS }, 's1')).toMatchObject({ upsertBy: 'merge' });
    const keyless = new ScriptedDatabase('postgres', existing('postgres', [{ match: /FROM pg_index/, rows: [['path,hits']] }]));
    expect(await prepareStaging(keyless, { table: { schema: 'public', name: 'paths' }, mode: 'upsert', keys: ['path'], fields: FIELDS }, 's1')).toMatchObject({ upsertBy: 'delete+insert' });
  });

  it('makes --key the primary key of a new table in any mode, and of the table an overwrite swaps in', async () => {
    const fresh = new ScriptedDatabase('mysql', [{ match: /^SELECT DATABASE\(\)$/, rows: [['silver']] }]);
    const created = await prepareStaging(fresh, { table: { name: 'paths' }, mode: 'append', keys: ['path'], fields: FIELDS }, 's1');
    expect(created).toMatchObject({ createTarget: true, keys: ['path'] });
    expect(fresh.statements.slice(-1)).toEqual(['CREATE TABLE `silver`.`s1` (`path` VARCHAR(255) NOT NULL, `hits` BIGINT)']);

    const swapped = new ScriptedDatabase('mysql', existing('mysql'));
    const plan = await prepareStaging(swapped, { table: { name: 'paths' }, mode: 'overwrite', keys: ['path'], fields: FIELDS }, 's1');
    expect(plan).toMatchObject({ swap: true, addPrimaryKey: true, indexesAfterLoad: ['ALTER TABLE `silver`.`s1` ADD PRIMARY KEY (`path`)'] });
  });

  it('refuses --key where it cannot apply: an append into a table that exists, a different primary key, a table that cannot be swapped', async () => {
    const request = (mode: 'append' | 'overwrite'): Parameters<typeof prepareStaging>[1] => ({ table: { name: 'paths' }, mode, keys: ['path'], fields: FIELDS });
    await expect(prepareStaging(new ScriptedDatabase('mysql', existing('mysql')), request('append'))).rejects.toMatchObject({
      evalue: expect.stringMatching(/--key with --mode append makes the primary key of a table the cell creates, and silver\.paths exists/)
    });
    const otherKey = new ScriptedDatabase('mysql', existing('mysql', [{ match: /index_name = 'PRIMARY'/, rows: [['hits']] }]));
    await expect(prepareStaging(otherKey, request('overwrite'))).rejects.toMatchObject({ evalue: expect.stringMatching(/has the primary key \(hits\), which --key path would replace/) });
    const blocked = new ScriptedDatabase('mysql', existing('mysql', [{ match: /it has triggers/, rows: [['it has triggers']] }]));
    await expect(prepareStaging(blocked, request('overwrite'))).rejects.toMatchObject({ evalue: expect.stringMatching(/cannot be swapped: it has triggers/) });
  });

  it('with --evolve adds the new columns to the staging table, and to the target inside the transaction on PostgreSQL', async () => {
    const database = new ScriptedDatabase('postgres', existing('postgres'));
    const fields = [...FIELDS, { name: 'referrer', type: 'string', nullable: true }];
    const plan = await prepareStaging(database, { table: { schema: 'public', name: 'paths' }, mode: 'append', keys: [], fields, evolve: true }, 's1');
    expect(plan).toMatchObject({ columns: ['path', 'hits', 'referrer'], addColumns: [{ name: 'referrer', type: 'text' }] });
    expect(database.statements.slice(-2)).toEqual(['CREATE UNLOGGED TABLE "public"."s1" (LIKE "public"."paths" INCLUDING DEFAULTS)', 'ALTER TABLE "public"."s1" ADD COLUMN "referrer" text']);
    const merging = new ScriptedDatabase('postgres', [
      { match: /^SELECT count\(\*\) FROM "public"\."s1"$/, rows: [[1]] },
      { match: /^SELECT count\(\*\) FROM "public"\."paths"$/, rows: [[0]] },
      { match: /^SELECT count\(\*\) FROM "public"\."paths"$/, rows: [[1]] }
    ]);
    await mergeStaging(merging, plan, 1);
    expect(merging.statements.filter(sql => !sql.startsWith('SELECT'))).toEqual([
      'BEGIN',
      "SET LOCAL work_mem = '64MB'",
      'LOCK TABLE "public"."paths" IN SHARE ROW EXCLUSIVE MODE',
      'ALTER TABLE "public"."paths" ADD COLUMN "referrer" text',
      'INSERT INTO "public"."paths" ("path", "hits", "referrer") SELECT "path", "hits", "referrer" FROM "public"."s1"',
      'DROP TABLE "public"."s1"',
      'COMMIT'
    ]);
  });

  it('with --evolve on MySQL, where DDL commits, adds the columns before the transaction and says so for the cleanup', async () => {
    const plan: ISilverPlan = {
      ...PLAN,
      mode: 'append',
      keys: [],
      target: { schema: 'silver', name: 'paths' },
      staging: { schema: 'silver', name: 's1' },
      addColumns: [{ name: 'referrer', type: 'LONGTEXT' }]
    };
    const database = new ScriptedDatabase('mysql', [
      { match: /^SELECT count\(\*\) FROM `silver`\.`s1`$/, rows: [[1]] },
      { match: /^SELECT count\(\*\) FROM `silver`\.`paths`$/, rows: [[0]] },
      { match: /^SELECT count\(\*\) FROM `silver`\.`paths`$/, rows: [[1]] }
    ]);
    let evolved = false;
    await mergeStaging(database, plan, 1, { evolvedTarget: () => (evolved = true) });
    expect(evolved).toBe(true);
    expect(database.statements.slice(0, 2)).toEqual(['ALTER TABLE `silver`.`paths` ADD COLUMN `referrer` LONGTEXT', 'START TRANSACTION']);
  });
});
