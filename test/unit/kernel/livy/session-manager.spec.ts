import { LivyHttpError, SessionGoneError, SessionStartError } from '../../../../kernel/src/livy/errors';
import { ISessionManagerOptions, LivySessionManager, uniqueSessionName, versionAtLeast } from '../../../../kernel/src/livy/session-manager';
import { IHttpResponse } from '../../../../kernel/src/livy/http';
import { FakeLivy, json } from '../../../helpers/fake-livy';
import { clientFor, FAST_POLL } from '../../../helpers/fake-livy-client';

function manager(livy: FakeLivy, options: Partial<ISessionManagerOptions> = {}): LivySessionManager {
  return new LivySessionManager({
    client: clientFor(livy),
    namePrefix: 'nb',
    createRequest: { kind: 'spark', conf: { 'spark.sql.shuffle.partitions': '8' } },
    heartbeatTimeoutSeconds: 0,
    startTimeoutMs: 10_000,
    keepOnShutdown: false,
    poll: FAST_POLL,
    ...options
  });
}

describe('LivySessionManager', () => {
  it('creates a session on first use, waits until it is idle, and reuses it after', async () => {
    const livy = new FakeLivy();
    livy.startPolls = 3;
    const sessions = manager(livy);
    const progress: string[] = [];
    const first = await sessions.ensure({ onStarting: update => progress.push(update.state) });
    expect(first.startedMs).toBeDefined();
    expect(progress).toEqual(['starting', 'starting', 'starting']);
    const second = await sessions.ensure();
    expect(second.session).toBe(first.session);
    expect(second.startedMs).toBeUndefined();
    expect(livy.requestsTo('POST', /^\/sessions$/)).toHaveLength(1);
  });

  it('sends the configured body under a unique name, and addresses the session by that name', async () => {
    const livy = new FakeLivy();
    const { session } = await manager(livy).ensure();
    const body = JSON.parse(livy.requestsTo('POST', /^\/sessions$/)[0].body as string);
    expect(body).toMatchObject({ kind: 'spark', conf: { 'spark.sql.shuffle.partitions': '8' } });
    expect(body.name).toMatch(/^nb-\d+-/);
    expect(session.ref).toBe(body.name);
    expect(livy.requestsTo('GET', new RegExp(`^/sessions/${body.name}/state$`)).length).toBeGreaterThan(0);
  });

  it('never picks the same name twice', () => {
    const names = new Set(Array.from({ length: 1000 }, () => uniqueSessionName('nb')));
    expect(names.size).toBe(1000);
  });

  it('sends idleTimeout to Livy 0.9 but not to 0.8, which would refuse the session', async () => {
    for (const [version, expected] of [
      ['0.9.0-incubating', '2h'],
      ['0.8.0-incubating', undefined]
    ] as const) {
      const livy = new FakeLivy();
      livy.version = version;
      await manager(livy, { idleTimeout: '2h', heartbeatTimeoutSeconds: 600 }).ensure();
      const body = JSON.parse(livy.requestsTo('POST', /^\/sessions$/)[0].body as string);
      expect(body.idleTimeout).toBe(expected);
      expect(body.heartbeatTimeoutInSecond).toBe(600);
    }
  });

  it('treats a Livy without /version as older than 0.8', async () => {
    const livy = new FakeLivy();
    livy.version = undefined;
    const sessions = manager(livy, { idleTimeout: '2h' });
    expect(await sessions.serverVersion()).toBeUndefined();
    await sessions.ensure();
    expect(JSON.parse(livy.requestsTo('POST', /^\/sessions$/)[0].body as string).idleTimeout).toBeUndefined();
  });

  it('reports a session that dies while starting, with its log, and starts a new one next time', async () => {
    const livy = new FakeLivy();
    livy.startsAs = 'dead';
    const sessions = manager(livy);
    const error = await sessions.ensure().catch(caught => caught);
    expect(error).toBeInstanceOf(SessionStartError);
    expect(error).toMatchObject({ state: 'dead', logTail: ['stdout: ', 'line one', 'line two'] });
    expect(sessions.current).toBeUndefined();
    livy.startsAs = 'idle';
    await sessions.ensure();
    expect(livy.requestsTo('POST', /^\/sessions$/)).toHaveLength(2);
  });

  it('gives up on a session that does not start in time and deletes it', async () => {
    const livy = new FakeLivy();
    livy.startPolls = Number.MAX_SAFE_INTEGER;
    const error = await manager(livy, { startTimeoutMs: 30 })
      .ensure()
      .catch(caught => caught);
    expect(error).toBeInstanceOf(SessionStartError);
    expect(error.state).toMatch(/still starting/);
    expect(livy.sessions.size).toBe(0);
  });

  it('keeps a start that was interrupted and lets the next call use it', async () => {
    const livy = new FakeLivy();
    livy.startPolls = 5;
    const sessions = manager(livy);
    const controller = new AbortController();
    const pending = sessions.ensure({ signal: controller.signal, onStarting: () => controller.abort() });
    await expect(pending).rejects.toMatchObject({ code: 'ABORTED' });
    await sessions.ensure();
    expect(livy.requestsTo('POST', /^\/sessions$/)).toHaveLength(1);
  });

  it('after forget(), starts a fresh session and says which one it replaced', async () => {
    const livy = new FakeLivy();
    const sessions = manager(livy);
    const { session } = await sessions.ensure();
    sessions.forget(new SessionGoneError(session.id, 'dead'));
    const next = await sessions.ensure();
    expect(next.replaced).toEqual({ id: session.id, state: 'dead' });
    expect(next.session.id).not.toBe(session.id);
    expect((await sessions.ensure()).replaced).toBeUndefined();
  });

  it('notices through its heartbeat that the session was deleted behind its back', async () => {
    const livy = new FakeLivy();
    const sessions = manager(livy, { heartbeatTimeoutSeconds: 60, heartbeatIntervalMs: 5 });
    const { session } = await sessions.ensure();
    livy.dropSession(session.id);
    await new Promise(resolve => setTimeout(resolve, 50));
    expect(sessions.current).toBeUndefined();
    expect((await sessions.ensure()).replaced).toEqual({ id: session.id, state: 'not found' });
    await sessions.shutdown(100);
  });

  it('reattaches to an existing session, deleting the one it had started', async () => {
    const livy = new FakeLivy();
    const other = manager(livy);
    const { session: foreign } = await other.ensure();
    const sessions = manager(livy);
    const { session: own } = await sessions.ensure();
    const { session, deleted } = await sessions.reattach(foreign.id);
    expect(session).toMatchObject({ id: foreign.id, ownedByKernel: false });
    expect(deleted).toBe(own.id);
    expect(livy.sessions.has(own.id)).toBe(false);
    await sessions.shutdown(100);
    expect(livy.sessions.has(foreign.id)).toBe(true);
  });

  it('on Livy 0.8, gives the ttl the session was started with, not the proxy user 0.8 reports in its place', async () => {
    const livy = new FakeLivy();
    livy.version = '0.8.0-incubating';
    const sessions = manager(livy, { createRequest: { kind: 'spark', ttl: '2h' } });
    const { session } = await sessions.ensure();
    // What Livy 0.8.0 answers for a session started by alice with {"ttl": "2h"}.
    const as08 = (id: number): IHttpResponse => json(200, { id, name: null, appId: null, owner: null, proxyUser: 'alice', state: 'idle', kind: 'spark', appInfo: null, log: [], ttl: 'alice' });
    livy.fail('GET', new RegExp(`^/sessions/${String(session.ref)}$`), as08(session.id), true);
    expect(await sessions.sessionInfo()).toMatchObject({ ttl: '2h', proxyUser: 'alice' });
    const other = manager(livy);
    const { session: foreign } = await other.ensure();
    await sessions.reattach(foreign.id);
    livy.fail('GET', new RegExp(`^/sessions/${foreign.id}$`), as08(foreign.id), true);
    expect((await sessions.sessionInfo())?.ttl).toBeNull();
  });

  it('on Livy 0.9, gives the ttl Livy reports', async () => {
    const livy = new FakeLivy();
    const sessions = manager(livy, { createRequest: { kind: 'spark', ttl: '2h' } });
    const { session } = await sessions.ensure();
    livy.fail('GET', new RegExp(`^/sessions/${String(session.ref)}$`), json(200, { id: session.id, name: null, state: 'idle', kind: 'spark', log: [], ttl: '3h' }), true);
    expect((await sessions.sessionInfo())?.ttl).toBe('3h');
  });

  it('refuses to reattach to a session Livy does not know', async () => {
    await expect(manager(new FakeLivy()).reattach(42)).rejects.toBeInstanceOf(SessionGoneError);
  });

  it('cleans up its own sessions, or every session when forced', async () => {
    const livy = new FakeLivy();
    const { session: foreign } = await manager(livy).ensure();
    const sessions = manager(livy);
    const { session: own } = await sessions.ensure();
    expect(await sessions.cleanup(false)).toEqual([own.id]);
    expect([...livy.sessions.keys()]).toEqual([foreign.id]);
    expect(await sessions.cleanup(true)).toEqual([foreign.id]);
    expect(livy.sessions.size).toBe(0);
  });

  it('deletes its session at shutdown unless told to keep it', async () => {
    const livy = new FakeLivy();
    const deleting = manager(livy);
    await deleting.ensure();
    await deleting.shutdown(100);
    expect(livy.sessions.size).toBe(0);
    const keeping = manager(livy, { keepOnShutdown: true });
    await keeping.ensure();
    await keeping.shutdown(100);
    expect(livy.sessions.size).toBe(1);
  });

  it('passes on a refusal to create the session', async () => {
    const livy = new FakeLivy();
    const error = await manager(livy, { createRequest: { kind: 'spark', noSuchField: 1 } as never })
      .ensure()
      .catch(caught => caught);
    expect(error).toBeInstanceOf(LivyHttpError);
    expect(error.status).toBe(400);
  });
});

describe('LivySessionManager: the session started with the kernel', () => {
  it('is joined by the first cell, which waits only for what is left and hears that it started with the kernel', async () => {
    const livy = new FakeLivy();
    livy.startPolls = 20;
    const sessions = manager(livy);
    sessions.startEarly();
    expect(sessions.unusedKernelStart).toBe(true);
    const progress: string[] = [];
    const first = await sessions.ensure({ onStarting: update => progress.push(update.state) });
    expect(first.startedWithKernel).toBe(true);
    expect(first.startedMs).toBeDefined();
    expect(progress.length).toBeGreaterThan(0);
    expect(sessions.unusedKernelStart).toBe(false);
    const second = await sessions.ensure();
    expect(second.startedMs).toBeUndefined();
    expect(livy.requestsTo('POST', /^\/sessions$/)).toHaveLength(1);
  });

  it('counts as unused until a cell takes it, also once it is ready', async () => {
    const livy = new FakeLivy();
    const sessions = manager(livy);
    sessions.startEarly();
    await expect(sessions.readySession(5000)).resolves.toBeDefined();
    expect(sessions.unusedKernelStart).toBe(true);
    const { startedWithKernel } = await sessions.ensure();
    expect(startedWithKernel).toBe(true);
    expect(sessions.unusedKernelStart).toBe(false);
  });

  it('lets readySession wait a bounded time for it, and never starts one itself', async () => {
    const livy = new FakeLivy();
    const idle = manager(livy);
    await expect(idle.readySession(50)).resolves.toBeUndefined();
    expect(livy.requestsTo('POST', /^\/sessions$/)).toHaveLength(0);
    livy.startPolls = 1_000_000;
    const slow = manager(livy);
    slow.startEarly();
    const asked = Date.now();
    await expect(slow.readySession(100)).resolves.toBeUndefined();
    expect(Date.now() - asked).toBeLessThan(2000);
    await slow.shutdown(1000);
  });

  it('is deleted by discard() while it is still starting, and the next start uses the new settings', async () => {
    const livy = new FakeLivy();
    livy.startPolls = 1_000_000;
    const sessions = manager(livy);
    sessions.startEarly();
    await waitFor(() => livy.sessions.size === 1);
    sessions.createRequest = { kind: 'spark', executorMemory: '2g' };
    await sessions.discard();
    expect(livy.sessions.size).toBe(0);
    livy.startPolls = 1;
    await sessions.ensure();
    const bodies = livy.requestsTo('POST', /^\/sessions$/).map(request => JSON.parse(request.body as string));
    expect(bodies).toHaveLength(2);
    expect(bodies[1].executorMemory).toBe('2g');
  });

  it('is deleted when the kernel shuts down before it is up', async () => {
    const livy = new FakeLivy();
    livy.startPolls = 1_000_000;
    const sessions = manager(livy);
    sessions.startEarly();
    await waitFor(() => livy.sessions.size === 1);
    await sessions.shutdown(1000);
    expect(livy.sessions.size).toBe(0);
    expect(livy.requestsTo('DELETE', /^\/sessions\/.+$/)).toHaveLength(1);
  });

  it('is deleted at shutdown even when Livy had not yet answered the create request', async () => {
    const livy = new FakeLivy();
    livy.startPolls = 1_000_000;
    const sessions = manager(livy);
    sessions.startEarly();
    // No await: shutdown begins while GET /version and POST /sessions are still on their way.
    await sessions.shutdown(1000);
    expect(livy.sessions.size).toBe(0);
    expect(livy.requestsTo('DELETE', /^\/sessions\/.+$/)).toHaveLength(livy.requestsTo('POST', /^\/sessions$/).length);
  });

  it('tells the first cell why it did not come up, and that cell starts another', async () => {
    const livy = new FakeLivy();
    livy.startsAs = 'dead';
    const sessions = manager(livy);
    sessions.startEarly();
    await waitFor(() => livy.requestsTo('GET', /\/log$/).length > 0);
    await new Promise(resolve => setTimeout(resolve, 20));
    livy.startsAs = 'idle';
    const ensured = await sessions.ensure();
    expect(ensured.earlierStartFailure).toMatch(/dead/);
    expect(ensured.startedWithKernel).toBeUndefined();
    expect(livy.requestsTo('POST', /^\/sessions$/)).toHaveLength(2);
  });

  it('prepares a session it started early, once it is up, and no session a cell started', async () => {
    const livy = new FakeLivy();
    const prepared: number[] = [];
    const early = manager(livy, { prepareEarly: session => prepared.push(session.id) });
    early.startEarly();
    const { session } = await early.ensure();
    expect(prepared).toEqual([session.id]);
    const onDemand = manager(livy, { prepareEarly: started => prepared.push(started.id) });
    await onDemand.ensure();
    expect(prepared).toEqual([session.id]);
  });

  it('does nothing when a session is already held', async () => {
    const livy = new FakeLivy();
    const sessions = manager(livy);
    await sessions.ensure();
    sessions.startEarly();
    expect(sessions.unusedKernelStart).toBe(false);
    expect(livy.requestsTo('POST', /^\/sessions$/)).toHaveLength(1);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) {
      throw new Error('condition not met in time');
    }
    await new Promise(resolve => setTimeout(resolve, 2));
  }
}

describe('versionAtLeast', () => {
  it.each([
    ['0.9.0-incubating', 0, 9, true],
    ['0.8.0-incubating', 0, 9, false],
    ['0.10.1', 0, 9, true],
    ['1.0.0', 0, 9, true],
    [undefined, 0, 8, false],
    ['garbage', 0, 8, false]
  ])('%s >= %d.%d is %s', (version, major, minor, expected) => {
    expect(versionAtLeast(version, major, minor)).toBe(expected);
  });
});
