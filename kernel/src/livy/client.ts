import { LivyBadResponseError, LivyHttpError } from './errors';
import { LivyHttp } from './http';
import { JsonValue, LosslessNumber } from '../json/lossless-json';
import {
  FINAL_SESSION_STATES,
  ICompletionRequest,
  ICompletionResponse,
  ICreateSessionRequest,
  ILivySession,
  ILivyStatement,
  ISessionList,
  ISessionLog,
  ISessionStateResponse,
  IStatementList,
  ISubmitStatementRequest,
  IVersionInfo
} from './types';

/** A session's id, or its name (Livy 0.6+ routes `/sessions/{name}` too). */
export type SessionRef = number | string;

function isRecord(value: JsonValue): value is { [key: string]: JsonValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof LosslessNumber);
}

function expectShape<T>(method: string, path: string, value: JsonValue, valid: (record: { [key: string]: JsonValue }) => boolean): T {
  if (!isRecord(value) || !valid(value)) {
    throw new LivyBadResponseError(method, path, JSON.stringify(value)?.slice(0, 120) ?? String(value));
  }
  return value as unknown as T;
}

const isSession = (value: { [key: string]: JsonValue }): boolean => typeof value.id === 'number' && typeof value.state === 'string';

/**
 * A statement's output is what the cell layer renders, so its shape is checked here, once: an ok
 * output carries a data object, an error output its name and message. Anything else (a proxy's
 * rewrite, a Livy bug) is a bad response the user is told about, not a crash further down.
 */
function isStatementOutput(value: JsonValue | undefined): boolean {
  if (value === undefined || value === null) {
    return true;
  }
  if (!isRecord(value)) {
    return false;
  }
  if (value.status === 'ok') {
    return isRecord(value.data);
  }
  return (
    value.status === 'error' &&
    typeof value.ename === 'string' &&
    typeof value.evalue === 'string' &&
    (value.traceback === undefined || (Array.isArray(value.traceback) && value.traceback.every(line => typeof line === 'string')))
  );
}

const isStatement = (value: { [key: string]: JsonValue }): boolean => typeof value.id === 'number' && typeof value.state === 'string' && isStatementOutput(value.output);

/** Livy 0.9 always sends a traceback with an error; an output without one gets an empty one. */
function withTraceback(statement: ILivyStatement): ILivyStatement {
  const output = statement.output;
  return output?.status === 'error' && output.traceback === undefined ? { ...statement, output: { ...output, traceback: [] } } : statement;
}

/**
 * Livy's REST API, one method per endpoint, each with the statuses that endpoint answers with.
 * There is deliberately no method for `POST /sessions/{id}/interrupt`: despite its name it stops
 * the whole session (InteractiveSessionServlet), so a cell interrupt cancels the statement instead.
 */
export class LivyClient {
  constructor(private readonly _http: LivyHttp) {}

  get baseUrl(): string {
    return this._http.baseUrl;
  }

  /** Livy 0.8+; older servers answer 404. */
  async version(signal?: AbortSignal): Promise<IVersionInfo> {
    const path = '/version';
    const { value } = await this._http.request('GET', path, { expect: [200], signal });
    return expectShape('GET', path, value, record => typeof record.version === 'string');
  }

  async listSessions(from = 0, size = 100): Promise<ISessionList> {
    const path = `/sessions?from=${from}&size=${size}`;
    const { value } = await this._http.request('GET', path, { expect: [200] });
    return expectShape('GET', path, value, record => Array.isArray(record.sessions));
  }

  async getSession(session: SessionRef): Promise<ILivySession> {
    const path = sessionPath(session);
    const { value } = await this._http.request('GET', path, { expect: [200] });
    return expectShape('GET', path, value, isSession);
  }

  async getSessionState(session: SessionRef, signal?: AbortSignal): Promise<ISessionStateResponse> {
    const path = `${sessionPath(session)}/state`;
    const { value } = await this._http.request('GET', path, { expect: [200], signal });
    return expectShape('GET', path, value, record => typeof record.state === 'string');
  }

  async createSession(request: ICreateSessionRequest): Promise<ILivySession> {
    const path = '/sessions';
    const { value } = await this._http.request('POST', path, { body: request, expect: [200, 201] });
    return expectShape('POST', path, value, isSession);
  }

  async deleteSession(session: SessionRef, timeoutMs?: number): Promise<void> {
    await this._http.request('DELETE', sessionPath(session), { expect: [200], timeoutMs });
  }

  /** Without `from`, Livy returns the last `size` lines (default 100). */
  async getSessionLog(session: SessionRef, options: { from?: number; size?: number } = {}): Promise<ISessionLog> {
    const query = [options.from !== undefined ? `from=${options.from}` : '', options.size !== undefined ? `size=${options.size}` : ''].filter(part => part !== '').join('&');
    const path = `${sessionPath(session)}/log${query ? `?${query}` : ''}`;
    const { value } = await this._http.request('GET', path, { expect: [200] });
    return expectShape('GET', path, value, record => Array.isArray(record.log));
  }

  async submitStatement(session: SessionRef, request: ISubmitStatementRequest): Promise<ILivyStatement> {
    const path = `${sessionPath(session)}/statements`;
    const { value } = await this._http.request('POST', path, { body: request, expect: [200, 201] });
    return withTraceback(expectShape('POST', path, value, isStatement));
  }

  async getStatement(session: SessionRef, statementId: number): Promise<ILivyStatement> {
    const path = `${sessionPath(session)}/statements/${statementId}`;
    const { value } = await this._http.request('GET', path, { expect: [200] });
    return withTraceback(expectShape('GET', path, value, isStatement));
  }

  async listStatements(session: SessionRef, options: { from?: number; size?: number; order?: 'asc' | 'desc' } = {}): Promise<IStatementList> {
    const query = Object.entries(options)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => `${key}=${encodeURIComponent(String(value))}`)
      .join('&');
    const path = `${sessionPath(session)}/statements${query ? `?${query}` : ''}`;
    const { value } = await this._http.request('GET', path, { expect: [200] });
    const list = expectShape<IStatementList>('GET', path, value, record => Array.isArray(record.statements) && record.statements.every(item => isRecord(item) && isStatement(item)));
    return { ...list, statements: list.statements.map(withTraceback) };
  }

  /** Livy answers `{"msg":"canceled"}` at once; the statement turns `cancelled` when its jobs stop. */
  async cancelStatement(session: SessionRef, statementId: number): Promise<void> {
    await this._http.request('POST', `${sessionPath(session)}/statements/${statementId}/cancel`, { expect: [200] });
  }

  async complete(session: SessionRef, request: ICompletionRequest, options: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<ICompletionResponse> {
    const path = `${sessionPath(session)}/completion`;
    const { value } = await this._http.request('POST', path, { body: request, expect: [200], ...options });
    return expectShape('POST', path, value, record => Array.isArray(record.candidates));
  }

  close(): void {
    this._http.close();
  }
}

function sessionPath(session: SessionRef): string {
  return `/sessions/${encodeURIComponent(String(session))}`;
}

/** Livy's 404 for a session it does not know (`{"msg":"Session '7' not found."}`), as opposed to a missing statement. */
export function isSessionNotFound(error: unknown): boolean {
  return error instanceof LivyHttpError && error.status === 404 && /session/i.test(error.livyMessage) && /not found|stopped/i.test(error.livyMessage);
}

/**
 * Whether an error says the session can no longer run anything, and in what words: unknown to
 * Livy (deleted, reaped, Livy restarted), refused in a final state, or being torn down (Livy
 * answers 400 "requirement failed: Session isn't active." while a DELETE is under way).
 */
export function sessionGoneState(error: unknown): string | undefined {
  if (isSessionNotFound(error)) {
    return 'not found';
  }
  const refused = refusedSessionState(error);
  if (refused !== undefined && FINAL_SESSION_STATES.has(refused)) {
    return refused;
  }
  if (error instanceof LivyHttpError && /Session isn't active/i.test(error.livyMessage)) {
    return 'no longer active';
  }
  return undefined;
}

/**
 * The state named in Livy's refusal to use a session that cannot take work
 * (`"java.lang.IllegalStateException: Session is in state dead"`, HTTP 500), if that is the error.
 */
export function refusedSessionState(error: unknown): string | undefined {
  if (!(error instanceof LivyHttpError)) {
    return undefined;
  }
  return /Session is in state (\w+)/.exec(error.livyMessage)?.[1];
}
