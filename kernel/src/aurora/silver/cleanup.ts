import { IDatabase } from '../database';
import { engineFor } from '../engines/registry';
import { qualified } from '../sql-dialect';
import { ISilverPlan } from './plan';
import { ISilverRun } from './resolve';
import { cleanupCode } from './session-code';

/**
 * After a run that did not commit: the run's view and password leave the session, and the staging
 * table (and a target this attempt created but did not fill) leaves the database. Also after an
 * interrupt, so the session's statement is not cancelled along with the write.
 */
export async function cleanUpFailedRun(run: ISilverRun, plan: ISilverPlan | undefined, changed: ITargetChanges): Promise<void> {
  if (run.spark.hasSession) {
    await run.spark.runUncancelled(cleanupCode(run.id, run.view));
  }
  if (plan) {
    await dropStagingAfresh(run, plan, changed);
  }
}

/** What a merge changed in the target before its transaction (MySQL, where DDL commits), to be undone if it failed. */
export interface ITargetChanges {
  createdTarget: boolean;
  evolvedTarget: boolean;
}

/** Drops the staging table through a fresh connection, as the run's own may be the one that died. */
async function dropStagingAfresh({ aurora, params, cell }: ISilverRun, plan: ISilverPlan, changed: ITargetChanges): Promise<void> {
  let database: IDatabase | undefined;
  try {
    database = await aurora.open(params);
    await dropStaging(database, plan, changed.createdTarget);
    if (changed.evolvedTarget && !changed.createdTarget) {
      await dropAddedColumns(database, plan);
    }
  } catch {
    cell.sink.stream('stderr', `Could not drop the staging table ${plan.staging.schema}.${plan.staging.name} of this run; drop it when the database is back (it holds no data of the target).\n`);
  } finally {
    await database?.close();
  }
}

/** Drops the staging table, and a target this attempt created (MySQL) but did not fill. */
export async function dropStaging(database: IDatabase, plan: ISilverPlan, createdTarget: boolean): Promise<void> {
  const dialect = engineFor(database.engine).dialect;
  await database.query(`DROP TABLE IF EXISTS ${qualified(dialect, plan.staging)}`);
  if (createdTarget) {
    await database.query(`DROP TABLE IF EXISTS ${qualified(dialect, plan.target)}`);
  }
}

/** Takes --evolve's columns off the target again: they were added before a merge that then failed, so they hold only NULLs. */
async function dropAddedColumns(database: IDatabase, plan: ISilverPlan): Promise<void> {
  const dialect = engineFor(database.engine).dialect;
  for (const column of plan.addColumns ?? []) {
    await database.query(`ALTER TABLE ${qualified(dialect, plan.target)} DROP COLUMN ${dialect.quote(column.name)}`);
  }
}
