import { STDERR_START } from '../../kernel/src/code/stderr-capture';
import { LivyTransportError } from '../../kernel/src/livy/errors';
import { IHttpRequest, IHttpResponse, IHttpTransport } from '../../kernel/src/livy/http';
import { livyFixture, livyFixtureJson } from './livy-fixtures';

type Json = Record<string, unknown>;

// The kernel logs session events to stderr; in tests against this fake they are only noise.
process.env.EMR_LIVY_LOG_LEVEL ??= 'error';

/** What a statement does in the fake: how many polls it runs, what it ends with. */
export interface IStatementScript {
  /** GETs answered `running` before the statement is `available`. */
  runningPolls?: number;
  /** The final `output`, e.g. from a recorded fixture. */
  output: Json;
  /** Progress values reported while running, one per poll (the last repeats). */
  progress?: number[];
  /** A statement that only ends when cancelled (a long Spark job). */
  endless?: boolean;
  /** Polls answered `cancelling` after a cancel before `cancelled`. */
  cancellingPolls?: number;
  /** GETs answered `available` with a null output before the output shows (Livy's serialisation race). */
  availableWithoutOutput?: number;
}

interface IFakeStatement {
  id: number;
  code: string;
  kind: string;
  state: string;
  polls: number;
  script: IStatementScript;
  cancelPolls?: number;
  /** GETs answered since the statement became available. */
  availableAnswers?: number;
}

interface IFakeSession {
  id: number;
  name: string | null;
  kind: string;
  state: string;
  statePolls: number;
  body: Json;
  statements: IFakeStatement[];
}

/** One planned failure: the next request matching `method` and `path` gets this instead. */
interface IFault {
  method: string;
  path: RegExp;
  /** Applied after the fake has handled the request (Livy acted, then the answer was lost). */
  afterHandling: boolean;
  answer: IHttpResponse | LivyTransportError;
}

const OK_OUTPUT = { status: 'ok', execution_count: 0, data: { 'text/plain': '' } };

/**
 * A Livy that lives in memory behind the HTTP transport interface, answering with the shapes
 * recorded from Livy 0.9 (test/fixtures/livy). Sessions start after a few state polls,
 * statements run for a scripted number of polls, cancels and deletes behave as Livy's do, and
 * faults can be planned per request. Every request is kept for assertions.
 */
export class FakeLivy implements IHttpTransport {
  readonly requests: IHttpRequest[] = [];
  readonly sessions = new Map<number, IFakeSession>();
  /** Answers GET /version with this, or 404 when undefined (Livy before 0.8). */
  version: string | undefined = '0.9.0-incubating';
  /** State polls a new session answers `starting` to. */
  startPolls = 1;
  /** The state a starting session ends in. */
  startsAs = 'idle';
  /** What GET /sessions/{id}/log answers, after Livy's "stdout: " line (a driver's log). */
  driverLog: string[] = ['line one', 'line two'];
  /** Decides what each submitted statement does. */
  script: (code: string, kind: string) => IStatementScript = () => ({ output: OK_OUTPUT });
  closed = false;
  private _nextSession = 0;
  private readonly _faults: IFault[] = [];

  fail(method: string, path: RegExp, answer: IHttpResponse | LivyTransportError, afterHandling = false): void {
    this._faults.push({ method, path, answer, afterHandling });
  }

  requestsTo(method: string, path: RegExp): IHttpRequest[] {
    return this.requests.filter(request => request.method === method && path.test(new URL(request.url).pathname));
  }

  /**
   * The statements sent, as {code, kind}, without the hidden one a code cell sends first in each
   * session to bring stderr to the cell (kernel/src/code/stderr-capture.ts), unless asked for.
   */
  statements(options: { withStderrCapture?: boolean } = {}): { code: string; kind: string }[] {
    return this.requestsTo('POST', /statements$/)
      .map(request => JSON.parse(request.body as string) as { code: string; kind: string })
      .filter(statement => options.withStderrCapture || !statement.code.includes(STDERR_START));
  }

  /** Removes a session as `DELETE /sessions/{id}` from someone else would. */
  dropSession(id: number): void {
    this.sessions.delete(id);
  }

  close(): void {
    this.closed = true;
  }

  async send(request: IHttpRequest): Promise<IHttpResponse> {
    this.requests.push(request);
    const url = new URL(request.url);
    const fault = this._faults.findIndex(candidate => candidate.method === request.method && candidate.path.test(url.pathname));
    const planned = fault >= 0 ? this._faults.splice(fault, 1)[0] : undefined;
    if (planned && !planned.afterHandling) {
      return this._answer(planned.answer);
    }
    if (request.method !== 'GET' && request.headers['X-Requested-By'] === undefined) {
      return livyFixture('csrf-header-missing-400');
    }
    const response = this._route(request.method, url, request.body === undefined ? undefined : (JSON.parse(request.body) as Json));
    return planned ? this._answer(planned.answer) : response;
  }

  private _answer(answer: IHttpResponse | LivyTransportError): IHttpResponse {
    if (answer instanceof LivyTransportError) {
      throw answer;
    }
    return answer;
  }

  private _route(method: string, url: URL, body: Json | undefined): IHttpResponse {
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    if (parts[0] === 'version' && method === 'GET') {
      return this.version === undefined ? notFound('Not Found') : json(200, { ...livyFixtureJson<Json>('version-200'), version: this.version });
    }
    if (parts[0] !== 'sessions') {
      return notFound('Not Found');
    }
    if (parts.length === 1) {
      return method === 'POST' ? this._create(body ?? {}) : json(200, { from: 0, total: this.sessions.size, sessions: [...this.sessions.values()].map(session => this._sessionJson(session)) });
    }
    const session = this._find(parts[1]);
    if (!session) {
      return notFound(`Session '${parts[1]}' not found.`);
    }
    const rest = parts.slice(2);
    if (rest.length === 0) {
      if (method === 'DELETE') {
        this.sessions.delete(session.id);
        return json(200, { msg: 'deleted' });
      }
      return json(200, this._sessionJson(session));
    }
    switch (rest[0]) {
      case 'state':
        this._advanceSession(session);
        return json(200, { id: session.id, state: session.state });
      case 'log':
        return json(200, { id: session.id, from: 0, total: this.driverLog.length + 1, log: ['stdout: ', ...this.driverLog] });
      case 'completion':
        // Like Livy: the identifier before the cursor is completed (`spark.ra` gives `range`).
        return body?.kind ? json(200, { candidates: String(body.code).slice(0, Number(body.cursor)).endsWith('spark.ra') ? ['range'] : [] }) : livyFixture('completion-missing-kind-500');
      case 'statements':
        return this._statements(session, method, rest.slice(1), body, url);
      default:
        return notFound('Not Found');
    }
  }

  private _create(body: Json): IHttpResponse {
    const known = livyFixtureJson<Json>('session-create-201');
    const unknown = Object.keys(body).filter(key => !(key in known) || (key === 'idleTimeout' && this.version?.startsWith('0.8')));
    if (unknown.length > 0) {
      return json(400, `Unrecognized field "${unknown[0]}" (class org.apache.livy.server.interactive.CreateInteractiveRequest), not marked as ignorable`);
    }
    const id = this._nextSession++;
    const session: IFakeSession = { id, name: (body.name as string) ?? null, kind: (body.kind as string) ?? 'shared', state: 'starting', statePolls: 0, body, statements: [] };
    this.sessions.set(id, session);
    return json(201, this._sessionJson(session));
  }

  private _statements(session: IFakeSession, method: string, rest: string[], body: Json | undefined, url: URL): IHttpResponse {
    if (rest.length === 0 && method === 'POST') {
      if (session.state !== 'idle' && session.state !== 'busy') {
        return json(500, `java.lang.IllegalStateException: Session is in state ${session.state}`);
      }
      const statement: IFakeStatement = {
        id: session.statements.length,
        code: String(body?.code),
        kind: String(body?.kind),
        state: 'waiting',
        polls: 0,
        script: this.script(String(body?.code), String(body?.kind))
      };
      session.statements.push(statement);
      return json(201, this._statementJson(statement));
    }
    if (rest.length === 0) {
      const ordered = url.searchParams.get('order') === 'desc' ? [...session.statements].reverse() : session.statements;
      return json(200, { total_statements: session.statements.length, statements: ordered.slice(0, Number(url.searchParams.get('size') ?? 100)).map(item => this._statementJson(item)) });
    }
    const statement = session.statements[Number(rest[0])];
    if (!statement) {
      return livyFixture('statement-not-found-404');
    }
    if (rest[1] === 'cancel' && method === 'POST') {
      if (statement.state === 'waiting' || statement.state === 'running') {
        statement.state = statement.script.cancellingPolls ? 'cancelling' : 'cancelled';
        statement.cancelPolls = 0;
      }
      return json(200, { msg: 'canceled' });
    }
    this._advanceStatement(statement);
    if (statement.state === 'available') {
      statement.availableAnswers = (statement.availableAnswers ?? 0) + 1;
      if (statement.availableAnswers <= (statement.script.availableWithoutOutput ?? 0)) {
        return json(200, { ...this._statementJson(statement), output: null, progress: 0 });
      }
    }
    return json(200, this._statementJson(statement));
  }

  private _advanceSession(session: IFakeSession): void {
    if (session.state === 'starting') {
      session.statePolls += 1;
      if (session.statePolls > this.startPolls) {
        session.state = this.startsAs;
      }
    }
  }

  private _advanceStatement(statement: IFakeStatement): void {
    if (statement.state === 'cancelling') {
      statement.cancelPolls = (statement.cancelPolls ?? 0) + 1;
      if (statement.cancelPolls > (statement.script.cancellingPolls ?? 0)) {
        statement.state = 'cancelled';
      }
      return;
    }
    if (statement.state !== 'waiting' && statement.state !== 'running') {
      return;
    }
    statement.polls += 1;
    statement.state = 'running';
    if (!statement.script.endless && statement.polls > (statement.script.runningPolls ?? 0)) {
      statement.state = 'available';
    }
  }

  private _find(ref: string): IFakeSession | undefined {
    return /^\d+$/.test(ref) ? this.sessions.get(Number(ref)) : [...this.sessions.values()].find(session => session.name === ref);
  }

  private _sessionJson(session: IFakeSession): Json {
    return { ...livyFixtureJson<Json>('session-get-idle-200'), id: session.id, name: session.name, kind: session.kind, state: session.state, log: [] };
  }

  private _statementJson(statement: IFakeStatement): Json {
    const progress = statement.script.progress ?? [];
    const done = statement.state === 'available' || statement.state === 'cancelled';
    return {
      id: statement.id,
      code: statement.code,
      state: statement.state,
      output:
        statement.state === 'available'
          ? statement.script.output
          : statement.state === 'cancelled'
            ? { status: 'error', execution_count: statement.id, ename: 'Error', evalue: 'cancelled', traceback: [] }
            : null,
      progress: done ? 1 : (progress[Math.min(progress.length - 1, statement.polls - 1)] ?? 0),
      started: statement.polls > 0 ? 1 : 0,
      completed: done ? 2 : 0
    };
  }
}

export function json(status: number, body: unknown): IHttpResponse {
  return { status, headers: { 'content-type': 'application/json;charset=utf-8' }, body: JSON.stringify(body) };
}

function notFound(message: string): IHttpResponse {
  return json(404, { msg: message });
}

/** The `output` of a recorded statement fixture, to script a fake statement with. */
export function recordedOutput(name: string): Json {
  return livyFixtureJson<{ output: Json }>(name).output;
}
