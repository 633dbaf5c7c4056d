import { expect, test } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { EmrPage } from './helpers/emr-page';
import { requireLivy, stackLivyUrl } from './helpers/stack-env';

const SHOTS = path.resolve(__dirname, '..', 'test-results');
/**
 * The README's picture of the panel. Written when missing or when EMR_UI_UPDATE_DOCS_IMAGE=1: the
 * panel shows the cluster's uptime, so copying on every run would leave the work tree dirty.
 */
const README_IMAGE = path.resolve(__dirname, '..', '..', 'docs', 'images', 'cluster-panel.png');
const LIVY_HEADERS = { 'Content-Type': 'application/json', 'X-Requested-By': 'ui-tests' };

/** A session on the local Livy whose name is far wider than the sidebar; deleted after the test. */
async function createLongNamedSession(): Promise<{ id: number; name: string }> {
  const name = `ui-long-name-${Date.now().toString(36)}-${'wide'.repeat(20)}`;
  const response = await fetch(`${stackLivyUrl()}/sessions`, { method: 'POST', headers: LIVY_HEADERS, body: JSON.stringify({ kind: 'spark', name }) });
  expect(response.status, await response.clone().text()).toBe(201);
  const { id } = (await response.json()) as { id: number };
  return { id, name };
}

/** How many line boxes an element's text takes: 1 when it does not wrap. */
function lineCount(node: Element): number {
  const range = document.createRange();
  range.selectNodeContents(node);
  return new Set(Array.from(range.getClientRects(), rect => Math.round(rect.top))).size;
}

test.describe('cluster panel themes', () => {
  let longSession: { id: number; name: string } | undefined;

  test.afterEach(async () => {
    if (longSession) {
      await fetch(`${stackLivyUrl()}/sessions/${longSession.id}`, { method: 'DELETE', headers: LIVY_HEADERS });
      longSession = undefined;
    }
  });

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

  test('a long Livy session name ellipsizes and its kind stays on one line, in both themes', async ({ page }) => {
    await requireLivy();
    longSession = await createLongNamedSession();
    const emr = new EmrPage(page);
    await emr.goto();
    await emr.setTheme('JupyterLab Light');
    const panel = await emr.openClusterPanel();

    // A long session name ellipsizes (the whole name in its tooltip); the short kind column beside
    // it stays on one line instead of breaking mid-word ("spa" / "rk").
    const session = panel.locator(`.jp-emr-LivySessions-session[data-session-id="${longSession.id}"]`);
    const sessionName = session.locator('.jp-emr-LivySessions-name');
    const kind = session.locator('.jp-emr-LivySessions-kind');
    const expectOneLineKind = async () => {
      await expect(kind).toHaveText('spark');
      expect(await kind.evaluate(lineCount)).toBe(1);
      await expect(sessionName).toHaveAttribute('title', `#${longSession!.id} ${longSession!.name}`);
      expect(await sessionName.evaluate(node => node.scrollWidth > node.clientWidth)).toBe(true);
      expect(await sessionName.evaluate(lineCount)).toBe(1);
    };
    await expectOneLineKind();
    await emr.widenLeftSidebar(420);
    await expectOneLineKind();
    await emr.setTheme('JupyterLab Dark');
    await expectOneLineKind();
  });
});
