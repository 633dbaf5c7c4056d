import { IActiveSession } from '../livy/session-manager';
import { SparkJobs } from './spark-jobs';

/** The Spark UI of each session the kernel holds, once its address is known (its application id is looked up once). */
const sparkOfSession = new WeakMap<IActiveSession, SparkJobs>();

/** The session's Spark UI, or undefined while Livy and the driver's log have told no address. */
export function sparkJobsOf(session: IActiveSession): SparkJobs | undefined {
  const uiUrl = session.links.sparkUiUrl;
  if (!uiUrl) {
    return undefined;
  }
  let jobs = sparkOfSession.get(session);
  if (jobs?.uiUrl !== uiUrl) {
    jobs = new SparkJobs(uiUrl, { id: session.links.appId, name: session.name });
    sparkOfSession.set(session, jobs);
  }
  return jobs;
}
