/**
 * Issue 18, outputs that stand alone: the kernel sends a result's chart twice on purpose, in the
 * table output (drawn by this extension with its toolbar) and as an output of its own (Vega-Lite
 * and SVG) for front ends without it. Each result must show exactly one chart either way: with
 * the extension, its table view's; in stock JupyterLab (the extension disabled), JupyterLab's own
 * rendering of the chart output, beside the kernel's HTML table.
 */
import { Browser, expect, Locator, test } from '@playwright/test';

import type { ITablePayload } from '../../common/src';
import { EmrPage } from './helpers/emr-page';
import { kernelOutputs, writeResultNotebook } from './helpers/result-notebook';
import { StockLab } from './helpers/stock-lab';

const SALES: ITablePayload = {
  schema: {
    fields: [
      { name: 'region', type: 'string' },
      { name: 'amount', type: 'double' }
    ]
  },
  rows: [
    ['north', 120.5],
    ['south', 80],
    ['east', 42.25],
    ['north', 30]
  ],
  rowCount: 4,
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
    ['2026-11-03', 405]
  ],
  rowCount: 3,
  truncated: false
};

/** A chart however it is drawn: Vega's SVG or canvas (vega-embed), or an SVG image (JupyterLab's SVG renderer). */
const DRAWN_CHART = 'svg.marks, canvas.marks, .jp-RenderedSVG img';

/** A bar chart of the sales, the visits' automatic line chart, and the sales again with --no-chart. */
async function writeNotebook(name: string): Promise<string> {
  return writeResultNotebook(name, [
    {
      source: '%%sql --chart bar --x region --y amount --agg sum\nselect region, amount from silver.sales',
      outputs: await kernelOutputs(SALES, { mark: 'bar', x: 'region', y: 'amount', aggregate: 'sum' })
    },
    { source: '%%sql\nselect day, visits from silver.visits', outputs: await kernelOutputs(VISITS, {}) },
    { source: '%%sql --no-chart\nselect region, amount from silver.sales', outputs: await kernelOutputs(SALES, { mark: 'none' }) }
  ]);
}

function visibleCharts(cellOutput: Locator): Locator {
  return cellOutput.locator(DRAWN_CHART).filter({ visible: true });
}

test.describe('chart outputs', () => {
  test('with the extension, each result shows one table-and-chart view and the chart output stays hidden', async ({ page }) => {
    const emr = new EmrPage(page);
    await emr.goto(await writeNotebook('charts-with-extension.ipynb'));
    for (const [index, mark] of [
      [0, 'bar'],
      [1, 'line']
    ] as const) {
      const output = emr.cellOutput(index);
      await expect(output.locator('.jp-emr-TableView')).toHaveCount(1);
      await expect(output.locator(`.jp-emr-TableView [data-view="${mark}"]`)).toHaveAttribute('aria-pressed', 'true');
      await expect(output.locator(`.jp-emr-TableView-chart .mark-${mark === 'bar' ? 'rect' : 'line'} path`).first()).toBeVisible();
      // The chart output is in the notebook (for other front ends) but claimed and hidden here.
      await expect(output.locator('.jp-emr-ChartCopy')).toHaveCount(1);
      await expect(output.filter({ has: page.locator('.jp-emr-ChartCopy') })).toBeHidden();
      await expect(output.locator('.jp-RenderedVegaLite, .jp-RenderedSVG')).toHaveCount(0);
      await expect(visibleCharts(output)).toHaveCount(1);
    }
    await expect(emr.cellOutput(2).locator('.jp-emr-TableView')).toHaveCount(1);
    await expect(visibleCharts(emr.cellOutput(2))).toHaveCount(0);
  });

  test.describe('in stock JupyterLab (the extension disabled)', () => {
    let stock: StockLab;

    test.beforeAll(async () => {
      stock = await StockLab.start();
    });

    test.afterAll(async () => {
      await stock?.stop();
    });

    async function stockPage(browser: Browser) {
      const context = await browser.newContext({ baseURL: stock.baseURL });
      return { context, emr: new EmrPage(await context.newPage()) };
    }

    test('each result shows the kernel HTML table and one chart, drawn by JupyterLab from the chart output', async ({ browser }) => {
      expect(await stock.disabledExtensions()).toContain('jupyterlab-emr');
      const { context, emr } = await stockPage(browser);
      try {
        await emr.goto(await writeNotebook('charts-stock.ipynb'));
        for (const index of [0, 1]) {
          const output = emr.cellOutput(index);
          await expect(output.locator('.jp-RenderedHTMLCommon table').first()).toBeVisible();
          // Stock JupyterLab ranks its Vega renderer above the SVG image: the interactive chart.
          await expect(output.locator('.jp-RenderedVegaLite .vega-embed')).toHaveCount(1);
          await expect(visibleCharts(output)).toHaveCount(1);
        }
        await expect(emr.cellOutput(0).locator('.jp-RenderedHTMLCommon table').first()).toContainText('north');
        await expect(emr.page.locator('.jp-emr-TableView, .jp-emr-ChartCopy')).toHaveCount(0);
        await expect(emr.cellOutput(2).locator('.jp-RenderedHTMLCommon table').first()).toBeVisible();
        await expect(visibleCharts(emr.cellOutput(2))).toHaveCount(0);
      } finally {
        await context.close();
      }
    });
  });
});
