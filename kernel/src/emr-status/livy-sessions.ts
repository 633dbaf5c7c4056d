import { ILivySession } from '@jupyterlab-emr/common';
import { LivyClient } from '../livy/client';
import { LivyError, LivyTransportError } from '../livy/errors';
import { IActiveSession } from '../livy/session-manager';
import { ILivySession as ILivySessionJson } from '../livy/types';
import { within } from '../livy/within';
import { StatusError } from '../aws/aws-errors';
import { sparkJobsOf } from '../spark-ui/session-spark';
import { SparkJobs } from '../spark-ui/spark-jobs';

/**
 * The Livy the notebook uses now (it moves with %connect), and the session the notebook holds on
 * it (whose Spark UI the kernel may know when Livy reports none); undefined while none is configured.
 */
export type LivyClientSource = () => { url: string; client: LivyClient; sessions?: { current: IActiveSession | undefined } } | undefined;

/** The running jobs of busy sessions are a detail: the list never waits longer than this for them. */
const RUNNING_JOBS_WAIT_MS = 1000;

// Livy keeps at most a few hundred interactive sessions; one page shows them all.
const MAX_SESSIONS = 1000;

function fromLivy(session: ILivySessionJson): ILivySession {
  return {
    id: session.id,
    name: session.name ?? undefined,
    kind: session.kind,
    state: session.state ?? 'unknown',
    appId: session.appId ?? undefined,
    sparkUiUrl: session.appInfo?.sparkUiUrl ?? undefined,
    driverLogUrl: session.appInfo?.driverLogUrl ?? undefined
  };
}

/** The Spark UI of a listed session: the one Livy reports (YARN), or the notebook's own session's, which the kernel learnt. */
function sparkOf(session: ILivySession, held: IActiveSession | undefined): SparkJobs | undefined {
  if (session.sparkUiUrl) {
    return new SparkJobs(session.sparkUiUrl, { id: session.appId, name: session.name });
  }
  return held?.id === session.id ? sparkJobsOf(held) : undefined;
}

/** A Livy failure as the panel's codes: nothing answered, or Livy answered with a refusal. */
function toStatus(error: unknown, url: string): unknown {
  if (!(error instanceof LivyError)) {
    return error;
  }
  // Transport messages name the origin already; timeouts and refusals name only the path.
  const message = error.message.includes(url) ? error.message : `${error.message.replace(/\.$/, '')} (Livy at ${url}).`;
  return new StatusError(error instanceof LivyTransportError ? 'LIVY_UNREACHABLE' : 'LIVY_ERROR', message);
}

/**
 * The panel's view of Livy's interactive sessions, through the notebook's own LivyClient: the
 * basic auth, extra headers, CA bundle and request timeout configured for cells apply here too,
 * and none of them ever reaches the browser. Lists every session on the server, not only the
 * notebook's own.
 */
export class LivySessions {
  constructor(private readonly _livy: LivyClientSource) {}

  async list(): Promise<{ url: string; sessions: ILivySession[] }> {
    const endpoint = this._endpoint();
    const { url, client } = endpoint;
    let listed: ILivySession[];
    try {
      listed = (await client.listSessions(0, MAX_SESSIONS)).sessions.map(fromLivy);
    } catch (error) {
      throw toStatus(error, url);
    }
    return { url, sessions: await this._withRunningJobs(listed, endpoint.sessions?.current) };
  }

  /** Busy sessions with a Spark UI that answers get the jobs they run now; the rest stay as Livy listed them. */
  private async _withRunningJobs(sessions: ILivySession[], held: IActiveSession | undefined): Promise<ILivySession[]> {
    const lookups = sessions.map(async session => {
      const spark = session.state === 'busy' ? sparkOf(session, held) : undefined;
      if (!spark) {
        return session;
      }
      const runningJobs = await spark.running().catch(() => undefined);
      return runningJobs && runningJobs.length > 0 ? { ...session, runningJobs } : session;
    });
    return within(Promise.all(lookups), RUNNING_JOBS_WAIT_MS).catch(() => sessions);
  }

  async stop(id: number): Promise<{ url: string; stopped: number }> {
    const { url, client } = this._endpoint();
    try {
      await client.deleteSession(id);
      return { url, stopped: id };
    } catch (error) {
      throw toStatus(error, url);
    }
  }

  private _endpoint(): NonNullable<ReturnType<LivyClientSource>> {
    const endpoint = this._livy();
    if (!endpoint) {
      throw new StatusError('LIVY_NOT_CONFIGURED', 'This kernel has no Livy URL configured.');
    }
    return endpoint;
  }
}
