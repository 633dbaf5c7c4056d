import { UserError } from '../../../../kernel/src/core/errors';
import { ICellExecutor } from '../../../../kernel/src/core/cell-layer';
import { expectOk, kernelErrorOf, runCell } from '../../../helpers/cell-runner';
import { eventually, livyRest, stackExecutor } from '../../../helpers/livy-stack';

type Json = Record<string, unknown>;

// A session deleted behind the kernel's back: the next cell says the state is gone and runs in a fresh session.
describe('a Livy session that disappears', () => {
  let executor: ICellExecutor;

  beforeAll(() => {
    executor = stackExecutor('dead-session');
  });

  afterAll(async () => {
    await executor.shutdown(false);
  });

  async function ourSessions(): Promise<Json[]> {
    const { json } = await livyRest('GET', '/sessions?size=1000');
    return (json.sessions as Json[]).filter(item => String(item.name).startsWith('it-dead-session'));
  }

  it('is replaced on the next cell, which says that earlier state is lost', async () => {
    expectOk(await runCell(executor, 'val before = 1'));
    const [first] = await ourSessions();
    expect((await livyRest('DELETE', `/sessions/${String(first.id)}`)).status).toBe(200);

    const sink = expectOk(await runCell(executor, 'spark.range(2).count()'));
    expect(sink.text('stderr')).toMatch(new RegExp(`Livy session ${String(first.id)} is gone \\(not found\\).*lost.*fresh session`, 's'));
    expect(sink.text()).toMatch(/= 2\b/);
    const [second] = await ourSessions();
    expect(second.id).not.toBe(first.id);

    const error = kernelErrorOf(await runCell(executor, 'before + 1'));
    expect(error.evalue).toMatch(/not found: value before/);
  });

  it('fails the running cell plainly when the session is deleted under it, and the next cell starts afresh', async () => {
    const [current] = await ourSessions();
    const cell = runCell(executor, 'spark.range(0, 2000000000L, 1, 4).map(x => { Thread.sleep(1); x }).count()');
    await eventually('the long statement to run', 60_000, async () => {
      const { json } = await livyRest('GET', `/sessions/${String(current.id)}/statements?order=desc&size=1`);
      return (json.statements as Json[])[0]?.state === 'running' ? true : undefined;
    });
    await livyRest('DELETE', `/sessions/${String(current.id)}`);
    const error = kernelErrorOf(await cell);
    expect(error).toBeInstanceOf(UserError);
    expect(error.evalue).toMatch(new RegExp(`Livy session ${String(current.id)} is gone.*lost.*next cell starts a fresh session`, 's'));

    const sink = expectOk(await runCell(executor, 'spark.range(5).count()'));
    expect(sink.text()).toMatch(/= 5\b/);
    const [fresh] = await ourSessions();
    expect(fresh.id).not.toBe(current.id);
  });
});
