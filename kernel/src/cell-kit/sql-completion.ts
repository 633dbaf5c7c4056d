import { ICatalogTable, ICatalogTableDetail } from '@jupyterlab-emr/common';
import { within } from '../livy/within';
import { Logger } from '../log';
import { ISqlTableRef, sqlCursorContext } from './sql-context';
import { SqlDialect, sqlWords } from './sql-keywords';

const log = new Logger('completion');

/** The names a SQL cell's completion reads: a catalog's cache (catalog/CatalogCache is one). */
export interface ISqlNames {
  databases(): Promise<string[]>;
  /** The current database's tables when `database` is undefined. */
  tables(database?: string): Promise<ICatalogTable[]>;
  table(database: string | undefined, name: string): Promise<ICatalogTableDetail>;
}

/** What a SQL cell completes against: its dialect's words, and the names of its catalog if it has one now. */
export interface ISqlCatalog {
  dialect: SqlDialect;
  names?: ISqlNames;
}

export interface ISqlMatches {
  matches: string[];
  start: number;
  end: number;
}

const same = (a: string | undefined, b: string | undefined): boolean => a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();

/** The columns of a table the statement names, if the catalog lists it (an unknown name costs no look-up). */
async function columnsOf(ref: ISqlTableRef, names: ISqlNames): Promise<string[]> {
  const listed = (await names.tables(ref.database)).find(table => same(table.name, ref.name));
  return listed ? (await names.table(ref.database, listed.name)).columns.map(column => column.name) : [];
}

async function namesAt(context: ReturnType<typeof sqlCursorContext>, names: ISqlNames): Promise<string[]> {
  const { qualifier, tables, wantsTable } = context;
  if (qualifier.length === 0) {
    if (wantsTable) {
      const [listed, databases] = await Promise.all([names.tables(), names.databases().catch(() => [])]);
      return [...listed.map(table => table.name), ...databases];
    }
    // Every table the statement names but the one being typed (`FROM acc|` names `acc`).
    const named = tables.filter(ref => !same(ref.name, context.prefix));
    return (await Promise.all(named.map(ref => columnsOf(ref, names).catch(() => [])))).flat();
  }
  const last = qualifier[qualifier.length - 1];
  const database = qualifier.length > 1 ? qualifier[qualifier.length - 2] : undefined;
  // `s.` where s is an alias or a table named in the statement: that table's columns.
  const ref = wantsTable ? undefined : tables.find(table => same(table.alias, last) || (same(table.name, last) && (database === undefined || same(table.database, database))));
  if (ref) {
    return columnsOf(ref, names);
  }
  // `db.`: the database's tables; else (a table not named yet) its columns.
  const inDatabase = await names.tables(last).catch(() => [] as ICatalogTable[]);
  return inDatabase.length > 0 || wantsTable ? inDatabase.map(table => table.name) : columnsOf({ database, name: last }, names).catch(() => []);
}

/**
 * Completion in a SQL body: names from the catalog (tables after FROM/JOIN/INTO/TABLE, a table's
 * columns after its alias and a dot, the columns of the tables the statement names) and the
 * dialect's keywords and functions. A catalog that does not answer within `timeoutMs` leaves
 * the keywords; its answer is cached for the next time.
 */
export async function completeSql(sql: string, cursor: number, catalog: ISqlCatalog, timeoutMs: number): Promise<ISqlMatches> {
  const context = sqlCursorContext(sql, cursor);
  const { prefix } = context;
  const typed = prefix.toLowerCase();
  let found: string[] = [];
  if (catalog.names && (prefix !== '' || context.wantsTable || context.qualifier.length > 0)) {
    try {
      found = await within(namesAt(context, catalog.names), timeoutMs);
    } catch (error) {
      log.debug('The catalog did not answer for completion; offering keywords.', error);
    }
  }
  const names = [...new Set(found.filter(name => name.toLowerCase().startsWith(typed)))].sort((a, b) => a.localeCompare(b));
  const keywords =
    // Where a table name goes, names only: keywords would bury them.
    prefix === '' || context.qualifier.length > 0 || context.wantsTable
      ? []
      : sqlWords(catalog.dialect)
          .filter(word => word.startsWith(prefix.toUpperCase()))
          .map(word => (prefix === prefix.toLowerCase() ? word.toLowerCase() : word));
  return { matches: [...names, ...keywords.filter(word => !names.includes(word))], start: context.start, end: cursor };
}
