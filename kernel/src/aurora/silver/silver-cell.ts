import { KernelError, UserError } from '../../core/errors';
import { ICellContext } from '../../cell-kit/context';
import { IAuroraKernel } from '../aurora-service';
import { ISilverCommand } from '../cell-commands';
import { databaseUserError } from '../database-errors';
import { cleanUpFailedRun, ITargetChanges } from './cleanup';
import { showPlan } from './dry-run';
import { inspectRun } from './inspect';
import { loadRows } from './load';
import { mergeStaging } from './merge';
import { ISilverPlan, planRun } from './plan';
import { resolveTarget } from './resolve';
import { verifyRun } from './verify';

/**
 * %%silver, step by step: resolve the target → inspect it and the source → plan (the staging
 * table) → load (Spark's executors write the rows into the staging table over JDBC, never through
 * the kernel) → merge (one transaction the kernel verifies before COMMIT) → verify (count, summary).
 * --dry-run shows the plan after the inspection instead. Any failure before the commit leaves the
 * target exactly as it was.
 */
export async function runSilver(command: ISilverCommand, cell: ICellContext, kernel: IAuroraKernel): Promise<void> {
  const run = await resolveTarget(command, cell, kernel);
  let plan: ISilverPlan | undefined;
  const changed: ITargetChanges = { createdTarget: false, evolvedTarget: false };
  let committed = false;
  let phase = 'reading the target table';
  try {
    await run.spark.ready();
    const started = Date.now();
    const inspection = await inspectRun(run);
    if (command.dryRun) {
      await showPlan(run, inspection);
      return;
    }
    phase = 'creating the staging table';
    plan = await planRun(run, inspection);
    phase = 'writing the rows from Spark';
    const loaded = await loadRows(run, inspection, plan);
    plan = loaded.plan;
    phase = `merging into ${plan.target.schema}.${plan.target.name}`;
    const merging = Date.now();
    const { method } = await mergeStaging(run.database, plan, loaded.written, {
      createdTarget: () => (changed.createdTarget = true),
      evolvedTarget: () => (changed.evolvedTarget = true)
    });
    committed = true;
    await verifyRun(run, { plan, written: loaded.written, started, sparkSeconds: loaded.sparkSeconds, merging, overwriteBy: method });
  } catch (error) {
    if (error instanceof KernelError) {
      throw error;
    }
    const failure = databaseUserError(error, run.params, phase);
    const unchanged = plan ? ` ${plan.target.schema}.${plan.target.name} is unchanged (the transaction was rolled back or never started).` : '';
    throw new UserError(`${failure.evalue}${unchanged}`, failure.ename);
  } finally {
    if (!committed) {
      await cleanUpFailedRun(run, plan, changed);
    }
    await run.database.close();
  }
}
