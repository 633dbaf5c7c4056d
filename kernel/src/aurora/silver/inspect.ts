import { UserError } from '../../core/errors';
import { SilverMode } from '../cell-commands';
import { IDatabase } from '../database';
import { engineFor } from '../engines/registry';
import { ISqlDialect, ITableRef } from '../sql-dialect';
import { byName } from './columns';
import { ISilverRun } from './resolve';
import { marker, readMarker, SilverSource, viewExistsCode } from './session-code';

/** What the database says of the target before any row moves. */
export interface ITargetFacts {
  target: ITableRef;
  exists: boolean;
  mode: SilverMode;
  /** The target's columns in order (none when it does not exist yet). */
  columns: string[];
  /** The upsert keys as the target spells them, checked against its unique indexes. */
  keys: string[];
  /** An overwrite that nothing blocks: the staging table will take the target's place. */
  swap: boolean;
}

/** Step 2 of %%silver: what is there before anything moves, on both sides. */
export interface ISilverInspection {
  facts: ITargetFacts;
  /** Whether the server lets the executors load a local file (the engine decides what that means). */
  localLoad: boolean;
  /** The rows the cell names. */
  source: SilverSource;
}

/** Inspects the target table, the server's load options and the source; nothing changes here. */
export async function inspectRun(run: ISilverRun): Promise<ISilverInspection> {
  const { command, database } = run;
  const facts = await inspectTarget(database, { table: command.table, mode: command.mode, keys: command.keys });
  const localLoad = await engineFor(database.engine).allowsLocalLoad(database);
  const source = await resolveSource(run);
  return { facts, localLoad, source };
}

/** Finds the target, reads its columns, checks the upsert key and whether an overwrite can swap. Nothing changes here. */
export async function inspectTarget(database: IDatabase, request: { table: { schema?: string; name: string }; mode: SilverMode; keys: string[] }): Promise<ITargetFacts> {
  const engine = engineFor(database.engine);
  const { dialect } = engine;
  const { ref: target, exists } = await findTarget(database, dialect, request.table);
  if (!exists) {
    return { target, exists, mode: request.mode, columns: [], keys: request.keys, swap: false };
  }
  const columns = (await database.query(dialect.columnsSql, [target.schema, target.name])).rows.map(row => String(row[0]));
  const keys = request.keys.map(key => byName(columns, key));
  if (keys.some(key => key === undefined)) {
    throw new UserError(`%%silver: --key ${request.keys.join(',')} must name columns of ${target.schema}.${target.name} (${columns.join(', ')}).`, 'SilverSchemaError');
  }
  if (request.mode === 'upsert') {
    await checkUniqueKey(database, dialect, target, keys as string[]);
  }
  const swap = request.mode === 'overwrite' && (await engine.swapBlockers(database, target)).length === 0;
  return { target, exists, mode: request.mode, columns, keys: keys as string[], swap };
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

async function checkUniqueKey(database: IDatabase, dialect: ISqlDialect, target: ITableRef, keys: string[]): Promise<void> {
  const indexes = (await database.query(dialect.uniqueIndexesSql, [target.schema, target.name])).rows.map(row => String(row[0]).split(','));
  const wanted = [...keys].sort().join(',');
  if (!indexes.some(columns => [...columns].sort().join(',') === wanted)) {
    throw new UserError(
      `%%silver --mode upsert needs a primary key or unique index on exactly (${keys.join(', ')}) in ${target.schema}.${target.name}, and there is none. ` +
        `Create one (ALTER TABLE … ADD PRIMARY KEY / CREATE UNIQUE INDEX … (${keys.join(', ')})) or give --key the columns of an existing one.`,
      'SilverTargetError'
    );
  }
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
