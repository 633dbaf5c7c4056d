import { isSessionNotFound, LivyClient, refusedSessionState } from '../../../../kernel/src/livy/client';
import { LivyBadResponseError, LivyHttpError } from '../../../../kernel/src/livy/errors';
import { IHttpRequest, IHttpResponse, IHttpTransport, LivyHttp } from '../../../../kernel/src/livy/http';
import { livyFixture } from '../../../helpers/livy-fixtures';

/** Answers every request with one recorded response and keeps the requests. */
class Replay implements IHttpTransport {
  readonly requests: IHttpRequest[] = [];
  constructor(private readonly _response: IHttpResponse) {}
  async send(request: IHttpRequest): Promise<IHttpResponse> {
    this.requests.push(request);
    return this._response;
  }
  close(): void {}
}

function client(fixture: string): { client: LivyClient; transport: Replay } {
  const transport = new Replay(livyFixture(fixture));
  return { client: new LivyClient(new LivyHttp({ baseUrl: 'http://livy:8998', transport, requestedBy: 't', timeoutMs: 1000 })), transport };
}

describe('LivyClient', () => {
  it.each<[string, string, (c: LivyClient) => Promise<unknown>, string, string]>([
    ['version', 'version-200', c => c.version(), 'GET', '/version'],
    ['createSession', 'session-create-201', c => c.createSession({ kind: 'spark' }), 'POST', '/sessions'],
    ['getSession by name', 'session-get-by-name-200', c => c.getSession('my session'), 'GET', '/sessions/my%20session'],
    ['getSessionState', 'session-state-idle-200', c => c.getSessionState(8), 'GET', '/sessions/8/state'],
    ['deleteSession', 'session-delete-200', c => c.deleteSession(8), 'DELETE', '/sessions/8'],
    ['getSessionLog', 'session-log-200', c => c.getSessionLog(8, { size: 5 }), 'GET', '/sessions/8/log?size=5'],
    ['listSessions', 'sessions-list-200', c => c.listSessions(0, 50), 'GET', '/sessions?from=0&size=50'],
    ['submitStatement', 'statement-submit-201', c => c.submitStatement(8, { code: '1', kind: 'spark' }), 'POST', '/sessions/8/statements'],
    ['getStatement', 'statement-scala-ok', c => c.getStatement(8, 0), 'GET', '/sessions/8/statements/0'],
    ['listStatements', 'statements-list-desc-200', c => c.listStatements(8, { order: 'desc', size: 2 }), 'GET', '/sessions/8/statements?order=desc&size=2'],
    ['cancelStatement', 'statement-cancel-200', c => c.cancelStatement(8, 3), 'POST', '/sessions/8/statements/3/cancel'],
    ['complete', 'completion-scala-200', c => c.complete(8, { code: 'spark.ra', kind: 'spark', cursor: 8 }), 'POST', '/sessions/8/completion']
  ])('%s calls %s-recorded endpoint %s %s', async (_name, fixture, call, method, path) => {
    const { client: livy, transport } = client(fixture);
    await call(livy);
    expect(transport.requests).toHaveLength(1);
    expect(transport.requests[0].method).toBe(method);
    expect(new URL(transport.requests[0].url).pathname + new URL(transport.requests[0].url).search).toBe(path);
  });

  it('returns the recorded session and statement as Livy sent them', async () => {
    expect(await client('session-create-201').client.createSession({ kind: 'spark' })).toMatchObject({ state: 'starting', kind: 'spark', appInfo: { sparkUiUrl: null } });
    expect(await client('statement-scala-ok').client.getStatement(8, 0)).toMatchObject({ state: 'available', output: { status: 'ok', data: { 'text/plain': 'res0: Long = 10\n' } } });
    expect((await client('completion-scala-members-200').client.complete(8, { code: 'xs.ma', kind: 'spark', cursor: 5 })).candidates).toEqual(['map', 'mapConserve', 'max', 'maxBy']);
  });

  it('has no method for the session interrupt endpoint, which stops the whole session', () => {
    expect(Object.getOwnPropertyNames(LivyClient.prototype).filter(name => /interrupt|stop/i.test(name))).toEqual([]);
  });

  it('rejects a 2xx answer that lacks what the endpoint returns', async () => {
    const { client: livy } = client('version-200');
    await expect(livy.getSession(1)).rejects.toBeInstanceOf(LivyBadResponseError);
  });
});

describe('isSessionNotFound and refusedSessionState', () => {
  it('tell a missing session from a missing statement', async () => {
    const session = await client('session-after-delete-get')
      .client.getSession(8)
      .catch(error => error);
    const statement = await client('statement-not-found-404')
      .client.getStatement(8, 9)
      .catch(error => error);
    expect(isSessionNotFound(session)).toBe(true);
    expect(isSessionNotFound(statement)).toBe(false);
    expect(statement).toBeInstanceOf(LivyHttpError);
  });

  it("read the state from Livy's refusal to use a session that cannot take work", async () => {
    const refused = await client('statement-submit-while-starting-500')
      .client.submitStatement(8, { code: '1', kind: 'spark' })
      .catch(error => error);
    expect(refusedSessionState(refused)).toBe('starting');
    const other = await client('statement-submit-bad-kind-500')
      .client.submitStatement(8, { code: '1', kind: 'spark' })
      .catch(error => error);
    expect(refusedSessionState(other)).toBeUndefined();
  });
});
