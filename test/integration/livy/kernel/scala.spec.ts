import { CellCodeError } from '../../../../kernel/src/core/errors';
import { ICellExecutor } from '../../../../kernel/src/core/cell-layer';
import { expectOk, kernelErrorOf, runCell } from '../../../helpers/cell-runner';
import { livyRest, stackExecutor } from '../../../helpers/livy-stack';

// Scala cells through the cell layer against the real local Livy; one session for the file.
describe('Scala cells on Livy', () => {
  let executor: ICellExecutor;

  beforeAll(() => {
    executor = stackExecutor('scala');
  });

  afterAll(async () => {
    await executor.shutdown(false);
  });

  it('starts a session on the first cell and returns the count', async () => {
    const sink = expectOk(await runCell(executor, 'spark.range(10).count()'));
    expect(sink.text()).toMatch(/res\d+: Long = 10\b/);
    expect(sink.displayTexts().join('\n')).toMatch(/Spark session \d+ started in \d+/);
  });

  it('keeps the session: a value defined in one cell is there in the next', async () => {
    expectOk(await runCell(executor, 'val answer = 6 * 7'));
    const sink = expectOk(await runCell(executor, '%%scala\nprintln(s"answer=$answer")'));
    expect(sink.text()).toContain('answer=42');
    expect(sink.displayTexts().join('\n')).not.toMatch(/Starting Spark session/);
  });

  it('reports a compile error as a clean CompileError with the code pointer', async () => {
    const error = kernelErrorOf(await runCell(executor, 'val x: Int = "a"'));
    expect(error).toBeInstanceOf(CellCodeError);
    expect(error.ename).toBe('CompileError');
    expect(error.evalue).toMatch(/type mismatch/);
    expect(error.evalue).not.toMatch(/<console>/);
    expect(error.traceback.join('\n')).toMatch(/required: Int/);
  });

  it('reports a runtime exception by its class name and message', async () => {
    const error = kernelErrorOf(await runCell(executor, 'throw new IllegalStateException("nope")'));
    expect(error.ename).toBe('IllegalStateException');
    expect(error.evalue).toBe('nope');
  });

  it('runs the Zeppelin prefix %livy.spark as Scala', async () => {
    const sink = expectOk(await runCell(executor, '%livy.spark\nspark.range(3).count()'));
    expect(sink.text()).toMatch(/= 3\b/);
  });

  it('deletes the session it started when the kernel shuts down', async () => {
    const other = stackExecutor('scala-shutdown');
    expectOk(await runCell(other, '1 + 1'));
    const { json } = await livyRest('GET', '/sessions?size=1000');
    const ours = (json.sessions as { id: number; name: string }[]).filter(session => session.name?.startsWith('it-scala-shutdown'));
    expect(ours).toHaveLength(1);
    await other.shutdown(false);
    expect((await livyRest('GET', `/sessions/${ours[0].id}`)).status).toBe(404);
  });
});
