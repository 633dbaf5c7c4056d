import { expect, Page, test } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';

import type { ITablePayload } from '../../common/src';
import { EmrPage } from './helpers/emr-page';
import { kernelOutputs, writeResultNotebook } from './helpers/result-notebook';
import { ResultView } from './helpers/result-view';

const XSS = '<img src=x onerror=alert(1)>';
const TABLE_MIME_TYPE = 'application/vnd.jupyterlab-emr.table.v1+json';
const SHOTS = path.resolve(__dirname, '..', 'test-results');
/** The README's picture of a chart; written when missing or when EMR_UI_UPDATE_DOCS_IMAGE=1, like the panel's. */
const README_IMAGE = path.resolve(__dirname, '..', '..', 'docs', 'images', 'chart.png');

const SALES: ITablePayload = {
  schema: {
    fields: [
      { name: 'region', type: 'string' },
      { name: 'amount', type: 'double' },
      { name: 'units', type: 'integer' }
    ]
  },
  rows: [
    ['north', 120.5, 12],
    ['south', 80, 8],
    ['east', 42.25, 5],
    [XSS, 64, 6],
    ['west', 99, 10],
    ['north', 30, 3]
  ],
  rowCount: 6,
  truncated: false
};

const BIG: ITablePayload = {
  schema: {
    fields: [
      { name: 'id', type: 'bigint' },
      { name: 'label', type: 'string' }
    ]
  },
  rows: Array.from({ length: 12_000 }, (_, i) => [i, `row ${i}`]),
  rowCount: 12_000,
  truncated: false
};

const VISITS: ITablePayload = {
  schema: {
    fields: [
      { name: 'day', type: 'date' },
      { name: 'visits', type: 'bigint' }
    ]
  },
  rows: [
    ['2026-11-01', 310],
    ['2026-11-02', 290],
    ['2026-11-03', 405],
    ['2026-11-04', 380]
  ],
  rowCount: 4,
  truncated: false
};

/** Sales with no chart from the kernel (--no-chart), 12,000 rows, and visits with the kernel's automatic chart. */
async function writeNotebook(name: string): Promise<string> {
  return writeResultNotebook(name, [
    { source: '%%sql --no-chart\nselect region, amount, units from silver.sales', outputs: await kernelOutputs(SALES, { mark: 'none' }) },
    { source: '%%sql --no-chart\nselect id, label from silver.big', outputs: await kernelOutputs(BIG, { mark: 'none' }) },
    { source: '%%sql\nselect day, visits from silver.visits', outputs: await kernelOutputs(VISITS, {}) }
  ]);
}

function collectDialogs(page: Page): string[] {
  const dialogs: string[] = [];
  page.on('dialog', dialog => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  return dialogs;
}

async function download(page: Page, click: () => Promise<void>): Promise<{ name: string; body: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download'), click()]);
  return { name: file.suggestedFilename(), body: fs.readFileSync(await file.path()) };
}

test.describe('result table and charts', () => {
  test('a large result scrolls and sorts with only the rows in view in the page', async ({ page }) => {
    const emr = new EmrPage(page);
    await emr.goto(await writeNotebook('virtual.ipynb'));
    const result = new ResultView(emr.cellOutput(1).locator('.jp-emr-TableView'));
    await expect(result.rows.first()).toHaveText(/^0\s*row 0$/);
    expect(await result.rows.count()).toBeLessThan(80);
    await expect(result.root.locator('.jp-emr-TableView-footer')).toHaveText('12,000 rows');

    await result.scroller.evaluate(node => (node.scrollTop = node.scrollHeight));
    await expect(result.rows.last()).toHaveText(/^11999\s*row 11999$/);
    // The last row is drawn inside the scroller's box, not cut off by it.
    await expect
      .poll(() =>
        result.scroller.evaluate(scroller => {
          const rows = scroller.querySelectorAll('tr.jp-emr-TableView-row');
          const last = rows[rows.length - 1].getBoundingClientRect();
          const box = scroller.getBoundingClientRect();
          // Within a pixel: row edges fall on fractions of one.
          return last.top >= box.top && last.bottom <= box.bottom + 1;
        })
      )
      .toBe(true);
    expect(await result.rows.count()).toBeLessThan(80);

    // Two clicks on the id header: descending, over all 12,000 rows.
    await result.scroller.evaluate(node => (node.scrollTop = 0));
    const idHeader = result.root.locator('th').first();
    await idHeader.locator('button').click();
    await idHeader.locator('button').click();
    await expect(idHeader).toHaveAttribute('aria-sort', 'descending');
    await expect(result.rows.first()).toHaveText(/^11999\s*row 11999$/);
  });

  test('a bar chart is drawn from the table, markup in a value stays text in the table and in the tooltip, and exports work', async ({ page }) => {
    const dialogs = collectDialogs(page);
    const emr = new EmrPage(page);
    await emr.goto(await writeNotebook('sales.ipynb'));
    await emr.setTheme('JupyterLab Light');
    const result = new ResultView(emr.cellOutput(0).locator('.jp-emr-TableView'));

    // The kernel sent no chart for this cell, so it opens on the table.
    await expect(result.viewButton('table')).toHaveAttribute('aria-pressed', 'true');
    await expect(result.rows.filter({ hasText: XSS })).toHaveCount(1);
    await expect(result.root.locator('img')).toHaveCount(0);

    await result.showChart('bar');
    await expect(result.picker('x')).toHaveValue('region');
    await expect(result.picker('y')).toHaveValue('amount');
    await result.picker('aggregate').selectOption('sum');
    const bars = result.chart.locator('.mark-rect path');
    await expect(bars).toHaveCount(5);
    fs.mkdirSync(SHOTS, { recursive: true });
    const shot = path.join(SHOTS, 'result-bar-chart.png');
    await result.root.screenshot({ path: shot, animations: 'disabled' });

    // Hover the hostile category's bar: the tooltip shows the value as text.
    await result.chart.locator('.mark-rect path[aria-label*="onerror"]').hover();
    const tooltip = page.locator('#vg-tooltip-element');
    await expect(tooltip).toHaveClass(/visible/);
    await expect(tooltip).toContainText(XSS);
    await expect(tooltip.locator('img')).toHaveCount(0);
    await expect(page.locator('img[src="x"]')).toHaveCount(0);

    const csv = await download(page, () => result.exportButton('csv').click());
    expect(csv.name).toBe('result.csv');
    expect(csv.body.toString('utf8')).toBe(['region,amount,units', 'north,120.5,12', 'south,80,8', 'east,42.25,5', `${XSS},64,6`, 'west,99,10', 'north,30,3', ''].join('\r\n'));
    const png = await download(page, () => result.exportButton('png').click());
    expect(png.name).toBe('chart.png');
    expect(png.body.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const svg = await download(page, () => result.exportButton('svg').click());
    expect(svg.name).toBe('chart.svg');
    expect(svg.body.toString('utf8')).toMatch(/^<svg[^>]*>[\s\S]*sum\(amount\)[\s\S]*<\/svg>$/);
    expect(svg.body.toString('utf8')).not.toContain(XSS);

    expect(dialogs).toEqual([]);
    if (!fs.existsSync(README_IMAGE) || process.env.EMR_UI_UPDATE_DOCS_IMAGE === '1') {
      fs.mkdirSync(path.dirname(README_IMAGE), { recursive: true });
      fs.copyFileSync(shot, README_IMAGE);
    }
  });

  test('a result opens on the chart the kernel sent, and follows the theme', async ({ page }) => {
    const emr = new EmrPage(page);
    await emr.goto(await writeNotebook('visits.ipynb'));
    await emr.setTheme('JupyterLab Light');
    const result = new ResultView(emr.cellOutput(2).locator('.jp-emr-TableView'));
    await expect(result.viewButton('line')).toHaveAttribute('aria-pressed', 'true');
    await expect(result.picker('x')).toHaveValue('day');
    await expect(result.chart.locator('.mark-line path')).toHaveCount(1);

    const background = () =>
      result.chart
        .locator('svg')
        .first()
        .evaluate(node => getComputedStyle(node).backgroundColor);
    const light = await background();
    await emr.setTheme('JupyterLab Dark');
    await expect.poll(background).not.toBe(light);
    await expect(result.chart.locator('.mark-line path')).toHaveCount(1);
    await result.root.screenshot({ path: path.join(SHOTS, 'result-line-chart-dark.png'), animations: 'disabled' });
    await emr.setTheme('JupyterLab Light');
  });

  test('the chosen chart is saved in the notebook and shown again when it is reopened', async ({ page }) => {
    const emr = new EmrPage(page);
    const file = await writeNotebook('persist.ipynb');
    await emr.goto(file);
    const result = () => new ResultView(emr.cellOutput(0).locator('.jp-emr-TableView'));
    await result().showChart('pie');
    await result().picker('aggregate').selectOption('avg');
    await expect(result().chart.locator('.mark-arc path')).toHaveCount(5);

    await emr.execute('docmanager:save');
    await expect
      .poll(async () => {
        const response = await page.request.get(`/api/contents/${file}?content=1`);
        const saved = (await response.json()).content;
        return saved.cells[0].outputs[0].metadata[TABLE_MIME_TYPE];
      })
      .toEqual({ view: 'chart', mark: 'pie', x: 'region', y: 'amount', aggregate: 'avg' });

    await emr.goto(file);
    await expect(result().viewButton('pie')).toHaveAttribute('aria-pressed', 'true');
    await expect(result().picker('aggregate')).toHaveValue('avg');
    await expect(result().chart.locator('.mark-arc path')).toHaveCount(5);
    // The other outputs kept their own views.
    await expect(new ResultView(emr.cellOutput(1).locator('.jp-emr-TableView')).viewButton('table')).toHaveAttribute('aria-pressed', 'true');
  });
});
