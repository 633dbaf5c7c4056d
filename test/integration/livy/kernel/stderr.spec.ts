import { ICellExecutor } from '../../../../kernel/src/core/cell-layer';
import { expectOk, kernelErrorOf, runCell } from '../../../helpers/cell-runner';
import { stackExecutor } from '../../../helpers/livy-stack';

// What a cell writes to stderr reaches the notebook as stderr, on the stack's real Livy: Scala's
// System.err and Console.err (which Livy's Scala interpreter otherwise leaves in the driver's log)
// and Python's sys.stderr (which Livy otherwise appends to stdout), in order with stdout.
describe('stderr of Scala and PySpark cells on Livy', () => {
  let executor: ICellExecutor;

  beforeAll(() => {
    executor = stackExecutor('stderr');
  });

  afterAll(async () => {
    await executor.shutdown(false);
  });

  const streamsOf = (sink: ReturnType<typeof expectOk>) => sink.events.filter(event => event.type === 'stream').map(event => event as { name: string; text: string });

  it('sends System.err.println and Console.err as stderr, between the lines printed before and after', async () => {
    const sink = expectOk(await runCell(executor, 'println("one")\nSystem.err.println("two")\nConsole.err.println("three")\nprintln("four")'));
    expect(streamsOf(sink)).toEqual([
      { type: 'stream', name: 'stdout', text: 'one\n' },
      { type: 'stream', name: 'stderr', text: 'two\nthree\n' },
      { type: 'stream', name: 'stdout', text: 'four\n' }
    ]);
  });

  it('keeps stderr in later cells and leaves the REPL results on stdout', async () => {
    const sink = expectOk(await runCell(executor, 'System.err.print("partial"); val answer = 6 * 7'));
    expect(sink.text('stderr')).toBe('partial');
    expect(sink.text('stdout')).toContain('answer: Int = 42');
  });

  // On one line: Livy runs a cell's Scala statement by statement and, when one fails, answers
  // with that one's output only (kernel/README.md, "What a cell prints").
  it('sends what a failing Scala statement wrote to stderr before it failed, and the failure itself as the error', async () => {
    const outcome = await runCell(executor, 'System.err.println("about to fail"); throw new IllegalStateException("boom")');
    const error = kernelErrorOf(outcome);
    expect(error.ename).toBe('IllegalStateException');
    expect(error.evalue).toBe('boom');
    expect(outcome.sink.text('stderr')).toBe('about to fail\n');
  });

  it("sends Python's sys.stderr as stderr, in order with print", async () => {
    const sink = expectOk(await runCell(executor, '%%pyspark\nimport sys\nprint("a")\nprint("b", file=sys.stderr)\nprint("c")'));
    expect(streamsOf(sink)).toEqual([
      { type: 'stream', name: 'stdout', text: 'a\n' },
      { type: 'stream', name: 'stderr', text: 'b\n' },
      { type: 'stream', name: 'stdout', text: 'c\n' }
    ]);
  });

  it('sends a Python warning as stderr', async () => {
    const sink = expectOk(await runCell(executor, '%%pyspark\nimport warnings\nwarnings.warn("careful", UserWarning)\nprint("done")'));
    expect(sink.text('stderr')).toContain('UserWarning: careful');
    expect(sink.text('stdout')).toBe('done\n');
  });
});
