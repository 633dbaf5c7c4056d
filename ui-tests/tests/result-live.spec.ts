/**
 * The result view fed by a real emr-livy kernel and a real Livy: the path the fixture specs
 * (result-charts.spec.ts) stand in for. It needs the stack's Livy and fails, naming the fix,
 * where Livy does not answer.
 */
import { expect, test } from '@playwright/test';

import { EmrPage } from './helpers/emr-page';
import { ResultView } from './helpers/result-view';
import { requireLivy } from './helpers/stack-env';

const XSS = '<img src=x onerror=alert(1)>';
test.describe('result view on a live kernel', () => {
  test('a %%sql cell on the local Livy shows the kernel chart, its table with markup as text, and a bar chart', async ({ page }) => {
    await requireLivy();
    // The first cell starts a Spark session, which takes a minute or more on a loaded 2-core machine.
    test.setTimeout(600_000);
    const dialogs: string[] = [];
    page.on('dialog', dialog => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    const emr = new EmrPage(page);
    await emr.goto();
    await emr.newNotebook('emr-livy');
    await emr.setCellSource(0, `%%sql\nSELECT * FROM VALUES ('north', 120.5), ('south', 80.0), ('${XSS}', 64.0), ('north', 30.0) AS sales(region, amount)`);
    await emr.runCell(0);

    const result = new ResultView(emr.cellOutput(0).locator('.jp-emr-TableView'));
    await expect(result.root).toBeVisible({ timeout: 540_000 });
    // Category and number: the kernel's automatic chart is a bar chart, and the view opens on it.
    await expect(result.viewButton('bar')).toHaveAttribute('aria-pressed', 'true');
    await expect(result.chartSvg).toBeVisible();
    await expect(result.chart.locator('.mark-rect path')).toHaveCount(4);
    // The kernel's chart output for other front ends (Vega-Lite and SVG) is in the cell, claimed and hidden: one chart on screen.
    await expect(emr.cellOutput(0).locator('.jp-emr-ChartCopy')).toHaveCount(1);
    await expect(emr.cellOutput(0).locator('svg.marks, canvas.marks, .jp-RenderedSVG img').filter({ visible: true })).toHaveCount(1);

    await result.viewButton('table').click();
    await expect(result.rows).toHaveCount(4);
    await expect(result.rows.filter({ hasText: XSS })).toHaveCount(1);
    await expect(page.locator('img[src="x"]')).toHaveCount(0);

    await result.showChart('pie');
    await result.picker('aggregate').selectOption('sum');
    await expect(result.chart.locator('.mark-arc path')).toHaveCount(3);
    await result.showChart('bar');
    await expect(result.chart.locator('.mark-rect path')).toHaveCount(3);
    expect(dialogs).toEqual([]);
  });
});
