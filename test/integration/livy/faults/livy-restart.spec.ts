import { UserError } from '../../../../kernel/src/core/errors';
import { ICellExecutor } from '../../../../kernel/src/core/executor';
import { expectOk, kernelErrorOf, runCell } from '../../../helpers/cell-runner';
import { eventually, stackExecutor } from '../../../helpers/livy-stack';
import { OwnLivy } from '../../../helpers/own-livy';

type Json = Record<string, unknown>;

// The Livy server itself stopped while a statement runs, then started again: a second Livy of the
// test's own on a free port (the shared one keeps serving everyone else). Livy runs without
// recovery here, as by default, so the restarted server knows no sessions and hands out ids from 0
// again; the kernel must notice that its session is gone rather than mistake a new one for it.

describe('the Livy server stopped mid-statement and started again', () => {
  let livy: OwnLivy;
  let executor: ICellExecutor;

  async function rest(route: string): Promise<Json> {
    return (await (await fetch(`${livy.url}${route}`)).json()) as Json;
  }

  beforeAll(async () => {
    livy = await OwnLivy.create();
    await livy.start();
    executor = stackExecutor('fault-restart', { LIVY_URL: livy.url });
  });

  afterAll(async () => {
    await executor?.shutdown(false);
    await livy?.remove();
  });

  it('fails the running cell with the remedy, keeps the kernel, and the next cell gets a fresh session', async () => {
    expectOk(await runCell(executor, 'val before = 1'));
    const [session] = (await rest('/sessions')).sessions as Json[];
    expect(livy.driverPids().length).toBeGreaterThan(0);

    const cell = runCell(executor, 'Thread.sleep(120000); val never = 2');
    await eventually('the statement to run', 60_000, async () => {
      const { statements } = await rest(`/sessions/${String(session.id)}/statements?order=desc&size=1`);
      return (statements as Json[])[0]?.state === 'running' ? true : undefined;
    });
    await livy.stop('SIGTERM');

    const error = kernelErrorOf(await cell);
    expect(error).toBeInstanceOf(UserError);
    expect(error.evalue).toMatch(/Cannot reach Livy at http:\/\/127\.0\.0\.1:\d+/);
    expect(error.evalue).toMatch(/kernel keeps working/);
    // While Livy is down a cell fails at once with the same explanation.
    expect(kernelErrorOf(await runCell(executor, 'spark.range(1).count()')).evalue).toMatch(/Cannot reach Livy/);

    await livy.start();
    const started = Date.now();
    const next = expectOk(await runCell(executor, 'spark.range(4).count()'));
    const seconds = (Date.now() - started) / 1000;
    expect(next.text()).toMatch(/= 4\b/);
    expect(next.text('stderr')).toMatch(new RegExp(`Livy session ${String(session.id)} is gone.*fresh session`, 's'));
    // The new server reuses the id; the kernel's session is the one with its name.
    const [fresh] = (await rest('/sessions')).sessions as Json[];
    expect(String(fresh.name)).toMatch(/^it-fault-restart/);
    expect(fresh.name).not.toBe(session.name);
    expect(kernelErrorOf(await runCell(executor, 'before')).evalue).toMatch(/not found: value before/);
    console.log(`livy restart: the first cell after the restart ran in ${seconds.toFixed(1)} s, session start included`);
  });
});
