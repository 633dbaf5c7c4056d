import { ICellExecutor } from '../../../../kernel/src/core/cell-layer';
import { expectOk, kernelErrorOf, runCell } from '../../../helpers/cell-runner';
import { RecordingSink } from '../../../helpers/recording-sink';
import { eventually, livyRest, runningStatement, stackExecutor } from '../../../helpers/livy-stack';

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

  /** The display's last version once `done` accepts it: the summary's final counts come in just after the cell's reply. */
  async function settled(sink: RecordingSink, done: (text: string) => boolean): Promise<string> {
    return eventually('the summary of the last look', 10_000, async () => {
      const texts = progressTexts(sink);
      const last = texts[texts.length - 1];
      return last !== undefined && done(last) ? last : undefined;
    });
  }

  it('shows a shuffle as a job with two stages whose task counts reach their totals, then a summary', async () => {
    // Warm up, so the session, its Spark UI address and the stderr routing are in place.
    expectOk(await runCell(executor, 'spark.range(1).count()'));
    // An RDD shuffle is one job with both stages listed from its start (a DataFrame groupBy runs as
    // two jobs under adaptive execution). Partitions end one after another.
    const sink = expectOk(
      await runCell(executor, 'sc.parallelize(0 until 400, 4).mapPartitionsWithIndex { (i, rows) => Thread.sleep(700L * (i + 1)); rows }.map(n => (n % 3, 1)).reduceByKey(_ + _, 2).collect().length')
    );
    const blocks = progressTexts(sink).filter(text => text.startsWith('Job '));
    expect(blocks.length).toBeGreaterThan(0);
    const stageLines = blocks[blocks.length - 1].split('\n').filter(line => /^ {2}Stage \d+/.test(line));
    expect(stageLines.map(line => /(\d+)\/(\d+) tasks/.exec(line)?.[2])).toEqual(['4', '2']);
    // Every task of both stages counted: 4 + 2.
    const summary = await settled(sink, text => / 6 tasks/.test(text));
    expect(summary).toMatch(/^Statement finished after \d+ s · 1 job, 2 stages, 6 tasks/);
    expect(summary).not.toMatch(/failed task/);
    expect(summary).toMatch(/Spark UI: http:\/\/127\.0\.0\.1:\d+\/jobs\/job\/\?id=\d+/);
  });

  it('counts a failing task as failed', async () => {
    const outcome = await runCell(executor, 'spark.range(0, 4, 1, 4).map { n => if (n == 2) throw new IllegalStateException("bad row"); n }.count()');
    expect(kernelErrorOf(outcome).evalue).toMatch(/bad row/);
    await settled(outcome.sink, text => /^Statement failed after .* [1-9]\d* failed tasks?/.test(text));
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
    await settled(outcome.sink, text => /^Statement cancelled after .* · cancelled job \d+ \(count at <console>:\d+\)/.test(text));
  });
});
