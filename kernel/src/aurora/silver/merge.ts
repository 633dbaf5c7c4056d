import { UserError } from '../../core/errors';
import { IDatabase, IQueryResult, queryCount } from '../database';
import { IAuroraEngine } from '../engines/engine';
import { engineFor } from '../engines/registry';
import { addColumnSql, countSql, createTargetSql, insertFromStagingSql, ISqlDialect, newKeysSql, qualified } from '../sql-dialect';
import { refuseDuplicateKeys } from './duplicate-keys';
import { ISilverPlan } from './plan';

// An overwrite can replace the target by renaming a full staging table into its place instead of
// copying every row a second time (DELETE + INSERT … SELECT). That is only the same table afterwards
// when the staging table carries everything the target has and nothing else points at the old
// table by identity; otherwise the merge copies as before.

/** How an overwrite replaced the rows: renaming the staging table into place, or copying its rows. */
export type OverwriteMethod = 'swap' | 'copy';

export interface IMergeOutcome {
  /** Rows in the staging table, which equal the rows Spark wrote. */
  staged: number;
  /** Rows in the target before and (inside the transaction, just before COMMIT) after; a swap counts only the staging table. */
  before?: number;
  after?: number;
  /** For an overwrite: whether the staging table was renamed into place or its rows copied. */
  method?: OverwriteMethod;
}

/** A merge the kernel refused to commit because the counts do not add up; nothing was changed. */
export class SilverMismatchError extends UserError {
  constructor(message: string) {
    super(message, 'SilverCountMismatch');
  }
}

/**
 * Step 5 of %%silver, the one transaction that changes the target: overwrite (swap the staging
 * table in, or delete all and insert), append (insert) or upsert (merge on the key's unique index,
 * or delete the rows whose key comes in and insert). Before COMMIT it checks the staging table holds
 * exactly the rows Spark wrote and the target holds exactly what the mode implies; otherwise it
 * rolls back. Rows that share a key are refused before it starts. On MySQL, where DDL commits, a
 * missing target is created (and --evolve's columns added) before the transaction, and the hooks
 * tell the caller to undo that if the merge fails.
 */
export async function mergeStaging(database: IDatabase, plan: ISilverPlan, rowsWritten: number, hooks: { createdTarget?: () => void; evolvedTarget?: () => void } = {}): Promise<IMergeOutcome> {
  const engine = engineFor(database.engine);
  const { dialect } = engine;
  const { target, staging } = plan;
  const swapping = plan.mode === 'overwrite' && plan.swap === true;
  await refuseDuplicateKeys(database, plan);
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
  if (plan.addColumns && dialect.ddlCommits && !swapping) {
    await evolveTarget(database, plan);
    hooks.evolvedTarget?.();
  }
  await database.query(dialect.beginSql);
  try {
    for (const sql of dialect.mergeSettingsSql) {
      await database.query(sql);
    }
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
    if (swapping) {
      const swapped = await swap(database, engine, plan, rowsWritten);
      if (swapped) {
        return swapped;
      }
      refuseCopyInstead(plan, dialect.ddlCommits);
    }
    if (plan.addColumns && !dialect.ddlCommits) {
      await evolveTarget(database, plan);
    }
    const staged = await checkStaged(database, dialect, plan, rowsWritten);
    const before = await queryCount(database, countSql(dialect, target));
    const changed = await changeRows(database, dialect, plan, { before, staged });
    const { expected } = changed;
    const after = changed.after ?? (await queryCount(database, countSql(dialect, target)));
    if (after !== expected) {
      throw new SilverMismatchError(
        `After the ${plan.mode} ${target.schema}.${target.name} would hold ${after} rows, not the ${expected} expected (${before} before, ${staged} written), ` +
          `so the kernel rolled back: the table is unchanged.`
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

/**
 * The rows the target must hold after the change, and, where the statements' own row counts tell
 * it exactly, the rows it does hold (else the merge counts them).
 */
interface IChangedRows {
  expected: number;
  after?: number;
}

/** Changes the target's rows as the mode says, inside the transaction. */
async function changeRows(database: IDatabase, dialect: ISqlDialect, plan: ISilverPlan, { before, staged }: { before: number; staged: number }): Promise<IChangedRows> {
  const { target, staging, keys, columns } = plan;
  const insert = (onKeys: string[]): Promise<IQueryResult> => database.query(insertFromStagingSql(dialect, target, staging, columns, onKeys));
  if (plan.mode === 'overwrite') {
    await database.query(`DELETE FROM ${qualified(dialect, target)}`);
    await insert([]);
    return { expected: staged };
  }
  if (plan.mode === 'append') {
    await insert([]);
    return { expected: before + staged };
  }
  if (plan.upsertBy === 'delete+insert') {
    // No unique index to merge on: every row whose key comes in goes (a keyless table may hold several), then the staged rows go in.
    // The two statements' own row counts say what they did: counting the replaced rows first would join the tables once more,
    // and counting the table afterwards reads every row again (on MySQL through the transaction's undo log: 2.3 s for 1.5 million).
    const replaced = changedRows(await database.query(dialect.deleteMatchingSql(target, staging, keys)), 'DELETE');
    const inserted = changedRows(await insert([]), 'INSERT');
    return { expected: before - replaced + staged, after: before - replaced + inserted };
  }
  const added = await queryCount(database, newKeysSql(dialect, target, staging, keys));
  await insert(keys);
  return { expected: before + added };
}

function changedRows(result: IQueryResult, statement: string): number {
  if (result.affected === undefined) {
    throw new Error(`the database driver did not say how many rows the ${statement} of an upsert by delete+insert changed`);
  }
  return result.affected;
}

/** --evolve: adds the result's new columns to the target, nullable. */
async function evolveTarget(database: IDatabase, plan: ISilverPlan): Promise<void> {
  const { dialect } = engineFor(database.engine);
  for (const column of plan.addColumns ?? []) {
    await database.query(addColumnSql(dialect, plan.target, column.name, column.type));
  }
}

/**
 * A swap the inspection found possible that something now blocks (checked again under the lock):
 * copying the rows instead would lose what only the swap gives (--key's primary key), or need DDL
 * that commits mid-transaction (--evolve on MySQL), so the run stops with nothing changed.
 */
function refuseCopyInstead(plan: ISilverPlan, ddlCommits: boolean): void {
  const lost = plan.addPrimaryKey ? `the primary key (${plan.keys.join(', ')})` : plan.addColumns && ddlCommits ? `the new columns` : undefined;
  if (lost) {
    throw new UserError(
      `%%silver: ${plan.target.schema}.${plan.target.name} could no longer be swapped (something began to depend on it since the run looked), ` +
        `and copying the rows instead would not add ${lost}. Nothing was changed; run the cell again.`,
      'SilverTargetError'
    );
  }
}

/** Counts the staging table and refuses to go on unless it holds exactly the rows Spark wrote. */
async function checkStaged(database: IDatabase, dialect: ISqlDialect, plan: ISilverPlan, rowsWritten: number, table = plan.staging): Promise<number> {
  const staged = await queryCount(database, countSql(dialect, table));
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
