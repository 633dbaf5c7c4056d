import { InterruptedError, UserError } from '../../../../kernel/src/core/errors';
import { ICellExecutor } from '../../../../kernel/src/core/cell-layer';
import { expectOk, kernelErrorOf, runCell } from '../../../helpers/cell-runner';
import { DelayProxy } from '../../../helpers/delay-proxy';
import { eventually, livyRest, stackExecutor } from '../../../helpers/livy-stack';
import { loadStackEnv } from '../../../helpers/stack-env';

type Json = Record<string, unknown>;

// Faults between the kernel's cell layer and the real local Livy, injected by a TCP proxy on
// loopback (slow answers, Livy unreachable in the middle of a statement) and by killing the Spark
// driver of the kernel's session. Each fault ends with the same check: the next cell works.

const FINAL_SESSION_STATE = /dead|killed|error|success/;

/** The sessions a test's kernel made; Livy keeps listing dead ones (this run's and earlier runs'). */
async function sessionsNamed(prefix: string, which: 'live' | 'all' = 'live'): Promise<Json[]> {
  const { json } = await livyRest('GET', '/sessions?size=1000');
  return (json.sessions as Json[]).filter(item => String(item.name).startsWith(prefix) && (which === 'all' || !FINAL_SESSION_STATE.test(String(item.state))));
}

async function latestStatement(sessionId: number): Promise<Json | undefined> {
  const { json } = await livyRest('GET', `/sessions/${sessionId}/statements?order=desc&size=1`);
  return (json.statements as Json[])[0];
}

describe('Livy answering slowly (a delay proxy on loopback)', () => {
  let proxy: DelayProxy;
  let executor: ICellExecutor;

  beforeAll(async () => {
    proxy = await DelayProxy.start(loadStackEnv().LIVY_URL);
    executor = stackExecutor('fault-slow', { LIVY_URL: proxy.url, EMR_LIVY_REQUEST_TIMEOUT_MS: '2000' });
    expectOk(await runCell(executor, 'val warm = 1'));
  });

  afterAll(async () => {
    proxy.delayMs = 0;
    await executor?.shutdown(false);
    await proxy?.stop();
  });

  it('fails a cell whose requests outlast the configured timeout, naming the setting, then works once Livy is fast again', async () => {
    const connectionsBefore = proxy.connections;
    proxy.delayMs = 3000;
    const error = kernelErrorOf(await runCell(executor, 'val slow = 2'));
    expect(error).toBeInstanceOf(UserError);
    expect(error.evalue).toMatch(/within 2 s/);
    expect(error.evalue).toMatch(/EMR_LIVY_REQUEST_TIMEOUT_MS/);
    // The look-ups timed out too, so whether the POST arrived is unknown, and the user is told so.
    expect(error.evalue).toMatch(/may still be running.*could run it twice/s);
    // The timed-out requests were dropped, and the kernel opened new connections for its look-ups.
    expect(proxy.connections).toBeGreaterThan(connectionsBefore);

    proxy.delayMs = 0;
    const sink = expectOk(await runCell(executor, 'spark.range(6).count()'));
    expect(sink.text()).toMatch(/= 6\b/);
  });

  it('warns rightly that a cell whose answers came too late may have run: Livy ran it', async () => {
    // Requests reach Livy at once; only its answers are held past the timeout.
    proxy.responseDelayMs = 3000;
    const error = kernelErrorOf(await runCell(executor, 'val lateAnswer = 41'));
    proxy.responseDelayMs = 0;
    expect(error.evalue).toMatch(/may still be running.*could run it twice/s);
    const [session] = await sessionsNamed('it-fault-slow');
    const ran = await eventually('the statement to be on the session', 30_000, async () => {
      const latest = await latestStatement(session.id as number);
      return String(latest?.code).includes('lateAnswer') ? latest : undefined;
    });
    expect(ran.state).toMatch(/waiting|running|available/);
    expect(expectOk(await runCell(executor, 'lateAnswer + 1')).text()).toMatch(/= 42\b/);
  });

  it('still interrupts a running statement when every request takes 400 ms', async () => {
    proxy.delayMs = 400;
    const [session] = await sessionsNamed('it-fault-slow');
    const controller = new AbortController();
    const cell = runCell(executor, 'spark.range(0, 2000000000L, 1, 2).map(x => { Thread.sleep(1); x }).count()', controller.signal);
    const running = await eventually('the long statement to run', 60_000, async () => {
      const latest = await latestStatement(session.id as number);
      return latest?.state === 'running' && String(latest.code).includes('2000000000L') ? (latest.id as number) : undefined;
    });
    controller.abort();
    const outcome = await cell;
    expect(outcome.error).toBeInstanceOf(InterruptedError);
    const { json: statement } = await livyRest('GET', `/sessions/${String(session.id)}/statements/${running}`);
    expect(statement.state).toMatch(/cancell?ed|cancelling/);
    proxy.delayMs = 0;
    expect(expectOk(await runCell(executor, 'spark.range(3).count()')).text()).toMatch(/= 3\b/);
  });
});

describe('Livy unreachable in the middle of a statement, then back', () => {
  let proxy: DelayProxy;
  let executor: ICellExecutor;

  beforeAll(async () => {
    proxy = await DelayProxy.start(loadStackEnv().LIVY_URL);
    executor = stackExecutor('fault-cut', { LIVY_URL: proxy.url });
    expectOk(await runCell(executor, 'val warm = 1'));
  });

  afterAll(async () => {
    await proxy?.restore();
    await executor?.shutdown(false);
    await proxy?.stop();
  });

  it('fails the cell with the remedy, keeps the kernel working, and the next cell runs once Livy answers again', async () => {
    const [session] = await sessionsNamed('it-fault-cut');
    // Driver code that ends by itself, so the session is free again soon after Livy is back.
    const cell = runCell(executor, 'Thread.sleep(6000); val afterSleep = 7');
    await eventually('the statement to run', 60_000, async () => {
      const latest = await latestStatement(session.id as number);
      return latest?.state === 'running' && String(latest.code).includes('afterSleep') ? true : undefined;
    });
    await proxy.cut();
    const error = kernelErrorOf(await cell);
    expect(error).toBeInstanceOf(UserError);
    expect(error.evalue).toMatch(/Cannot reach Livy|did not answer/);
    expect(error.evalue).toMatch(/kernel keeps working/);

    // While Livy is away every cell fails the same way, promptly, instead of hanging.
    const meanwhile = kernelErrorOf(await runCell(executor, 'spark.range(2).count()'));
    expect(meanwhile.evalue).toMatch(/Cannot reach Livy/);

    await proxy.restore();
    const sink = expectOk(await runCell(executor, 'spark.range(9).count()'));
    expect(sink.text()).toMatch(/= 9\b/);
    // The statement that was running when Livy went away finished on the same session.
    expect(expectOk(await runCell(executor, 'afterSleep + 1')).text()).toMatch(/= 8\b/);
    const [after] = await sessionsNamed('it-fault-cut');
    expect(after.id).toBe(session.id);
  });
});

describe('the Spark driver of the session killed', () => {
  let executor: ICellExecutor;

  beforeAll(() => {
    executor = stackExecutor('fault-driver');
  });

  afterAll(async () => {
    await executor?.shutdown(false);
  });

  it('is detected while a statement runs, reported, and the next cell runs in a fresh session', async () => {
    // The driver tells its own pid: the one process that is surely this session's.
    const pidText = expectOk(await runCell(executor, 'val driverPid = ProcessHandle.current().pid()')).text();
    const pid = Number(/driverPid: Long = (\d+)/.exec(pidText)?.[1]);
    expect(pid).toBeGreaterThan(1);
    const [session] = await sessionsNamed('it-fault-driver');

    const cell = runCell(executor, 'spark.range(0, 2000000000L, 1, 2).map(x => { Thread.sleep(1); x }).count()');
    await eventually('the long statement to run', 60_000, async () => {
      const latest = await latestStatement(session.id as number);
      return latest?.state === 'running' ? true : undefined;
    });
    process.kill(pid, 'SIGKILL');
    const error = kernelErrorOf(await cell);
    expect(error).toBeInstanceOf(UserError);
    expect(error.evalue).toMatch(new RegExp(`Livy session ${String(session.id)} is gone.*lost.*fresh session`, 's'));

    const sink = expectOk(await runCell(executor, 'spark.range(5).count()'));
    expect(sink.text()).toMatch(/= 5\b/);
    const live = await sessionsNamed('it-fault-driver');
    expect(live).toHaveLength(1);
    expect(live[0].id).not.toBe(session.id);
    const dead = (await sessionsNamed('it-fault-driver', 'all')).find(item => item.id === session.id);
    expect(dead?.state ?? 'deleted').toMatch(/dead|killed|error|deleted/);
    // Livy would list the dead session for livy.server.session.state-retain.sec; tidy it now.
    await livyRest('DELETE', `/sessions/${String(session.id)}`);
    // What the killed driver held is gone, and the new session says so rather than pretending.
    expect(kernelErrorOf(await runCell(executor, 'driverPid')).evalue).toMatch(/not found: value driverPid/);
  });
});
