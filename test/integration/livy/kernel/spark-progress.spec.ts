import { ICellExecutor } from '../../../../kernel/src/core/cell-layer';
import { expectOk, kernelErrorOf, runCell } from '../../../helpers/cell-runner';
import { RecordingSink } from '../../../helpers/recording-sink';
import { livyRest, runningStatement, stackExecutor } from '../../../helpers/livy-stack';

// Live Spark job progress on the stack's real Livy and Spark: the kernel reads the statement's
// jobs and stages from the driver's REST API (found through the session's log, as local mode
// reports no links) and shows them in place, then one summary line.
describe('live Spark job progress on Livy', () => {
  let executor: ICellExecutor;

  beforeAll(() => {
    executor = stackExecutor('spark-progress', { EMR_LIVY_PROGRESS_DELAY_MS: '0' });
  });

  afterAll(async () => {
    await executor.shutdown(false);
  });

  /** Every version of the progress display, in the order it was sent. */
  function progressTexts(sink: RecordingSink): string[] {
    return sink.events
      .filter(event => event.type === 'display' || event.type === 'update')
      .map(event => String((event as { data: Record<string, unknown> }).data['text/plain']))
      .filter(text => /^(Job \d+|Running ·|Statement |\[)/.test(text));
  }

  it('shows a shuffle as a job with two stages whose task counts reach their totals, then a summary', async () => {
    // Warm up, so the session, its Spark UI address and the stderr routing are in place.
    expectOk(await runCell(executor, 'spark.range(1).count()'));
    const sink = expectOk(await runCell(executor, 'spark.range(0, 400, 1, 4).mapPartitions { rows => Thread.sleep(1500); rows }.toDF("n").groupBy(($"n" % 3).as("k")).count().collect().length'));
    const texts = progressTexts(sink);
    const blocks = texts.filter(text => text.startsWith('Job '));
    expect(blocks.length).toBeGreaterThan(0);
    const stageLines = blocks[blocks.length - 1].split('\n').filter(line => /^ {2}Stage \d+/.test(line));
    expect(stageLines.length).toBeGreaterThanOrEqual(2);
    const summary = texts[texts.length - 1];
    expect(summary).toMatch(/^Statement finished after \d+ s · \d+ jobs?, ([2-9]|\d\d+) stages, \d+ tasks/);
    // The first stage ran 4 tasks (one per partition): the summary counts them all, none failed.
    expect(Number(/(\d+) tasks/.exec(summary)?.[1])).toBeGreaterThanOrEqual(5);
    expect(summary).not.toMatch(/failed task/);
    expect(summary).toMatch(/Spark UI: http:\/\/127\.0\.0\.1:\d+\/jobs\/job\/\?id=\d+/);
  });

  it('counts a failing task as failed', async () => {
    const outcome = await runCell(executor, 'spark.range(0, 4, 1, 4).map { n => if (n == 2) throw new IllegalStateException("bad row"); n }.count()');
    expect(kernelErrorOf(outcome).evalue).toMatch(/bad row/);
    const texts = progressTexts(outcome.sink);
    expect(texts[texts.length - 1]).toMatch(/^Statement failed after .* [1-9]\d* failed tasks?/);
  });

  it('names the job an interrupt cancelled', async () => {
    const controller = new AbortController();
    const running = runCell(executor, 'spark.range(0, 8, 1, 2).mapPartitions { rows => Thread.sleep(60000); rows }.count()', controller.signal);
    const [session] = ((await livyRest('GET', '/sessions?size=1000')).json.sessions as { id: number; name: string }[]).filter(item => item.name?.startsWith('it-spark-progress'));
    await runningStatement(session.id, code => code.includes('60000'));
    // A few polls of the Spark UI, so the job is seen running before the interrupt.
    await new Promise(resolve => setTimeout(resolve, 3000));
    controller.abort();
    const outcome = await running;
    const texts = progressTexts(outcome.sink);
    expect(texts[texts.length - 1]).toMatch(/^Statement cancelled after .* · cancelled job \d+ \(count at <console>:\d+\)/);
  });
});
