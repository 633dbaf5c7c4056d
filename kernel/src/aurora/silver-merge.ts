import { randomBytes } from 'crypto';
import { UserError } from '../core/errors';
import { SilverMode } from './cell-commands';
import { IDatabase } from './database';
import { createSwapStagingSql, deferStagingIndexes, mysqlSwapSql, OverwriteMethod, postgresSwapSql, swapBlockers } from './silver-swap';
import { checkWritableFields, countSql, createTargetSql, dialectFor, insertFromStagingSql, ISparkField, ISqlDialect, ITableRef, newKeysSql, qualified } from './sql-dialect';

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
  // PostgreSQL folds unquoted names to lower case, so a new table is made the way later queries will name it.
  return { ref: { schema, name: dialect.engine === 'postgres' ? table.name.toLowerCase() : table.name }, exists: false };
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

/**
 * Matches Spark's columns to the target's (or plans to create the target), checks the upsert key,
 * and creates the staging table. Nothing in the target changes here.
 */
export async function prepareStaging(database: IDatabase, request: ISilverRequest, staging = stagingName()): Promise<ISilverPlan> {
  const dialect = dialectFor(database.engine);
  checkWritableFields(database.engine, request.fields);
  const { ref: target, exists } = await findTarget(database, dialect, request.table);
  const sparkNames = request.fields.map(field => field.name);
  const targetColumns = exists ? (await database.query(dialect.columnsSql, [target.schema, target.name])).rows.map(row => String(row[0])) : sparkNames;
  const missing = sparkNames.filter(name => byName(targetColumns, name) === undefined);
  if (missing.length > 0) {
    throw new UserError(
      `%%silver: ${target.schema}.${target.name} has no column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}, which the result has. ` +
        `Its columns are ${targetColumns.join(', ')}; rename with AS in the query or add the column to the table.`,
      'SilverSchemaError'
    );
  }
  const columns = sparkNames.map(name => byName(targetColumns, name) as string);
  const keys = request.keys.map(key => byName(columns, key));
  if (keys.some(key => key === undefined)) {
    throw new UserError(`%%silver: --key ${request.keys.join(',')} must name columns of the result (${sparkNames.join(', ')}).`, 'SilverSchemaError');
  }
  if (exists && request.mode === 'upsert') {
    await checkUniqueKey(database, dialect, target, keys as string[]);
  }
  const stagingRef = { schema: target.schema, name: staging };
  const swap = exists && request.mode === 'overwrite' && (await swapBlockers(database, dialect, target)).length === 0;
  const createSql = swap
    ? createSwapStagingSql(dialect, stagingRef, target)
    : exists
      ? dialect.createStagingLike(stagingRef, target)
      : dialect.createStagingFrom(stagingRef, request.fields, keys as string[]);
  await database.query(createSql);
  const indexesAfterLoad = swap && dialect.engine === 'postgres' ? await deferStagingIndexes(database, dialect, stagingRef) : undefined;
  return { target, staging: stagingRef, mode: request.mode, columns, keys: keys as string[], createTarget: !exists, swap, ...(indexesAfterLoad ? { indexesAfterLoad } : {}) };
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
  const dialect = dialectFor(database.engine);
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
    const lock = plan.swap && !dialect.ddlCommits ? `LOCK TABLE ${qualified(dialect, target)} IN ACCESS EXCLUSIVE MODE` : dialect.lockSql(target);
    if (lock) {
      await database.query(lock);
    }
    if (plan.mode === 'overwrite' && plan.swap) {
      const swapped = dialect.ddlCommits ? await mysqlSwap(database, dialect, plan, rowsWritten) : await postgresSwap(database, dialect, plan, rowsWritten);
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

/**
 * PostgreSQL: renames the staging table into the target's place, counts it there (the rename holds
 * it exclusively, so the count is what commits) and commits; undefined, with nothing changed,
 * when something now ties to the target (checked again under the lock) and the rows must be copied.
 */
async function postgresSwap(database: IDatabase, dialect: ISqlDialect, plan: ISilverPlan, rowsWritten: number): Promise<IMergeOutcome | undefined> {
  const swapSql = await postgresSwapSql(database, dialect, plan.target, plan.staging);
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
 * MySQL: counts the staging table, then one RENAME TABLE swaps it in and commits (so it is this
 * merge's COMMIT); undefined when something now blocks the swap. A refusal from the server (not a
 * lost connection) renamed nothing, and is reported as it is.
 */
async function mysqlSwap(database: IDatabase, dialect: ISqlDialect, plan: ISilverPlan, rowsWritten: number): Promise<IMergeOutcome | undefined> {
  if ((await swapBlockers(database, dialect, plan.target)).length > 0) {
    return undefined;
  }
  const staged = await checkStaged(database, dialect, plan, rowsWritten);
  const { rename, dropOld } = mysqlSwapSql(dialect, plan.target, plan.staging);
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
  const dialect = dialectFor(database.engine);
  await database.query(`DROP TABLE IF EXISTS ${qualified(dialect, plan.staging)}`);
  if (createdTarget) {
    await database.query(`DROP TABLE IF EXISTS ${qualified(dialect, plan.target)}`);
  }
}

/** Rows in the target after the commit, read by the kernel for the summary. */
export function countTarget(database: IDatabase, plan: ISilverPlan): Promise<number> {
  return count(database, countSql(dialectFor(database.engine), plan.target));
}
