import { LivyHttpError, LivyTransportError, SessionGoneError, StatementCancelledError, StatementLostError, StatementWithoutOutputError } from '../../../../kernel/src/livy/errors';
import { IActiveSession, LivySessionManager } from '../../../../kernel/src/livy/session-manager';
import { IStatementProgress, StatementRunner } from '../../../../kernel/src/livy/statement-runner';
import { FakeLivy, json, recordedOutput } from '../../../helpers/fake-livy';
import { clientFor, FAST_POLL } from '../../../helpers/fake-livy-client';
import { livyFixture } from '../../../helpers/livy-fixtures';

async function setUp(livy = new FakeLivy()): Promise<{ livy: FakeLivy; runner: StatementRunner; session: IActiveSession }> {
  const client = clientFor(livy);
  const sessions = new LivySessionManager({ client, namePrefix: 't', createRequest: { kind: 'spark' }, heartbeatTimeoutSeconds: 0, startTimeoutMs: 5000, keepOnShutdown: false, poll: FAST_POLL });
  const { session } = await sessions.ensure();
  const runner = new StatementRunner({ client, poll: FAST_POLL, cancelWaitMs: 1000, lookupDelaysMs: [1, 1, 1] });
  return { livy, runner, session };
}

const lostAfterSending = (): LivyTransportError => new LivyTransportError('LIVY_TIMEOUT', 'no answer', 'http://livy.test', 'ETIMEDOUT', true);

describe('StatementRunner', () => {
  it('submits with the statement kind and polls until the output is available', async () => {
    const { livy, runner, session } = await setUp();
    livy.script = () => ({ runningPolls: 3, output: recordedOutput('statement-scala-ok') });
    const statement = await runner.run(session, { code: 'spark.range(10).count()', kind: 'spark' });
    expect(statement.state).toBe('available');
    expect(statement.output).toEqual(recordedOutput('statement-scala-ok'));
    expect(JSON.parse(livy.requestsTo('POST', /statements$/)[0].body as string)).toEqual({ code: 'spark.range(10).count()', kind: 'spark' });
    expect(livy.requestsTo('GET', /statements\/0$/)).toHaveLength(4);
  });

  it("polls at a statement's own spacing when given one (a table's page), not the runner's", async () => {
    const { livy, session } = await setUp();
    const runner = new StatementRunner({ client: clientFor(livy), poll: { initialMs: 600_000, factor: 1, maxMs: 600_000 }, cancelWaitMs: 1000 });
    livy.script = () => ({ runningPolls: 3, output: recordedOutput('statement-scala-ok') });
    // At the runner's spacing the first poll would come after ten minutes: the test would time out.
    const submitted = await runner.submit(session, { code: 'x', kind: 'spark' });
    const statement = await runner.wait(session, submitted, { poll: FAST_POLL });
    expect(statement.output).toEqual(recordedOutput('statement-scala-ok'));
    expect(livy.requestsTo('GET', /statements\/0$/)).toHaveLength(4);
  });

  it('reads a statement again when Livy answers `available` before its output is there, and returns the output', async () => {
    const { livy, runner, session } = await setUp();
    livy.script = () => ({ runningPolls: 1, availableWithoutOutput: 2, output: recordedOutput('statement-scala-ok') });
    const statement = await runner.run(session, { code: 'spark.range(10).count()', kind: 'spark' });
    expect(statement.output).toEqual(recordedOutput('statement-scala-ok'));
    // One `running`, two bare `available` answers, then the full one.
    expect(livy.requestsTo('GET', /statements\/0$/)).toHaveLength(4);
  });

  it('fails, never shows an empty success, when Livy keeps answering `available` without output', async () => {
    const { livy, session } = await setUp();
    const runner = new StatementRunner({ client: clientFor(livy), poll: FAST_POLL, cancelWaitMs: 1000, outputDelaysMs: [1, 1, 1] });
    livy.script = () => ({ availableWithoutOutput: 100, output: recordedOutput('statement-scala-ok') });
    const error = await runner.run(session, { code: 'println(1)', kind: 'spark' }).catch(caught => caught);
    expect(error).toBeInstanceOf(StatementWithoutOutputError);
    expect(error).toMatchObject({ code: 'STATEMENT_NO_OUTPUT', sessionId: session.id, statement: { id: 0, state: 'available', output: null } });
    expect(error.message).toMatch(/statement 0 of session \d+ as finished but keeps returning it without its output.*did run/s);
    // The first available answer plus one re-read per delay.
    expect(livy.requestsTo('GET', /statements\/0$/)).toHaveLength(4);
  });

  it("reports Livy's progress while the statement runs", async () => {
    const { livy, runner, session } = await setUp();
    livy.script = () => ({ runningPolls: 3, progress: [0.1, 0.5, 0.9], output: recordedOutput('statement-scala-ok') });
    const updates: IStatementProgress[] = [];
    await runner.run(session, { code: 'x', kind: 'spark' }, { onProgress: update => updates.push(update) });
    expect(updates.map(update => [update.state, update.progress])).toEqual([
      ['waiting', 0],
      ['running', 0.1],
      ['running', 0.5],
      ['running', 0.9]
    ]);
  });

  it('cancels the statement on abort, through the statement endpoint and never the session interrupt', async () => {
    const { livy, runner, session } = await setUp();
    livy.script = () => ({ endless: true, cancellingPolls: 2, output: recordedOutput('statement-scala-ok') });
    const controller = new AbortController();
    const pending = runner.run(session, { code: 'long', kind: 'spark' }, { signal: controller.signal, onProgress: update => update.state === 'running' && controller.abort() });
    const error = await pending.catch(caught => caught);
    expect(error).toBeInstanceOf(StatementCancelledError);
    expect(error).toMatchObject({ statementId: 0, state: 'cancelled' });
    expect(livy.requestsTo('POST', /statements\/0\/cancel$/)).toHaveLength(1);
    expect(livy.requests.some(request => /interrupt|\/stop/.test(request.url))).toBe(false);
  });

  it('stops waiting for a cancel that takes too long, saying Livy is still cancelling', async () => {
    const { livy, session } = await setUp();
    const runner = new StatementRunner({ client: clientFor(livy), poll: FAST_POLL, cancelWaitMs: 20 });
    livy.script = () => ({ endless: true, cancellingPolls: Number.MAX_SAFE_INTEGER, output: {} });
    const controller = new AbortController();
    controller.abort();
    const submitted = await runner.submit(session, { code: 'Thread.sleep(600000)', kind: 'spark' });
    const error = await runner.wait(session, submitted, { signal: controller.signal }).catch(caught => caught);
    expect(error).toMatchObject({ state: 'cancelling' });
  });

  it('after a POST whose answer was lost, finds the statement instead of sending it again', async () => {
    const { livy, runner, session } = await setUp();
    livy.fail('POST', /statements$/, lostAfterSending(), true);
    const statement = await runner.run(session, { code: 'println(1)', kind: 'spark' });
    expect(statement.state).toBe('available');
    expect(livy.requestsTo('POST', /statements$/)).toHaveLength(1);
    expect(livy.requestsTo('GET', /statements$/).length).toBeGreaterThan(0);
  });

  it('after an unclear 5xx that Livy did not act on, reports the statement lost without sending it twice', async () => {
    const { livy, runner, session } = await setUp();
    livy.fail('POST', /statements$/, json(502, 'Bad Gateway'));
    const error = await runner.run(session, { code: 'println(1)', kind: 'spark' }).catch(caught => caught);
    expect(error).toBeInstanceOf(StatementLostError);
    expect(livy.requestsTo('POST', /statements$/)).toHaveLength(1);
    expect(livy.sessions.get(session.id)?.statements).toHaveLength(0);
  });

  it('does not match an older statement with the same code in the look-up', async () => {
    const { livy, runner, session } = await setUp();
    await runner.run(session, { code: 'same', kind: 'spark' });
    livy.fail('POST', /statements$/, lostAfterSending());
    await expect(runner.run(session, { code: 'same', kind: 'spark' })).rejects.toBeInstanceOf(StatementLostError);
  });

  it('says the session is gone when Livy no longer knows it', async () => {
    const { livy, runner, session } = await setUp();
    livy.dropSession(session.id);
    const error = await runner.run(session, { code: '1', kind: 'spark' }).catch(caught => caught);
    expect(error).toBeInstanceOf(SessionGoneError);
    expect(error.state).toBe('not found');
  });

  it('says the session is gone when Livy refuses it as dead', async () => {
    const { livy, runner, session } = await setUp();
    livy.fail('POST', /statements$/, json(500, 'java.lang.IllegalStateException: Session is in state dead'));
    await expect(runner.run(session, { code: '1', kind: 'spark' })).rejects.toMatchObject({ code: 'SESSION_GONE', state: 'dead' });
  });

  it('notices a session deleted while its statement runs', async () => {
    const { livy, runner, session } = await setUp();
    livy.script = () => ({ endless: true, output: {} });
    const error = await runner.run(session, { code: 'long', kind: 'spark' }, { onProgress: update => update.state === 'running' && livy.dropSession(session.id) }).catch(caught => caught);
    expect(error).toBeInstanceOf(SessionGoneError);
  });

  it('says the session is gone when Livy answers that it is being torn down', async () => {
    const { livy, runner, session } = await setUp();
    livy.script = () => ({ endless: true, output: {} });
    livy.fail('GET', /statements\/0$/, json(400, { msg: "requirement failed: Session isn't active." }));
    await expect(runner.run(session, { code: 'long', kind: 'spark' })).rejects.toMatchObject({ code: 'SESSION_GONE', state: 'no longer active' });
  });

  it('sends again a statement Livy refused because the session was still starting', async () => {
    const { livy, runner, session } = await setUp();
    livy.fail('POST', /statements$/, livyFixture('statement-submit-while-starting-500'));
    const statement = await runner.run(session, { code: '1', kind: 'spark' });
    expect(statement.state).toBe('available');
    expect(livy.requestsTo('POST', /statements$/)).toHaveLength(2);
  });

  it('rides out a few failed polls, which are safe to repeat', async () => {
    const { livy, runner, session } = await setUp();
    livy.script = () => ({ runningPolls: 2, output: recordedOutput('statement-scala-ok') });
    livy.fail('GET', /statements\/0$/, json(503, 'busy'));
    livy.fail('GET', /statements\/0$/, new LivyTransportError('LIVY_UNREACHABLE', 'reset', 'http://livy.test', 'ECONNRESET', true));
    expect((await runner.run(session, { code: '1', kind: 'spark' })).state).toBe('available');
  });

  it('passes on a client error such as a rejected kind', async () => {
    const { livy, runner, session } = await setUp();
    livy.fail('POST', /statements$/, livyFixture('session-create-unknown-field-400'));
    await expect(runner.run(session, { code: '1', kind: 'spark' })).rejects.toBeInstanceOf(LivyHttpError);
  });

  it('returns a statement that finished before its cancel took effect, output and all', async () => {
    const { livy, runner, session } = await setUp();
    livy.script = () => ({ endless: true, output: recordedOutput('statement-scala-ok') });
    // Livy finishes the statement as the cancel arrives: the cancel answers as usual, the statement is available.
    livy.fail('POST', /statements\/0\/cancel$/, json(200, { msg: 'canceled' }));
    const controller = new AbortController();
    const statement = await runner.run(
      session,
      { code: '1', kind: 'spark' },
      {
        signal: controller.signal,
        onProgress: update => {
          if (update.state === 'running') {
            const fake = livy.sessions.get(session.id)?.statements[0];
            if (fake) {
              fake.script = { output: recordedOutput('statement-scala-ok') };
            }
            controller.abort();
          }
        }
      }
    );
    expect(statement.state).toBe('available');
    expect(statement.output).toEqual(recordedOutput('statement-scala-ok'));
  });
});
