import { UserError } from '../../core/errors';
import { SilverMode } from '../cell-commands';
import { IDatabase } from '../database';
import { engineFor } from '../engines/registry';
import { ISqlDialect, ITableRef } from '../sql-dialect';
import { byName } from './names';
import { ITargetColumn } from './drift';
import { ISilverRun } from './resolve';
import { marker, readMarker, SilverSource, viewExistsCode } from './session-code';

/** How an upsert merges: on the table's primary key or unique index, or by deleting the rows whose key comes in, then inserting. */
export type UpsertStrategy = 'merge' | 'delete+insert';

/** What the database says of the target before any row moves. */
export interface ITargetFacts {
  target: ITableRef;
  exists: boolean;
  mode: SilverMode;
  /** The target's columns in order (none when it does not exist yet). */
  columns: string[];
  /** The same with their types, nullability and defaults, for the drift check. */
  columnTypes: ITargetColumn[];
  /** The keys as the target spells them. */
  keys: string[];
  /** An overwrite that nothing blocks: the staging table will take the target's place. */
  swap: boolean;
  /** An upsert's strategy: merge where a unique index covers exactly the keys, else delete+insert. */
  upsertBy?: UpsertStrategy;
  /** An overwrite with --key of a table without a primary key: the swapped-in table gets one. */
  addPrimaryKey?: boolean;
  /** The primary key, unique index or neither that the keys found, in words (for --dry-run). */
  keyFound?: string;
}

/** Step 2 of %%silver: what is there before anything moves, on both sides. */
export interface ISilverInspection {
  facts: ITargetFacts;
  /** Whether the server lets the executors load a local file (the engine decides what that means). */
  localLoad: boolean;
  /** The rows the cell names. */
  source: SilverSource;
  /**
   * Whether the plan defines the rows (as the run's view) and reads their schema before the load:
   * a new table is made from their types, and --evolve adds the columns they bring. Into an
   * existing table the writer checks them itself, in the one statement that loads them.
   */
  schemaFirst: boolean;
}

/** Inspects the target table, the server's load options and the source; nothing changes here. */
export async function inspectRun(run: ISilverRun): Promise<ISilverInspection> {
  const { command, database } = run;
  const facts = await inspectTarget(database, { table: command.table, mode: command.mode, keys: command.keys });
  const localLoad = await engineFor(database.engine).allowsLocalLoad(database);
  const source = await resolveSource(run);
  return { facts, localLoad, source, schemaFirst: !facts.exists || command.evolve };
}

/** Finds the target, reads its columns, checks the upsert key and whether an overwrite can swap. Nothing changes here. */
export async function inspectTarget(database: IDatabase, request: { table: { schema?: string; name: string }; mode: SilverMode; keys: string[] }): Promise<ITargetFacts> {
  const engine = engineFor(database.engine);
  const { dialect } = engine;
  const { ref: target, exists } = await findTarget(database, dialect, request.table);
  if (!exists) {
    const keyFound = request.keys.length > 0 ? `primary key (${request.keys.join(', ')}) of the new table` : undefined;
    return { target, exists, mode: request.mode, columns: [], columnTypes: [], keys: request.keys, swap: false, ...(keyFound ? { keyFound } : {}) };
  }
  const columnTypes = (await database.query(dialect.columnsSql, [target.schema, target.name])).rows.map(([name, type, nullable, filled]) => ({
    name: String(name),
    type: String(type),
    family: dialect.typeFamily(String(type)),
    nullable: String(nullable) === 'YES',
    filled: filled === true || Number(filled) === 1
  }));
  const columns = columnTypes.map(column => column.name);
  const keys = request.keys.map(key => byName(columns, key));
  if (keys.some(key => key === undefined)) {
    throw new UserError(`%%silver: --key ${request.keys.join(',')} must name columns of ${target.schema}.${target.name} (${columns.join(', ')}).`, 'SilverSchemaError');
  }
  const blockers = request.mode === 'overwrite' ? await engine.swapBlockers(database, target) : [];
  const facts = { target, exists, mode: request.mode, columns, columnTypes, keys: keys as string[], swap: request.mode === 'overwrite' && blockers.length === 0 };
  return { ...facts, ...(await keyFacts(database, dialect, facts, blockers)) };
}

const sameColumns = (one: string[], other: string[]): boolean => [...one].sort().join(',') === [...other].sort().join(',');

/**
 * What --key means for a table that exists: an upsert merges on a unique index of exactly the keys,
 * or deletes and inserts where there is none; an overwrite gives the swapped-in table the keys as
 * its primary key; an append cannot add a key to a table that holds rows already, and is refused.
 */
async function keyFacts(database: IDatabase, dialect: ISqlDialect, facts: Omit<ITargetFacts, 'upsertBy'>, blockers: string[]): Promise<Partial<ITargetFacts>> {
  const { target, keys, mode } = facts;
  const table = `${target.schema}.${target.name}`;
  if (keys.length === 0) {
    return {};
  }
  if (mode === 'upsert') {
    const indexes = (await database.query(dialect.uniqueIndexesSql, [target.schema, target.name])).rows.map(row => String(row[0]).split(','));
    return indexes.some(columns => sameColumns(columns, keys))
      ? { upsertBy: 'merge', keyFound: `unique index on (${keys.join(', ')})` }
      : { upsertBy: 'delete+insert', keyFound: `none on (${keys.join(', ')})` };
  }
  if (mode === 'append') {
    throw new UserError(
      `%%silver: --key with --mode append makes the primary key of a table the cell creates, and ${table} exists. ` +
        `Drop --key to append, or use --mode upsert --key ${keys.join(',')} to merge by it.`,
      'SilverTargetError'
    );
  }
  const primaryKey = (await database.query(dialect.primaryKeySql, [target.schema, target.name])).rows.map(row => String(row[0]));
  if (primaryKey.length > 0 && sameColumns(primaryKey, keys)) {
    return { keyFound: `primary key (${primaryKey.join(', ')})` };
  }
  if (primaryKey.length > 0) {
    throw new UserError(
      `%%silver: ${table} has the primary key (${primaryKey.join(', ')}), which --key ${keys.join(',')} would replace. Drop --key, or give --key ${primaryKey.join(',')}.`,
      'SilverTargetError'
    );
  }
  if (blockers.length > 0) {
    throw new UserError(
      `%%silver: --key with --mode overwrite gives ${table} its primary key by swapping in a new table, and it cannot be swapped: ${blockers.join('; ')}. ` +
        `Add the key yourself (ALTER TABLE … ADD PRIMARY KEY (${keys.join(', ')})), or drop --key.`,
      'SilverTargetError'
    );
  }
  return { addPrimaryKey: true, keyFound: `none; primary key (${keys.join(', ')}) to be made on the swapped-in table` };
}

async function findTarget(database: IDatabase, dialect: ISqlDialect, table: { schema?: string; name: string }): Promise<{ ref: ITableRef; exists: boolean }> {
  const schema = table.schema ?? String((await database.query(dialect.currentSchemaSql)).rows[0]?.[0] ?? '');
  const found = (await database.query(dialect.findTableSql, [schema, table.name])).rows.map(row => ({ schema: String(row[0]), name: String(row[1]) }));
  const exact = found.find(ref => ref.schema === schema && ref.name === table.name);
  if (exact || found.length === 1) {
    return { ref: exact ?? found[0], exists: true };
  }
  if (found.length > 1) {
    throw new UserError(`%%silver: ${found.map(ref => `${ref.schema}.${ref.name}`).join(' and ')} differ only in case; quote the exact name in --table ("Name").`, 'SilverTargetError');
  }
  // Named as the engine names it (PostgreSQL folds unquoted names to lower case), so later queries find it.
  return { ref: { schema, name: engineFor(dialect.engine).newTableName(table.name) }, exists: false };
}

/** The rows the cell names: the query, or --from a view or table or a DataFrame value (told apart by a statement when the name is plain). */
async function resolveSource({ command, spark, id }: ISilverRun): Promise<SilverSource> {
  if (command.from === undefined) {
    return { kind: 'query', sql: command.query };
  }
  let isView = command.from.includes('.');
  if (!isView) {
    const answer = await spark.run(viewExistsCode(id, command.from), false);
    isView = 'text' in answer && readMarker(answer.text, marker(id, 'EXISTS')) === 'true';
  }
  return isView ? { kind: 'table', name: command.from } : { kind: 'dataframe', name: command.from };
}
