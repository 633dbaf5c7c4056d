import { InterruptedError } from '../../../../kernel/src/core/errors';
import { ICellExecutor } from '../../../../kernel/src/core/cell-layer';
import { expectOk, runCell } from '../../../helpers/cell-runner';
import { livyRest, runningStatement, stackExecutor } from '../../../helpers/livy-stack';

type Json = Record<string, unknown>;

// Interrupting a cell cancels its Livy statement; checked through Livy's REST API directly.
describe('interrupting a cell on Livy', () => {
  let executor: ICellExecutor;

  beforeAll(() => {
    executor = stackExecutor('interrupt');
  });

  afterAll(async () => {
    await executor.shutdown(false);
  });

  async function ourSessionId(): Promise<number> {
    const { json } = await livyRest('GET', '/sessions?size=1000');
    const session = (json.sessions as Json[]).find(item => String(item.name).startsWith('it-interrupt'));
    if (!session) {
      throw new Error('the test session is not on Livy');
    }
    return session.id as number;
  }

  it('cancels the running statement, ends the cell as interrupted and keeps the session usable', async () => {
    expectOk(await runCell(executor, 'val warm = 1'));
    const sessionId = await ourSessionId();
    const controller = new AbortController();
    const cell = runCell(executor, 'spark.range(0, 2000000000L, 1, 4).map(x => { Thread.sleep(1); x }).count()', controller.signal);
    const running = await runningStatement(sessionId, code => code.includes('2000000000L'));
    await new Promise(resolve => setTimeout(resolve, 3000));
    controller.abort();
    const outcome = await cell;
    expect(outcome.error).toBeInstanceOf(InterruptedError);
    expect((outcome.error as InterruptedError).evalue).toMatch(/cancelled statement/);
    const { json: statement } = await livyRest('GET', `/sessions/${sessionId}/statements/${running}`);
    expect(statement.state).toBe('cancelled');
    const { json: session } = await livyRest('GET', `/sessions/${sessionId}/state`);
    expect(session.state).not.toMatch(/dead|killed|error/);
    const next = expectOk(await runCell(executor, 'spark.range(4).count()'));
    expect(next.text()).toMatch(/= 4\b/);
  });
});
