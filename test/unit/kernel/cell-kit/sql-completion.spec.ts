import { ICatalogTable, ICatalogTableDetail } from '@jupyterlab-emr/common';
import { completeCell, ICompletionSources } from '../../../../kernel/src/cell-kit/completion';
import { ILivyConnection } from '../../../../kernel/src/cell-kit/context';
import { MagicRegistry } from '../../../../kernel/src/cell-kit/registry';
import { ISqlCatalog, ISqlNames } from '../../../../kernel/src/cell-kit/sql-completion';
import { sqlCursorContext, tablesNamed } from '../../../../kernel/src/cell-kit/sql-context';
import { SqlDialect } from '../../../../kernel/src/cell-kit/sql-keywords';
import { MAGIC_SPECS } from '../../../../kernel/src/magics/features';

/** A catalog held in memory: databases → tables → columns, counting the table look-ups asked for. */
class MemoryNames implements ISqlNames {
  readonly opened: string[] = [];

  constructor(
    private readonly _tables: Record<string, Record<string, string[]>>,
    private readonly _current = 'default'
  ) {}

  async databases(): Promise<string[]> {
    return Object.keys(this._tables);
  }

  async tables(database = this._current): Promise<ICatalogTable[]> {
    return Object.keys(this._tables[database] ?? {}).map(name => ({ database, name }));
  }

  async table(database = this._current, name: string): Promise<ICatalogTableDetail> {
    this.opened.push(`${database}.${name}`);
    const columns = this._tables[database]?.[name];
    if (!columns) {
      throw new Error(`no table ${database}.${name}`);
    }
    return { database, name, columns: columns.map(column => ({ name: column, type: 'string' })) };
  }
}

const CATALOG = {
  default: { accounts: ['id', 'owner', 'balance'], access_log: ['ts', 'path'] },
  silver: { events: ['event_id', 'status', 'started_at'], sessions: ['session_id'] }
};

function completer(names: ISqlNames | undefined, dialect: SqlDialect = 'spark'): (code: string) => Promise<string[]> {
  const connection: ILivyConnection = { current: () => undefined, require: () => Promise.reject(new Error('no Livy')) as never, switchTo: async () => Promise.reject(new Error('no Livy')) };
  const sources: ICompletionSources = {
    registry: new MagicRegistry(MAGIC_SPECS),
    connection,
    defaultMagic: 'scala',
    timeoutMs: 1000,
    sqlCatalog: async (): Promise<ISqlCatalog> => ({ dialect, names })
  };
  // `|` marks the cursor.
  return async code => (await completeCell(code.replace('|', ''), [...code.slice(0, code.indexOf('|'))].length, sources)).matches;
}

describe('SQL completion from the catalog', () => {
  it('completes a table of the current database after FROM, and databases', async () => {
    const complete = completer(new MemoryNames(CATALOG));
    expect(await complete('%%sql\nSELECT * FROM acc|')).toEqual(['access_log', 'accounts']);
    expect(await complete('%%sql\nSELECT * FROM s|')).toEqual(['silver']);
    expect(await complete('%%sql\nSELECT * FROM a JOIN |')).toEqual(['access_log', 'accounts', 'default', 'silver']);
  });

  it('completes the tables of a database after its name and a dot', async () => {
    const complete = completer(new MemoryNames(CATALOG));
    expect(await complete('%%sql\nSELECT * FROM silver.e|')).toEqual(['events']);
    expect(await complete('%%sql\nINSERT INTO silver.|')).toEqual(['events', 'sessions']);
  });

  it("completes a column after a table's alias and a dot, the alias written after the cursor", async () => {
    const names = new MemoryNames(CATALOG);
    const complete = completer(names);
    expect(await complete('%%sql\nSELECT s.st| FROM silver.events s')).toEqual(['started_at', 'status']);
    expect(await complete('%%sql\nSELECT e.| FROM silver.events AS e')).toEqual(['event_id', 'started_at', 'status']);
    expect(await complete('%%sql\nSELECT accounts.ba| FROM accounts')).toEqual(['balance']);
  });

  it('completes the columns of every table the statement names, before the keywords', async () => {
    const complete = completer(new MemoryNames(CATALOG));
    expect(await complete('%%sql\nSELECT o| FROM accounts a JOIN silver.events e ON a.id = e.event_id')).toEqual(['owner', 'offset', 'on', 'or', 'order', 'outer', 'over', 'overwrite']);
  });

  it('looks up no table the catalog does not list (the name being typed, a typo)', async () => {
    const names = new MemoryNames(CATALOG);
    const complete = completer(names);
    await complete('%%sql\nSELECT ow| FROM acc');
    await complete('%%sql\nSELECT x.ow| FROM nosuch x');
    expect(names.opened).toEqual([]);
  });

  it("offers the cell dialect's keywords and functions", async () => {
    expect(await completer(undefined, 'postgres')('%%aurora\nSELECT * FROM t WHERE name ili|')).toEqual(['ilike']);
    expect(await completer(undefined, 'mysql')('%%aurora\nSELECT GROUP_C|')).toEqual(['GROUP_CONCAT']);
    expect(await completer(undefined, 'spark')('%%sql\nSELECT GROUP_C|')).toEqual([]);
  });

  it('completes in a Zeppelin %sql paragraph and in the statement the cursor is in', async () => {
    const complete = completer(new MemoryNames(CATALOG));
    expect(await complete('%sql\nSELECT * FROM silver.s|')).toEqual(['sessions']);
    expect(await complete('%%sql\nSELECT * FROM accounts;\nSELECT x.| FROM silver.events x')).toEqual(['event_id', 'started_at', 'status']);
  });

  it('answers with keywords when the catalog does not answer in time', async () => {
    const slow: ISqlNames = { databases: () => new Promise(() => undefined), tables: () => new Promise(() => undefined), table: () => new Promise(() => undefined) };
    const connection: ILivyConnection = { current: () => undefined, require: () => undefined as never, switchTo: async () => undefined as never };
    const started = Date.now();
    const result = await completeCell('%%sql\nSELECT * FRO', 17, {
      registry: new MagicRegistry(MAGIC_SPECS),
      connection,
      defaultMagic: 'scala',
      timeoutMs: 200,
      sqlCatalog: async () => ({ dialect: 'spark', names: slow })
    });
    expect(result.matches).toEqual(['FROM']);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe('the statement around the cursor', () => {
  it('reads the tables a statement names with their aliases, quoted or not, in FROM lists too', () => {
    expect(tablesNamed('SELECT * FROM silver.events s JOIN `default`.accounts AS a ON s.x = a.y, logs l WHERE 1 = 1')).toEqual([
      { database: 'silver', name: 'events', alias: 's' },
      { database: 'default', name: 'accounts', alias: 'a' }
    ]);
    expect(tablesNamed('SELECT * FROM a x, b y WHERE x.id = y.id')).toEqual([
      { name: 'a', alias: 'x' },
      { name: 'b', alias: 'y' }
    ]);
    expect(tablesNamed('SELECT * FROM events WHERE id = 1')).toEqual([{ name: 'events' }]);
  });

  it('ignores words in strings and comments', () => {
    const context = sqlCursorContext("SELECT 'from x' -- join y\n FROM t WHERE c", 40);
    expect(context.tables).toEqual([{ name: 't' }]);
    expect(context.wantsTable).toBe(false);
  });
});
