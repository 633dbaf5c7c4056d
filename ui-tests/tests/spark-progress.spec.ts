/**
 * Issue 19, live Spark job progress, in the browser: while a Scala cell runs a job of two stages on
 * the stack's Livy, its output shows the job (a link to its Spark UI page) with one row per stage
 * (a link to the stage's page, a progress bar, tasks done of the total); when the statement ends
 * that block becomes one summary line. The README's two pictures are taken here. It needs the
 * stack's Livy and fails, naming the fix, where Livy does not answer.
 */
import { APIRequestContext, expect, Locator, test } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { EmrPage } from './helpers/emr-page';
import { requireLivy } from './helpers/stack-env';

const SHOTS = path.resolve(__dirname, '..', 'test-results');
/**
 * The README's pictures. Written when missing or when EMR_UI_UPDATE_DOCS_IMAGE=1: they show
 * elapsed times and job ids, so copying on every run would leave the work tree dirty.
 */
const DOCS_IMAGES = path.resolve(__dirname, '..', '..', 'docs', 'images');
const RUNNING_IMAGE = 'spark-progress-running.png';
const SUMMARY_IMAGE = 'spark-progress-summary.png';
/** The active cell's toolbar (copy, move, delete) is not what the pictures are about. */
const SHOT_STYLE = '.jp-cell-toolbar { visibility: hidden; }';

/**
 * One Spark job of two stages: four partitions that take 2, 4, 6 and 8 s (two at a time on the
 * stack's local[2]), then the shuffle of reduceByKey into two. The tasks end one by one on purpose:
 * Spark's status store writes a running stage at most every 100 ms (spark.ui.liveUpdate.period),
 * so when tasks end and start in the same instant the REST API can go on showing the stage as it
 * was before them until a later event or flush (seen here: four tasks of 4 s each showed "0/4
 * tasks, 3 running" until the stage ended). An RDD on purpose too: Spark SQL's adaptive execution runs a
 * DataFrame's shuffle as a job of its own and the stage after it as a second, short job, so a
 * groupBy never shows its two stages side by side for long.
 */
const MULTI_STAGE_CELL = [
  'val slow = sc.parallelize(0 until 400, 4).mapPartitionsWithIndex { (i, rows) => Thread.sleep(2000L * (i + 1)); rows }',
  'slow.map(n => (n % 3, 1)).reduceByKey(_ + _, 2).collect()'
].join('\n');
const SUMMARY = /^Statement finished after \d+ s · 1 job, 2 stages, 6 tasks(, [^·]+)? · Spark UI$/;
const JOB_PAGE = /^https?:\/\/[^/]+\/jobs\/job\/\?id=(\d+)$/;

/** Runs a cell from the keyboard and returns at once (the run command resolves only when the cell ends). */
async function startCell(emr: EmrPage, index: number): Promise<void> {
  await emr.cellEditor(index).click();
  await emr.page.keyboard.press('ControlOrMeta+Enter');
}

/** The sum of an rgb() color's channels: enough to tell a dark color from a light one. */
function luminance(rgb: string): number {
  return (rgb.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).reduce((sum, channel) => sum + Number(channel), 0);
}

interface IProgressColors {
  appearance: string;
  text: string;
  stageName: string;
  barTrack: string;
  page: string;
}

/** What the theme and style/progress.css make of the block: its text, a stage name, a bar's track, and the notebook behind them. */
async function progressColors(block: Locator): Promise<IProgressColors> {
  // The live display replaces its output twice a second: a block resolved just before it was
  // replaced is detached when read, and a detached element computes no style (every value ''), so
  // such a read is taken again.
  for (let attempt = 0; attempt < 20; attempt++) {
    const colors = await readProgressColors(block);
    if (colors) {
      return colors;
    }
  }
  throw new Error('the progress block was replaced under every one of 20 reads of its colours');
}

function readProgressColors(block: Locator): Promise<IProgressColors | undefined> {
  return block.evaluate(node => {
    if (!node.isConnected) {
      return undefined;
    }
    /** The first background that is not transparent, from the block up. */
    const behind = (from: Element): string => {
      for (let at: Element | null = from; at; at = at.parentElement) {
        const color = getComputedStyle(at).backgroundColor;
        if (!/^rgba\(.*,\s*0\)$/.test(color) && color !== 'transparent') {
          return color;
        }
      }
      return getComputedStyle(document.body).backgroundColor;
    };
    const bar = node.querySelector('progress')!;
    return {
      appearance: getComputedStyle(bar).appearance,
      text: getComputedStyle(node).color,
      stageName: getComputedStyle(node.querySelector('.jp-emr-Progress-stageName')!).color,
      barTrack: getComputedStyle(bar).backgroundColor,
      page: behind(node)
    };
  });
}

/** Waits until the running cell shows its one job with both stages listed, and the first stage under way. */
async function expectRunningJob(cell: Locator): Promise<Locator> {
  const progress = cell.locator('.jp-emr-SparkProgress');
  const job = progress.locator('.jp-emr-Progress-job');
  await expect(job).toHaveCount(1);
  await expect(job.locator('li')).toHaveCount(2);
  // From the second task's end (4 s in) to the last one's (12 s), one to three of the four are done.
  await expect(job.locator('li').first()).toContainText(/\b[1-3]\/4 tasks/);
  await expect(cell.locator('.jp-InputPrompt')).toHaveText('[*]:');
  return progress;
}

/** Asserts what one running job block shows, and that its links open the Spark UI's pages. */
async function expectJobBlock(progress: Locator, request: APIRequestContext): Promise<string> {
  const job = progress.locator('.jp-emr-Progress-job');
  await expect(job).toContainText(/^Job \d+ running: collect at <console>:\d+/);
  const jobLink = job.getByRole('link', { name: /^Job \d+$/ });
  await expect(jobLink).toHaveAttribute('href', JOB_PAGE);
  await expect(jobLink).toHaveAttribute('target', '_blank');
  await expect(jobLink).toHaveAttribute('rel', /noopener/);
  const jobHref = (await jobLink.getAttribute('href'))!;
  const jobId = JOB_PAGE.exec(jobHref)![1];
  await expect(jobLink).toHaveText(`Job ${jobId}`);
  const uiBase = jobHref.replace(/\/jobs\/job\/.*$/, '');

  // Both stages of the job are listed from its start: the map side running, the shuffle's reduce side waiting.
  const stages = job.locator('li');
  const rows = await stages.evaluateAll(items =>
    items.map(item => ({
      link: item.querySelector('a')?.textContent ?? '',
      href: item.querySelector('a')?.getAttribute('href') ?? '',
      bars: item.querySelectorAll('progress').length,
      value: Number(item.querySelector('progress')?.getAttribute('value')),
      text: item.textContent ?? ''
    }))
  );
  expect(rows).toHaveLength(2);
  const names = [/map at <console>:\d+$/, /collect at <console>:\d+$/];
  const totals = [4, 2];
  for (const [index, row] of rows.entries()) {
    const stageId = /^Stage (\d+)$/.exec(row.link)?.[1];
    expect(stageId, row.text).toBeDefined();
    expect(row.href).toBe(`${uiBase}/stages/stage/?id=${stageId}&attempt=0`);
    expect(row.bars).toBe(1);
    expect(row.text).toMatch(names[index]);
    const counts = /(\d+)\/(\d+) tasks/.exec(row.text);
    expect(counts, row.text).not.toBeNull();
    expect(Number(counts![2])).toBe(totals[index]);
    // The bar shows the same fraction as the count beside it.
    expect(row.value).toBeCloseTo(Number(counts![1]) / totals[index], 2);
  }
  expect(Number(rows[1].href.match(/id=(\d+)/)![1])).toBe(Number(rows[0].href.match(/id=(\d+)/)![1]) + 1);
  await expect(progress.locator(':scope > div').last()).toHaveText(/^\d+ s$/);

  const pages: [string, string][] = [[jobHref, `Details for Job ${jobId}`], ...rows.map(row => [row.href, `Details for Stage ${/id=(\d+)/.exec(row.href)![1]} (Attempt 0)`] as [string, string])];
  for (const [href, heading] of pages) {
    const page = await request.get(href);
    expect(page.status(), href).toBe(200);
    expect(await page.text(), href).toContain(heading);
  }
  return jobHref;
}

/** Waits for the block to become the summary line, and returns it. */
async function expectSummary(emr: EmrPage, cell: Locator, jobHref: string): Promise<Locator> {
  await expect(cell.locator('.jp-emr-SparkProgress')).toHaveCount(0, { timeout: 120_000 });
  const summary = cell.locator('.jp-emr-Progress');
  await expect(summary).toHaveCount(1);
  await expect(summary).toHaveText(SUMMARY);
  await expect(summary).not.toContainText('failed');
  await expect(summary.getByRole('link', { name: 'Spark UI' })).toHaveAttribute('href', jobHref);
  await expect(cell.locator('.jp-OutputArea')).toContainText('Array((0,134), (2,133), (1,133))');
  await emr.waitForKernelIdle();
  return summary;
}

function publish(shot: string, image: string): void {
  const target = path.join(DOCS_IMAGES, image);
  if (!fs.existsSync(target) || process.env.EMR_UI_UPDATE_DOCS_IMAGE === '1') {
    fs.mkdirSync(DOCS_IMAGES, { recursive: true });
    fs.copyFileSync(shot, target);
  }
}

test.describe('live Spark job progress', () => {
  test('a two-stage job shows its stages and tasks while it runs, then one summary line, in the light and dark themes', async ({ page, request }) => {
    await requireLivy();
    // The first cell starts a Spark session, which takes a minute or more on a loaded 2-core machine.
    test.setTimeout(600_000);
    const emr = new EmrPage(page);
    await emr.goto();
    await emr.setTheme('JupyterLab Light');
    try {
      await emr.newNotebook('emr-livy');
      // The session, and the Spark UI address the kernel reads from its log, before the job to watch.
      await emr.setCellSource(0, 'spark.range(1).count()');
      await emr.runCell(0);
      await expect(emr.cell(0).locator('.jp-OutputArea')).toContainText('Long = 1', { timeout: 540_000 });
      await emr.waitForKernelIdle();

      await emr.execute('notebook:insert-cell-below');
      await emr.setCellSource(1, MULTI_STAGE_CELL);
      const cell = emr.cell(1);
      fs.mkdirSync(SHOTS, { recursive: true });

      await startCell(emr, 1);
      const progress = await expectRunningJob(cell);
      const running = path.join(SHOTS, RUNNING_IMAGE);
      await cell.screenshot({ path: running, animations: 'disabled', style: SHOT_STYLE });
      const jobHref = await expectJobBlock(progress, request);
      const light = await progressColors(progress);
      expect(light.appearance).toBe('none');
      expect(light.stageName).not.toBe(light.text);

      await expectSummary(emr, cell, jobHref);
      const summary = path.join(SHOTS, SUMMARY_IMAGE);
      await cell.screenshot({ path: summary, animations: 'disabled', style: SHOT_STYLE });
      publish(running, RUNNING_IMAGE);
      publish(summary, SUMMARY_IMAGE);

      // The same cell again in the dark theme: light text, and bars drawn dark, not Chromium's light default.
      await emr.setTheme('JupyterLab Dark');
      await startCell(emr, 1);
      const darkProgress = await expectRunningJob(cell);
      const dark = await progressColors(darkProgress);
      await cell.screenshot({ path: path.join(SHOTS, 'spark-progress-dark.png'), animations: 'disabled', style: SHOT_STYLE });
      expect(dark.appearance).toBe('none');
      expect(luminance(dark.page)).toBeLessThan(luminance(light.page));
      expect(luminance(dark.text)).toBeGreaterThan(luminance(dark.page) + 300);
      expect(luminance(dark.stageName)).toBeGreaterThan(luminance(dark.page) + 150);
      expect(luminance(dark.barTrack)).toBeLessThan(luminance(light.barTrack));
      expect(luminance(dark.barTrack)).toBeLessThan(3 * 128);
      const darkHref = await expectJobBlock(darkProgress, request);
      await expectSummary(emr, cell, darkHref);
      await cell.screenshot({ path: path.join(SHOTS, 'spark-progress-summary-dark.png'), animations: 'disabled', style: SHOT_STYLE });
    } finally {
      // The theme is a user setting, shared with the specs that run after this one.
      await emr.setTheme('JupyterLab Light');
    }
  });
});
