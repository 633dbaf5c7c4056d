import { expect, test } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { EmrPage } from './helpers/emr-page';

const SHOTS = path.resolve(__dirname, '..', 'test-results');
/**
 * The README's picture of the panel. Written when missing or when EMR_UI_UPDATE_DOCS_IMAGE=1: the
 * panel shows the cluster's uptime, so copying on every run would leave the work tree dirty.
 */
const README_IMAGE = path.resolve(__dirname, '..', '..', 'docs', 'images', 'cluster-panel.png');

test.describe('cluster panel themes', () => {
  test('the panel follows the light and dark themes', async ({ page }) => {
    const emr = new EmrPage(page);
    await emr.goto();
    await emr.setTheme('JupyterLab Light');
    const panel = await emr.openClusterPanel();
    await expect(emr.ec2Cluster('emr-local-analytics').locator('.jp-emr-StateBadge').first()).toHaveText('RUNNING');
    await emr.expandEc2Cluster('emr-local-analytics');
    await emr.widenLeftSidebar(420);

    const lightBackground = await panel.evaluate(node => getComputedStyle(node).backgroundColor);
    fs.mkdirSync(SHOTS, { recursive: true });
    const light = path.join(SHOTS, 'cluster-panel-light.png');
    await panel.screenshot({ path: light, animations: 'disabled' });

    await emr.setTheme('JupyterLab Dark');
    await expect.poll(() => panel.evaluate(node => getComputedStyle(node).backgroundColor)).not.toBe(lightBackground);
    // The panel still shows the same content after the theme swap.
    await expect(emr.ec2Cluster('emr-local-analytics').locator('.jp-emr-Ec2Clusters-instances')).toBeVisible();
    await panel.screenshot({ path: path.join(SHOTS, 'cluster-panel-dark.png'), animations: 'disabled' });

    // Dark backgrounds are dark: the sum of the RGB channels is below the light one's.
    const luminance = (rgb: string) => (rgb.match(/\d+/g) ?? []).slice(0, 3).reduce((sum, c) => sum + Number(c), 0);
    const darkBackground = await panel.evaluate(node => getComputedStyle(node).backgroundColor);
    expect(luminance(darkBackground)).toBeLessThan(luminance(lightBackground));

    if (!fs.existsSync(README_IMAGE) || process.env.EMR_UI_UPDATE_DOCS_IMAGE === '1') {
      fs.mkdirSync(path.dirname(README_IMAGE), { recursive: true });
      fs.copyFileSync(light, README_IMAGE);
    }
  });
});
