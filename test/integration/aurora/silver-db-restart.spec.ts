import { IConnectionParams } from '../../../kernel/src/aurora/credentials';
import { IDatabase } from '../../../kernel/src/aurora/database';
import { databaseUserError } from '../../../kernel/src/aurora/database-errors';
import { openDatabase } from '../../../kernel/src/aurora/open-database';
import { dropStaging } from '../../../kernel/src/aurora/silver/cleanup';
import { ISilverPlan, prepareStaging } from '../../../kernel/src/aurora/silver/plan';
import { mergeStaging } from '../../../kernel/src/aurora/silver/merge';
import { POSTGRES_DIALECT } from '../../../kernel/src/aurora/engines/postgres';
import { ISparkField, qualified } from '../../../kernel/src/aurora/sql-dialect';
import { OwnPostgres } from './own-postgres';

// Issue 9's database fault on a PostgreSQL of the test's own (the shared one must not be crashed):
// the kernel's merge transaction is inside the target when the server crashes; after the restart
// the target is exactly as it was, and the re-run of the write is exact.

const FIELDS: ISparkField[] = [
  { name: 'id', type: 'long', nullable: false },
  { name: 'name', type: 'string', nullable: true }
];

describe('%%silver merge when the database crashes and restarts', () => {
  let server: OwnPostgres;
  let params: IConnectionParams;
  const opened: IDatabase[] = [];
  const open = async (): Promise<IDatabase> => {
    const database = await openDatabase(params);
    opened.push(database);
    return database;
  };
  const dump = async (database: IDatabase): Promise<string> => JSON.stringify((await database.query('SELECT id, name FROM public.events ORDER BY id')).rows);
  const fill = async (database: IDatabase, plan: ISilverPlan): Promise<number> =>
    (await database.query(`INSERT INTO ${qualified(POSTGRES_DIALECT, plan.staging)} (id, name) VALUES (2, 'b2'), (3, 'c2'), (4, 'd')`)).affected as number;

  beforeAll(async () => {
    server = await OwnPostgres.start();
    params = { target: 'own', engine: 'postgres', host: '127.0.0.1', port: server.port, database: 'postgres', user: server.user, password: server.password, ssl: false };
  }, 120_000);

  afterAll(async () => {
    for (const database of opened) {
      await database.close();
    }
    await server?.stop();
  });

  it('leaves the target unchanged and re-runs exactly', async () => {
    const setup = await open();
    await setup.query('CREATE TABLE public.events (id BIGINT PRIMARY KEY, name TEXT)');
    await setup.query("INSERT INTO public.events VALUES (1, 'a'), (2, 'b'), (3, 'c')");
    const before = await dump(setup);

    const merger = await open();
    const plan = await prepareStaging(merger, { table: { schema: 'public', name: 'events' }, mode: 'upsert', keys: ['id'], fields: FIELDS });
    const written = await fill(merger, plan);
    const mergerPid = Number((await merger.query('SELECT pg_backend_pid()')).rows[0][0]);
    // Row 2 held by another transaction: the merge's upsert waits on it, inside its transaction.
    await setup.query('BEGIN');
    await setup.query('SELECT * FROM public.events WHERE id = 2 FOR UPDATE');
    const merging = mergeStaging(merger, plan, written).then(
      () => undefined,
      (error: unknown) => error
    );
    const probe = await open();
    for (let waited = 0; ; waited += 50) {
      const blocked = await probe.query("SELECT count(*) FROM pg_stat_activity WHERE pid = $1 AND wait_event_type = 'Lock'", [mergerPid]);
      if (Number(blocked.rows[0][0]) === 1) {
        break;
      }
      if (waited > 20_000) {
        throw new Error('the merge never blocked on the row lock');
      }
      await new Promise(resolve => setTimeout(resolve, 50));
    }

    server.crash();
    const failure = await merging;
    expect(failure).toBeDefined();
    expect(databaseUserError(failure, params, 'merging into public.events')).toMatchObject({ ename: expect.stringMatching(/^Aurora(ConnectionLost|Unreachable)$/) });
    server.startAgain();

    const after = await open();
    expect(await dump(after)).toBe(before);
    // The staging table is unlogged: the crash emptied it, and the cleanup drops it.
    await dropStaging(after, plan, false);
    const rerun = await prepareStaging(after, { table: { schema: 'public', name: 'events' }, mode: 'upsert', keys: ['id'], fields: FIELDS });
    expect(await mergeStaging(after, rerun, await fill(after, rerun))).toEqual({ staged: 3, before: 3, after: 4 });
    expect(await dump(after)).toBe('[[1,"a"],[2,"b2"],[3,"c2"],[4,"d"]]');
    const leftovers = await after.query("SELECT count(*) FROM information_schema.tables WHERE table_name LIKE 'silver_stage_%'");
    expect(Number(leftovers.rows[0][0])).toBe(0);
  });
});
