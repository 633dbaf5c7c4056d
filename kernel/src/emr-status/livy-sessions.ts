import { ILivySession } from '@jupyterlab-emr/common';
import { LivyClient } from '../livy/client';
import { LivyError, LivyTransportError } from '../livy/errors';
import { ILivySession as ILivySessionJson } from '../livy/types';
import { StatusError } from '../aws/aws-errors';

/** The Livy the notebook uses now (it moves with %connect); undefined while none is configured. */
export type LivyClientSource = () => { url: string; client: LivyClient } | undefined;

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
    const { url, client } = this._endpoint();
    try {
      const { sessions } = await client.listSessions(0, MAX_SESSIONS);
      return { url, sessions: sessions.map(fromLivy) };
    } catch (error) {
      throw toStatus(error, url);
    }
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

  private _endpoint(): { url: string; client: LivyClient } {
    const endpoint = this._livy();
    if (!endpoint) {
      throw new StatusError('LIVY_NOT_CONFIGURED', 'This kernel has no Livy URL configured.');
    }
    return endpoint;
  }
}
