import { loadStackEnv } from '../../helpers/stack-env';

// Read from env.sh rather than assumed: a stack on other ports (STACK_HIVE_UI_PORT) has its UI elsewhere.
const SPARK_UI = `${loadStackEnv().HIVESERVER2_UI_URL}/api/v1/applications`;

export interface ISparkJob {
  status: string;
  description?: string;
}

/**
 * The stack's Thrift server's Spark jobs whose description (the statement's text) holds
 * `marker`, read from its UI's REST API: how a test sees what happened on the server.
 */
export async function jobsMarked(marker: string): Promise<ISparkJob[]> {
  const [app] = (await (await fetch(SPARK_UI)).json()) as { id: string }[];
  const jobs = (await (await fetch(`${SPARK_UI}/${app.id}/jobs`)).json()) as ISparkJob[];
  return jobs.filter(job => job.description?.includes(marker));
}

/** A statement that runs for hours on two cores unless cancelled; `marker` names its result column. */
export function endlessQuery(marker: string): string {
  return `SELECT count(*) AS ${marker} FROM range(1000000) a CROSS JOIN range(1000000) b WHERE (a.id * b.id) % 7 = 3`;
}

/**
 * Whether the endless query's cross join runs: Spark first runs a short job (it SUCCEEDS) and then
 * the long one. An interrupt before the long job starts cancels a statement that never reached it.
 */
export async function mainJobRunning(marker: string): Promise<boolean> {
  const statuses = (await jobsMarked(marker)).map(job => job.status);
  return statuses.includes('RUNNING') && statuses.includes('SUCCEEDED');
}
