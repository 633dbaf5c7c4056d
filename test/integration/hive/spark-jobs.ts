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

/**
 * A statement that runs long enough for a test to interrupt it (its main job starts within seconds;
 * the tests act within a second of that) and then ends by itself, so a test that fails before its
 * interrupt leaves no endless query burning the Thrift server. 3·10^10 pairs took 47 s on the
 * stack's two shared, busy cores (10^10: 16 s, 5·10^10: 135 s). `marker` names its result column.
 */
export function longQuery(marker: string): string {
  return `SELECT count(*) AS ${marker} FROM range(1000000) a CROSS JOIN range(30000) b WHERE (a.id * b.id) % 7 = 3`;
}

/**
 * Whether the long query's cross join runs: Spark first runs a short job (it SUCCEEDS) and then
 * the long one. An interrupt before the long job starts cancels a statement that never reached it.
 */
export async function mainJobRunning(marker: string): Promise<boolean> {
  const statuses = (await jobsMarked(marker)).map(job => job.status);
  return statuses.includes('RUNNING') && statuses.includes('SUCCEEDED');
}
