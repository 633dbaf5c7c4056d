import { randomBytes } from 'crypto';
import { UserError } from '../core/errors';
import { SilverMode } from './cell-commands';
import { IAuroraEngine } from './engines/engine';
import { engineFor } from './engines/registry';
import type { AuroraEngine } from './targets';
import { IDatabase } from './database';
import { checkWritableFields, countSql, createTargetSql, insertFromStagingSql, ISparkField, ISqlDialect, ITableRef, newKeysSql, qualified } from './sql-dialect';

// An overwrite can replace the target by renaming a full staging table into its place instead of
// copying every row a second time (DELETE + INSERT … SELECT). That is only the same table afterwards
// when the staging table carries everything the target has and nothing else points at the old
// table by identity; otherwise the merge copies as before.

/** How an overwrite replaced the rows: renaming the staging table into place, or copying its rows. */
export type OverwriteMethod = 'swap' | 'copy';

/** What the kernel decided before any row moves: where rows go, under which column names. */
export interface ISilverPlan {
  target: ITableRef;
  staging: ITableRef;
  mode: SilverMode;
  /** The columns Spark writes, in its order, spelled as the database spells them. */
  columns: string[];
  /** The upsert keys, spelled as the database spells them. */
  keys: string[];
  /** The target does not exist yet: the merge creates it from the staging table. */
  createTarget: boolean;
  /** An overwrite of an existing target that nothing blocks: the staging table is made to take the target's place. */
  swap?: boolean;
  /** Statements that build the staging table's indexes once its rows are in (PostgreSQL swap: the target's indexes). */
  indexesAfterLoad?: string[];
}

export interface ISilverRequest {
  table: { schema?: string; name: string };
  mode: SilverMode;
  keys: string[];
  fields: ISparkField[];
}

export interface IMergeOutcome {
  /** Rows in the staging table, which equal the rows Spark wrote. */
  staged: number;
  /** Rows in the target before and (inside the transaction, just before COMMIT) after; a swap counts only the staging table. */
  before?: number;
  after?: number;
  /** For an overwrite: whether the staging table was renamed into place or its rows copied. */
  method?: OverwriteMethod;
}

const count = async (database: IDatabase, sql: string): Promise<number> => Number((await database.query(sql)).rows[0]?.[0] ?? NaN);

function byName(names: string[], wanted: string): string | undefined {
  return names.find(name => name === wanted) ?? names.find(name => name.toLowerCase() === wanted.toLowerCase());
}

async function findTarget(database: IDatabase, dialect: ISqlDialect, table: ISilverRequest['table']): Promise<{ ref: ITableRef; exists: boolean }> {
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

/** A staging table name no one else uses, within the identifier limits of both engines. */
export function stagingName(random: () => string = () => randomBytes(6).toString('hex')): string {
  return `silver_stage_${random()}`;
}

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

/** Finds the target, reads its columns, checks the upsert key and whether an overwrite can swap. Nothing changes here. */
export async function inspectTarget(database: IDatabase, request: Omit<ISilverRequest, 'fields'>): Promise<ITargetFacts> {
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

/**
 * Matches Spark's columns to the target's, as the database spells them, and the upsert keys to
 * Spark's columns; refuses types no column can take and columns the target lacks.
 */
export function planColumns(engine: AuroraEngine, facts: ITargetFacts, fields: ISparkField[], requestKeys: string[]): { columns: string[]; keys: string[] } {
  checkWritableFields(engineFor(engine).dialect, fields);
  const { target } = facts;
  const sparkNames = fields.map(field => field.name);
  const targetColumns = facts.exists ? facts.columns : sparkNames;
  const missing = sparkNames.filter(name => byName(targetColumns, name) === undefined);
  if (missing.length > 0) {
    throw new UserError(
      `%%silver: ${target.schema}.${target.name} has no column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}, which the result has. ` +
        `Its columns are ${targetColumns.join(', ')}; rename with AS in the query or add the column to the table.`,
      'SilverSchemaError'
    );
  }
  const columns = sparkNames.map(name => byName(targetColumns, name) as string);
  const keys = requestKeys.map(key => byName(columns, key));
  if (keys.some(key => key === undefined)) {
    throw new UserError(`%%silver: --key ${requestKeys.join(',')} must name columns of the result (${sparkNames.join(', ')}).`, 'SilverSchemaError');
  }
  return { columns, keys: keys as string[] };
}

/**
 * Creates the staging table: like the target when it exists (for a swap, carrying everything the
 * target has, its indexes deferred until the rows are in), else from Spark's types.
 */
export async function createStaging(
  database: IDatabase,
  facts: ITargetFacts,
  newTable: { fields: ISparkField[]; keys: string[] } | undefined,
  staging = stagingName()
): Promise<Pick<ISilverPlan, 'staging' | 'indexesAfterLoad'>> {
  const engine = engineFor(database.engine);
  const { dialect } = engine;
  const stagingRef = { schema: facts.target.schema, name: staging };
  if (!facts.exists && !newTable) {
    throw new Error("a staging table for a new target needs the result's fields");
  }
  const createSql = facts.swap
    ? engine.createSwapStagingSql(stagingRef, facts.target)
    : facts.exists || !newTable
      ? dialect.createStagingLike(stagingRef, facts.target)
      : dialect.createStagingFrom(stagingRef, newTable.fields, newTable.keys);
  await database.query(createSql);
  const indexesAfterLoad = facts.swap && engine.deferStagingIndexes ? await engine.deferStagingIndexes(database, stagingRef) : undefined;
  return { staging: stagingRef, ...(indexesAfterLoad ? { indexesAfterLoad } : {}) };
}

/** The plan of a run, from the target's facts, the staging table and the columns Spark writes. */
export function silverPlan(facts: ITargetFacts, staging: Pick<ISilverPlan, 'staging' | 'indexesAfterLoad'>, columns: { columns: string[]; keys: string[] }): ISilverPlan {
  return { target: facts.target, mode: facts.mode, createTarget: !facts.exists, swap: facts.swap, ...staging, ...columns };
}

/**
 * Matches Spark's columns to the target's (or plans to create the target), checks the upsert key,
 * and creates the staging table. Nothing in the target changes here.
 */
export async function prepareStaging(database: IDatabase, request: ISilverRequest, staging = stagingName()): Promise<ISilverPlan> {
  checkWritableFields(engineFor(database.engine).dialect, request.fields);
  const facts = await inspectTarget(database, request);
  const columns = planColumns(database.engine, facts, request.fields, request.keys);
  return silverPlan(facts, await createStaging(database, facts, { fields: request.fields, keys: columns.keys }, staging), columns);
}

/** A merge the kernel refused to commit because the counts do not add up; nothing was changed. */
export class SilverMismatchError extends UserError {
  constructor(message: string) {
    super(message, 'SilverCountMismatch');
  }
}

/**
 * The one transaction that changes the target: overwrite (swap the staging table in, or delete all
 * and insert), append (insert) or upsert (insert, updating rows whose key exists). Before COMMIT it
 * checks the staging table holds exactly the rows Spark wrote and the target holds exactly what the
 * mode implies; otherwise it rolls back. On MySQL, where DDL commits, a missing target is created
 * before the transaction and `createdTarget` tells the caller to drop it again if the merge fails.
 */
export async function mergeStaging(database: IDatabase, plan: ISilverPlan, rowsWritten: number, hooks: { createdTarget?: () => void } = {}): Promise<IMergeOutcome> {
  const engine = engineFor(database.engine);
  const { dialect } = engine;
  const { target, staging } = plan;
  // Before the transaction: the staging table is this run's alone, and the target is not locked while they build.
  for (const sql of plan.indexesAfterLoad ?? []) {
    await database.query(sql);
  }
  if (plan.createTarget && dialect.ddlCommits) {
    for (const sql of createTargetSql(dialect, target, staging, plan.keys)) {
      await database.query(sql);
    }
    hooks.createdTarget?.();
  }
  await database.query(dialect.beginSql);
  try {
    if (plan.createTarget && !dialect.ddlCommits) {
      for (const sql of createTargetSql(dialect, target, staging, plan.keys)) {
        await database.query(sql);
      }
    }
    // Renaming needs the strongest lock; taking it first means the merge never has to upgrade one (a deadlock risk).
    const lock = (plan.swap ? engine.swapInTransaction?.lockSql(target) : undefined) ?? dialect.lockSql(target);
    if (lock) {
      await database.query(lock);
    }
    if (plan.mode === 'overwrite' && plan.swap) {
      const swapped = await swap(database, engine, plan, rowsWritten);
      if (swapped) {
        return swapped;
      }
    }
    const staged = await checkStaged(database, dialect, plan, rowsWritten);
    const before = await count(database, countSql(dialect, target));
    let expected: number;
    if (plan.mode === 'overwrite') {
      await database.query(`DELETE FROM ${qualified(dialect, target)}`);
      expected = staged;
    } else if (plan.mode === 'append') {
      expected = before + staged;
    } else {
      expected = before + (await count(database, newKeysSql(dialect, target, staging, plan.keys)));
    }
    await database.query(insertFromStagingSql(dialect, target, staging, plan.columns, plan.mode === 'upsert' ? plan.keys : []));
    const after = await count(database, countSql(dialect, target));
    if (after !== expected) {
      throw new SilverMismatchError(
        `After the ${plan.mode} ${target.schema}.${target.name} would hold ${after} rows, not the ${expected} expected (${before} before, ${staged} written), ` +
          `so the kernel rolled back: the table is unchanged.${plan.mode === 'upsert' ? ' The table may have no unique index on the key.' : ''}`
      );
    }
    if (!dialect.ddlCommits) {
      await database.query(`DROP TABLE ${qualified(dialect, staging)}`);
    }
    await commitOrReport(database, 'COMMIT', plan);
    if (dialect.ddlCommits) {
      // Committed: a staging table left behind now would only be clutter, so its DROP failing is not the cell's failure.
      await database.query(`DROP TABLE IF EXISTS ${qualified(dialect, staging)}`).catch(() => undefined);
    }
    return plan.mode === 'overwrite' ? { staged, before, after, method: 'copy' } : { staged, before, after };
  } catch (error) {
    await database.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** Counts the staging table and refuses to go on unless it holds exactly the rows Spark wrote. */
async function checkStaged(database: IDatabase, dialect: ISqlDialect, plan: ISilverPlan, rowsWritten: number, table = plan.staging): Promise<number> {
  const staged = await count(database, countSql(dialect, table));
  if (staged !== rowsWritten) {
    throw new SilverMismatchError(
      `Spark wrote ${rowsWritten} rows but the staging table holds ${staged}: a retried task may have written a partition twice. ` +
        `Nothing was changed in ${plan.target.schema}.${plan.target.name}; run the cell again.`
    );
  }
  return staged;
}

/** The overwrite's swap as the engine does it; undefined when it cannot, and the rows are copied. */
function swap(database: IDatabase, engine: IAuroraEngine, plan: ISilverPlan, rowsWritten: number): Promise<IMergeOutcome | undefined> {
  if (engine.swapCommitting) {
    return committingSwap(database, engine, plan, rowsWritten);
  }
  return engine.swapInTransaction ? transactionalSwap(database, engine, plan, rowsWritten) : Promise.resolve(undefined);
}

/**
 * Transactional DDL (PostgreSQL): renames the staging table into the target's place, counts it there (the rename holds
 * it exclusively, so the count is what commits) and commits; undefined, with nothing changed,
 * when something now ties to the target (checked again under the lock) and the rows must be copied.
 */
async function transactionalSwap(database: IDatabase, engine: IAuroraEngine, plan: ISilverPlan, rowsWritten: number): Promise<IMergeOutcome | undefined> {
  const { dialect } = engine;
  const swapSql = await engine.swapInTransaction?.statements(database, plan.target, plan.staging);
  if (!swapSql) {
    return undefined;
  }
  for (const sql of swapSql) {
    await database.query(sql);
  }
  const staged = await checkStaged(database, dialect, plan, rowsWritten, plan.target);
  await commitOrReport(database, 'COMMIT', plan);
  return { staged, method: 'swap' };
}

/**
 * DDL that commits (MySQL): counts the staging table, then one RENAME TABLE swaps it in and commits (so it is this
 * merge's COMMIT); undefined when something now blocks the swap. A refusal from the server (not a
 * lost connection) renamed nothing, and is reported as it is.
 */
async function committingSwap(database: IDatabase, engine: IAuroraEngine, plan: ISilverPlan, rowsWritten: number): Promise<IMergeOutcome | undefined> {
  if (!engine.swapCommitting || (await engine.swapBlockers(database, plan.target)).length > 0) {
    return undefined;
  }
  const staged = await checkStaged(database, engine.dialect, plan, rowsWritten);
  const { rename, dropOld } = engine.swapCommitting(plan.target, plan.staging);
  await database.query(rename).catch((error: { fatal?: boolean }) => Promise.reject(error.fatal ? commitUnknown(plan, error) : error));
  await database.query(dropOld).catch(() => undefined);
  return { staged, method: 'swap' };
}

/** Runs the statement that commits the merge; a connection lost during it leaves the outcome unknown, and the user is told so. */
async function commitOrReport(database: IDatabase, sql: string, plan: ISilverPlan): Promise<void> {
  try {
    await database.query(sql);
  } catch (error) {
    throw commitUnknown(plan, error);
  }
}

/** The error for a connection lost while the merge committed: the outcome is not known, and the user is told how to check. */
function commitUnknown(plan: ISilverPlan, error: unknown): UserError {
  const { target } = plan;
  return new UserError(
    `The connection to the database failed during COMMIT of the ${plan.mode} into ${target.schema}.${target.name} (${(error as Error).message}), so it is not known whether ` +
      `the transaction committed: the table holds either all the new rows or none of them. Check with %%aurora (SELECT count(*) …); ` +
      `${plan.mode === 'upsert' ? 'running the cell again is safe in upsert mode.' : 'in append mode, check before running the cell again.'}`,
    'SilverCommitUnknown'
  );
}

/** Drops the staging table, and a target this attempt created (MySQL) but did not fill. */
export async function dropStaging(database: IDatabase, plan: ISilverPlan, createdTarget: boolean): Promise<void> {
  const dialect = engineFor(database.engine).dialect;
  await database.query(`DROP TABLE IF EXISTS ${qualified(dialect, plan.staging)}`);
  if (createdTarget) {
    await database.query(`DROP TABLE IF EXISTS ${qualified(dialect, plan.target)}`);
  }
}

/** Rows in the target after the commit, read by the kernel for the summary. */
export function countTarget(database: IDatabase, plan: ISilverPlan): Promise<number> {
  return count(database, countSql(engineFor(database.engine).dialect, plan.target));
}
