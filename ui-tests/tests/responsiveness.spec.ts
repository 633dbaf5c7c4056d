/**
 * "JupyterLab never freezes" (issue 9), in the browser: while the emr-livy kernel is busy, or its
 * backend does not answer, the user keeps typing, opens the side panel and the Settings Editor,
 * and the toolbar's stop button ends the cell. Everything here runs without Livy: the long cell is
 * a %%aurora statement on the stack's PostgreSQL, the silent backend a TCP port of the test's own.
 * Assertions are about what the page shows, never about how long it took.
 */
import { expect, Locator, test } from '@playwright/test';

import { SilentEndpoint } from '../../test/helpers/silent-endpoint';
import { EmrPage } from './helpers/emr-page';
import { ResultView } from './helpers/result-view';

const EC2_CLUSTER = 'emr-local-analytics';
/** Far longer than any test: if the cell ends, the interrupt ended it. */
const ENDLESS_SQL = '%%aurora --target silver-pg\nSELECT pg_sleep(3600) AS ui_responsiveness_sleep';
const ROWS = 100_000;

/** A notebook of `sources.length` cells on the emr-livy kernel, typed in as a user would. */
async function notebookWithCells(emr: EmrPage, sources: string[]): Promise<void> {
  await emr.goto();
  await emr.newNotebook('emr-livy');
  for (let index = 0; index < sources.length; index++) {
    if (index > 0) {
      await emr.execute('notebook:insert-cell-below');
    }
    await emr.setCellSource(index, sources[index]);
  }
  await expect(emr.notebook.locator('.jp-Cell')).toHaveCount(sources.length);
}

function inputPrompt(emr: EmrPage, index: number): Locator {
  return emr.cell(index).locator('.jp-InputPrompt');
}

async function expectRunning(emr: EmrPage, index: number): Promise<void> {
  await expect(inputPrompt(emr, index)).toHaveText('[*]:');
  await expect(emr.notebook.locator('.jp-Notebook-ExecutionIndicator[data-status="busy"]')).toHaveCount(1);
}

/** Types at the end of a cell while the kernel is busy; the editor must take every key. */
async function appendTyped(emr: EmrPage, index: number, text: string): Promise<void> {
  const before = await emr.cellSource(index);
  await emr.cellEditor(index).click();
  await emr.page.keyboard.press('ControlOrMeta+End');
  await emr.page.keyboard.type(text);
  await expect.poll(() => emr.cellSource(index)).toBe(before + text);
  await expect(emr.cellEditor(index)).toContainText(text);
}

/**
 * Runs a cell from the keyboard and returns at once (the run command itself resolves only when the
 * cell ends, which for these cells is never without an interrupt).
 */
async function startCell(emr: EmrPage, index: number): Promise<void> {
  await emr.cellEditor(index).click();
  await emr.page.keyboard.press('ControlOrMeta+Enter');
}

/** The stop button of the notebook's toolbar, as a user clicks it. */
async function clickInterrupt(emr: EmrPage): Promise<void> {
  await emr.notebook.locator('.jp-NotebookPanel-toolbar [data-jp-item-name="interrupt"]').getByTitle('Interrupt the kernel').click();
}

async function expectInterrupted(emr: EmrPage, index: number): Promise<void> {
  await expect(emr.cellOutput(index).locator('[data-mime-type="application/vnd.jupyter.stderr"]')).toContainText('KeyboardInterrupt');
  await expect(inputPrompt(emr, index)).not.toHaveText('[*]:');
  await emr.waitForKernelIdle();
}

async function runAndExpectTable(emr: EmrPage, index: number, cellText: string): Promise<void> {
  await emr.runCell(index);
  const result = new ResultView(emr.cellOutput(index).locator('.jp-emr-TableView'));
  await expect(result.rows.first()).toContainText(cellText);
  await emr.waitForKernelIdle();
}

test.describe('JupyterLab stays usable while the emr-livy kernel is busy', () => {
  test('during a long %%aurora statement: typing, the side panel and the Settings Editor work, and the stop button ends the cell', async ({ page }) => {
    const emr = new EmrPage(page);
    await notebookWithCells(emr, [ENDLESS_SQL, '%%aurora --target silver-pg\nSELECT 41 + 1 AS ', '']);
    await startCell(emr, 0);
    await expectRunning(emr, 0);

    await appendTyped(emr, 1, 'answer');
    await emr.setCellSource(2, 'typed while the kernel is busy');
    expect(await emr.cellSource(2)).toBe('typed while the kernel is busy');

    await emr.openClusterPanel();
    await expect(emr.ec2Cluster(EC2_CLUSTER).locator('.jp-emr-Ec2Clusters-head .jp-emr-StateBadge')).toHaveText('RUNNING');

    const notebookId = await emr.notebook.getAttribute('id');
    await emr.execute('settingeditor:open');
    const settings = page.locator('.jp-SettingsEditor, .jp-SettingsPanel').first();
    await expect(settings).toBeVisible();
    await expect(page.locator('.jp-PluginList').getByText('EMR SQL results')).toBeVisible();
    await page.evaluate(id => (window as any).jupyterapp.shell.activateById(id), notebookId);

    // Still running: nothing above waited for the cell.
    await expectRunning(emr, 0);
    await clickInterrupt(emr);
    await expectInterrupted(emr, 0);
    await expect(emr.cellOutput(0).locator('.jp-emr-TableView')).toHaveCount(0);

    await runAndExpectTable(emr, 1, '42');
    await expect(inputPrompt(emr, 1)).toHaveText('[2]:');
  });

  test(`a ${ROWS.toLocaleString('en-US')}-row result renders, the notebook scrolls, and the next cell is edited and run`, async ({ page }) => {
    const emr = new EmrPage(page);
    const bigSql =
      `%%aurora --target silver-pg -n ${ROWS}\n` +
      `SELECT g AS id, 'name-' || g AS name, g * 1.5 AS amount, g % 7 AS bucket, md5(g::text) AS digest, DATE '2026-01-01' + (g % 365) AS day ` +
      `FROM generate_series(1, ${ROWS}) AS g ORDER BY g`;
    // Empty cells below, so the notebook is taller than the window whatever the result's height.
    await notebookWithCells(emr, [bigSql, '%%aurora --target silver-pg\nSELECT count(*) AS ', '', '', '', '']);
    await emr.runCell(0);

    const result = new ResultView(emr.cellOutput(0).locator('.jp-emr-TableView'));
    // The kernel picks a chart for id/day columns; the user switches to the table.
    await result.viewButton('table').click();
    await expect(result.rows.first()).toBeVisible();
    await expect(result.rows.first()).toContainText('name-1');
    await expect(result.root.locator('.jp-emr-TableView-footer')).toContainText(`${ROWS.toLocaleString('en-US')} rows`);
    await emr.waitForKernelIdle();
    // Virtualized: a screenful of rows in the page, not a hundred thousand.
    expect(await result.rows.count()).toBeLessThan(500);

    // The table's own scroller reaches the last row.
    await result.scroller.evaluate(node => node.scrollTo({ top: node.scrollHeight }));
    await expect(result.rows.filter({ hasText: `name-${ROWS}` })).toHaveCount(1);

    // The notebook scrolls, by the mouse wheel, past the result to the last cell and back.
    const windowed = emr.notebook.locator('.jp-WindowedPanel-outer');
    await expect.poll(() => windowed.evaluate(node => node.scrollHeight > node.clientHeight)).toBe(true);
    await emr.cell(5).scrollIntoViewIfNeeded();
    await expect(emr.cell(5)).toBeInViewport();
    await expect.poll(() => windowed.evaluate(node => node.scrollTop)).toBeGreaterThan(0);
    const box = await windowed.boundingBox();
    await page.mouse.move(box!.x + 20, box!.y + box!.height / 2);
    await page.mouse.wheel(0, -100_000);
    await expect.poll(() => windowed.evaluate(node => node.scrollTop)).toBe(0);

    await appendTyped(emr, 1, 'n FROM generate_series(1, 10)');
    await runAndExpectTable(emr, 1, '10');
    await expect(inputPrompt(emr, 1)).toHaveText('[2]:');
  });

  test('a Livy that accepts connections and never answers: the cell shows it waits, the stop button ends it, the notebook stays editable', async ({ page }) => {
    const silent = await SilentEndpoint.start();
    try {
      const emr = new EmrPage(page);
      await notebookWithCells(emr, [`%connect ${silent.url}`, '%%aurora --target silver-pg\nSELECT 6 * 7 AS ', '']);
      await startCell(emr, 0);
      await expectRunning(emr, 0);
      await expect.poll(() => silent.connections.length).toBeGreaterThan(0);

      await appendTyped(emr, 1, 'answer');
      await emr.setCellSource(2, 'still editable');
      expect(await emr.cellSource(2)).toBe('still editable');
      await expectRunning(emr, 0);

      // The kernel's request timeout (30 s) would end the cell too, within this wait; that only the
      // interrupt ends it is shown by test/integration/faults/silent-livy.spec.ts, with an hour's timeout.
      await clickInterrupt(emr);
      await expectInterrupted(emr, 0);
      // The kernel let go of the request rather than leaving it to hang on.
      await expect.poll(() => silent.openConnections).toBe(0);

      await runAndExpectTable(emr, 1, '42');
    } finally {
      await silent.stop();
    }
  });
});
