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
export async function cleanUpFailedRun(run: ISilverRun, plan: ISilverPlan | undefined, createdTarget: boolean): Promise<void> {
  if (run.spark.hasSession) {
    await run.spark.runUncancelled(cleanupCode(run.id, run.view));
  }
  if (plan) {
    await dropStagingAfresh(run, plan, createdTarget);
  }
}

/** Drops the staging table through a fresh connection, as the run's own may be the one that died. */
async function dropStagingAfresh({ aurora, params, cell }: ISilverRun, plan: ISilverPlan, createdTarget: boolean): Promise<void> {
  let database: IDatabase | undefined;
  try {
    database = await aurora.open(params);
    await dropStaging(database, plan, createdTarget);
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
