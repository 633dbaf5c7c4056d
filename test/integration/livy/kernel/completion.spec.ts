import { ICellExecutor } from '../../../../kernel/src/core/cell-layer';
import { expectOk, runCell } from '../../../helpers/cell-runner';
import { stackExecutor } from '../../../helpers/livy-stack';

// Completion: magic names and SQL keywords locally, Scala names from the session through Livy.
describe('completion on Livy', () => {
  let executor: ICellExecutor;

  beforeAll(() => {
    executor = stackExecutor('completion');
  });

  afterAll(async () => {
    await executor.shutdown(false);
  });

  it('completes magic names and SQL keywords without a session', async () => {
    expect((await executor.complete('%%sq', 4)).matches).toEqual(['%%sql']);
    const code = '%%sql\nSELECT * FR';
    const sql = await executor.complete(code, code.length);
    expect(sql.matches).toContain('FROM');
    expect(sql.cursorStart).toBe(code.length - 2);
  });

  it('completes Scala members from the live session', async () => {
    expectOk(await runCell(executor, 'val numbers = List(1, 2, 3)'));
    const code = 'numbers.ma';
    const completion = await executor.complete(code, code.length);
    expect(completion.matches).toEqual(expect.arrayContaining(['map', 'max']));
    expect(completion.cursorStart).toBe('numbers.'.length);
    expect(completion.cursorEnd).toBe(code.length);
  });

  it('completes Scala in a %%spark cell, counting the cursor in the whole cell', async () => {
    const code = '%%spark\nspark.ra';
    const completion = await executor.complete(code, code.length);
    expect(completion.matches).toContain('range');
    expect(completion.cursorStart).toBe(code.length - 2);
  });
});
