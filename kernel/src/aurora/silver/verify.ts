import { tableBundle } from '../../bundles/table-bundle';
import { IDatabase, queryCount } from '../database';
import { engineFor } from '../engines/registry';
import { countSql } from '../sql-dialect';
import { OverwriteMethod } from './merge';
import { ISilverPlan } from './plan';
import { ISilverRun } from './resolve';

/** What the run did, and when its parts began (Date.now() times). */
export interface ISilverDone {
  plan: ISilverPlan;
  written: number;
  /** The clock starts once a session is there: its start is not the write's time. */
  started: number;
  /** Spark loading the staging table; the kernel's merge transaction and count run from `merging` on. */
  sparkSeconds: number;
  merging: number;
  /** How an overwrite replaced the rows ('swap' or 'copy'); none for append and upsert (whose strategy the plan says). */
  overwriteBy?: OverwriteMethod;
}

/** Step 6 of %%silver: counts the target after the commit and shows the run's summary. */
export async function verifyRun(run: ISilverRun, done: ISilverDone): Promise<void> {
  const inTarget = await countTarget(run.database, done.plan);
  run.cell.sink.display(summaryBundle(run, done, inTarget, Date.now()) ?? {});
}

/** Rows in the target after the commit, read by the kernel for the summary. */
export function countTarget(database: IDatabase, plan: ISilverPlan): Promise<number> {
  return queryCount(database, countSql(engineFor(database.engine).dialect, plan.target));
}

const roundSeconds = (seconds: number): number => Math.round(seconds * 100) / 100;

function summaryBundle({ params }: ISilverRun, { plan, written, started, sparkSeconds, merging, overwriteBy }: ISilverDone, inTarget: number, now: number): ReturnType<typeof tableBundle> {
  const seconds = (now - started) / 1000;
  const rate = seconds > 0 ? Math.round(written / seconds) : written;
  return tableBundle({
    schema: {
      fields: [
        { name: 'target', type: 'string' },
        { name: 'table', type: 'string' },
        { name: 'mode', type: 'string' },
        { name: 'rows_written', type: 'bigint' },
        { name: 'rows_in_target', type: 'bigint' },
        { name: 'seconds', type: 'double' },
        { name: 'rows_per_s', type: 'bigint' },
        { name: 'spark_load_s', type: 'double' },
        { name: 'merge_s', type: 'double' },
        { name: 'overwrite_by', type: 'string' },
        { name: 'upsert_by', type: 'string' }
      ]
    },
    rows: [
      [
        params.target,
        `${plan.target.schema}.${plan.target.name}`,
        plan.mode === 'upsert' ? `upsert (${plan.keys.join(', ')})` : plan.mode,
        written,
        inTarget,
        roundSeconds(seconds),
        rate,
        roundSeconds(sparkSeconds),
        roundSeconds((now - merging) / 1000),
        overwriteBy ?? null,
        plan.upsertBy ?? null
      ]
    ],
    rowCount: 1,
    truncated: false
  });
}
