import { ILivySession } from '@jupyterlab-emr/common';
import { StatusError } from './aws-errors';

/** Where the kernel's Livy is; undefined while the kernel has none configured. */
export type LivyUrlSource = () => string | undefined;

type Fetch = typeof fetch;

// The panel refreshes on a timer: an unanswered Livy must fail the section, not hold it.
const LIVY_TIMEOUT_MS = 5000;

interface ILivySessionJson {
  id: number;
  name?: string | null;
  kind?: string;
  state?: string;
  appId?: string | null;
  appInfo?: { sparkUiUrl?: string | null; driverLogUrl?: string | null };
}

function fromJson(session: ILivySessionJson): ILivySession {
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

/**
 * The panel's read of Livy's interactive sessions (GET /sessions, DELETE /sessions/{id}) on the
 * URL the kernel uses. Deliberately apart from the cell layer's Livy client: the panel lists
 * every session on the server, not only the notebook's own.
 */
export class LivySessions {
  constructor(
    private readonly _url: LivyUrlSource,
    private readonly _fetch: Fetch = fetch
  ) {}

  async list(): Promise<{ url: string; sessions: ILivySession[] }> {
    const url = this._baseUrl();
    const body = (await this._request(url, 'GET', '/sessions')) as { sessions?: ILivySessionJson[] };
    return { url, sessions: (body.sessions ?? []).map(fromJson) };
  }

  async stop(id: number): Promise<{ url: string; stopped: number }> {
    const url = this._baseUrl();
    await this._request(url, 'DELETE', `/sessions/${id}`);
    return { url, stopped: id };
  }

  private _baseUrl(): string {
    const url = this._url();
    if (!url) {
      throw new StatusError('LIVY_NOT_CONFIGURED', 'This kernel has no Livy URL configured.');
    }
    return url.replace(/\/+$/, '');
  }

  private async _request(url: string, method: 'GET' | 'DELETE', path: string): Promise<unknown> {
    let response: Response;
    try {
      // Livy with CSRF protection refuses a DELETE without X-Requested-By.
      response = await this._fetch(`${url}${path}`, {
        method,
        headers: { 'X-Requested-By': 'jupyterlab-emr', Accept: 'application/json' },
        signal: AbortSignal.timeout(LIVY_TIMEOUT_MS)
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
      throw new StatusError('LIVY_UNREACHABLE', `Livy unreachable at ${url} (${cause}).`);
    }
    if (!response.ok) {
      const text = (await response.text()).slice(0, 300);
      throw new StatusError('LIVY_ERROR', `Livy at ${url} answered ${method} ${path} with HTTP ${response.status}: ${text}`);
    }
    const text = await response.text();
    return text ? JSON.parse(text) : {};
  }
}
