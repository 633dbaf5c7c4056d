/**
 * Cluster operations in the side panel (issue 21), against the stack's moto (EMR and CloudWatch):
 * the clusters show while a long cell runs in the open notebook, a task group is resized through
 * the dialog and a core shrink is declined at its HDFS warning, and the load charts are
 * photographed in the light and dark themes for the README. No Livy: the long cell is a
 * %%aurora statement on the stack's PostgreSQL.
 */
import { expect, Locator, test } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { EmrPage } from './helpers/emr-page';

const EC2_CLUSTER = 'emr-local-analytics';
const ENDLESS_SQL = '%%aurora --target silver-pg\nSELECT pg_sleep(3600) AS panel_while_busy';
/** Written when missing or when EMR_UI_UPDATE_DOCS_IMAGE=1 (the charts follow the clock, so every run differs). */
const IMAGES = path.resolve(__dirname, '..', '..', 'docs', 'images');

function instanceRow(cluster: Locator, role: string): Locator {
  return cluster.locator('.jp-emr-Ec2Clusters-instances tr[data-instance-id]').filter({ has: cluster.page().locator('td:first-child', { hasText: role }) });
}

/** Opens the Resize dialog of a role's group, enters a count and returns the dialog. */
async function resizeDialog(cluster: Locator, role: string, count: number): Promise<Locator> {
  await instanceRow(cluster, role)
    .getByRole('button', { name: /^Resize / })
    .click();
  const dialog = cluster.page().locator('.jp-Dialog');
  await expect(dialog).toBeVisible();
  await dialog.locator('.jp-emr-ResizeDialog-input').fill(String(count));
  return dialog;
}

test.describe('cluster operations in the side panel', () => {
  test('shows the clusters, their node roles and load while a long cell runs in the open notebook', async ({ page }) => {
    const emr = new EmrPage(page);
    await emr.goto();
    await emr.newNotebook('emr-livy');
    await emr.setCellSource(0, ENDLESS_SQL);
    // From the keyboard: the run command itself resolves only when the cell ends.
    await emr.cellEditor(0).click();
    await page.keyboard.press('ControlOrMeta+Enter');
    await expect(emr.cell(0).locator('.jp-InputPrompt')).toHaveText('[*]:');

    await emr.openClusterPanel();
    const cluster = emr.ec2Cluster(EC2_CLUSTER);
    await expect(cluster.locator('.jp-emr-Ec2Clusters-head .jp-emr-StateBadge')).toHaveText('RUNNING');
    await emr.expandEc2Cluster(EC2_CLUSTER);
    await expect(cluster.locator('.jp-emr-Ec2Clusters-instances tr td:first-child')).toHaveText(['Primary', 'Core', 'Task']);
    await expect(instanceRow(cluster, 'Task')).toContainText('spot');
    await expect(cluster.locator('.jp-emr-LoadCharts-row')).toHaveCount(7);
    await expect(cluster.locator('.jp-emr-LoadCharts-idle')).toContainText(/^Idle for \d+ (h \d+ )?min/);

    // Still running: nothing the panel did waited for the cell.
    await expect(emr.cell(0).locator('.jp-InputPrompt')).toHaveText('[*]:');
    await emr.execute('kernelmenu:interrupt');
    await expect(emr.cell(0).locator('.jp-InputPrompt')).not.toHaveText('[*]:');
  });

  test('resizes the task group through the dialog, and a core shrink stops at its HDFS warning', async ({ page }) => {
    const emr = new EmrPage(page);
    await emr.goto();
    await emr.openClusterPanel();
    await emr.widenLeftSidebar(460);
    const cluster = await emr.expandEc2Cluster(EC2_CLUSTER);
    const task = instanceRow(cluster, 'Task');
    const before = Number((await task.locator('td:nth-child(4)').textContent())!.split(' / ')[1]);
    const after = before + 1;

    try {
      const dialog = await resizeDialog(cluster, 'Task', after);
      await expect(dialog.locator('.jp-Dialog-header')).toHaveText('Resize task group Task - spot');
      await expect(dialog.locator('.jp-emr-ResizeDialog-change')).toHaveText(`${before} → ${after}`);
      await dialog.getByRole('button', { name: 'Resize' }).click();
      const notice = cluster.locator('.jp-emr-Ec2Clusters-resizing');
      await expect(notice).toHaveText(`Task Task - spot: ${before} → ${after}, done.`);
      await expect(task.locator('td:nth-child(4)')).toHaveText(`${after} / ${after}`);

      const core = instanceRow(cluster, 'Core');
      const coreCount = (await core.locator('td:nth-child(4)').textContent())!;
      const shrink = await resizeDialog(cluster, 'Core', 1);
      await shrink.getByRole('button', { name: 'Resize' }).click();
      const warning = page.locator('.jp-Dialog');
      await expect(warning.locator('.jp-Dialog-header')).toHaveText('Shrink core group Core?');
      await expect(warning).toContainText('Core nodes hold HDFS blocks');
      await warning.getByRole('button', { name: 'Cancel' }).click();
      await expect(page.locator('.jp-Dialog')).toHaveCount(0);
      await expect(core.locator('td:nth-child(4)')).toHaveText(coreCount);
      await expect(notice).toHaveText(`Task Task - spot: ${before} → ${after}, done.`);
    } finally {
      // The seeded cluster is shared with every other test: put its task group back through the panel.
      const restore = await resizeDialog(cluster, 'Task', before);
      await restore.getByRole('button', { name: 'Resize' }).click();
      await expect(task.locator('td:nth-child(4)')).toHaveText(`${before} / ${before}`);
    }
  });

  test('draws the load charts in the light and the dark theme', async ({ page }) => {
    const emr = new EmrPage(page);
    await emr.goto();
    await emr.openClusterPanel();
    await emr.widenLeftSidebar(460);
    const cluster = await emr.expandEc2Cluster(EC2_CLUSTER);
    const charts = cluster.locator('.jp-emr-LoadCharts');
    await expect(charts.locator('polyline')).toHaveCount(7);
    const stroke = () =>
      charts
        .locator('polyline')
        .first()
        .evaluate(line => getComputedStyle(line).stroke);
    const light = await stroke();
    fs.mkdirSync(IMAGES, { recursive: true });
    const shoot = async (name: string) => {
      const file = path.join(IMAGES, name);
      if (!fs.existsSync(file) || process.env.EMR_UI_UPDATE_DOCS_IMAGE === '1') {
        await charts.screenshot({ path: file, animations: 'disabled' });
      }
    };
    await shoot('cluster-load-light.png');
    await emr.setTheme('JupyterLab Dark');
    try {
      // The charts take the theme's colours: the panel's background turns dark under them.
      const background = await charts
        .locator('.jp-emr-LoadCharts-spark')
        .first()
        .evaluate(svg => getComputedStyle(svg).backgroundColor);
      const [r, g, b] = background.match(/\d+/g)!.map(Number);
      expect(r + g + b).toBeLessThan(3 * 128);
      expect(await stroke()).not.toBe('');
      await shoot('cluster-load-dark.png');
    } finally {
      await emr.setTheme('JupyterLab Light');
    }
    expect(await stroke()).toBe(light);
  });
});
