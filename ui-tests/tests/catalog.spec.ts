import { expect, test } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { EmrPage } from './helpers/emr-page';
import { readStackEnv, STACK_DIR } from './helpers/stack-env';

/**
 * The README's picture of the Catalog. Written when missing or when EMR_UI_UPDATE_DOCS_IMAGE=1, so
 * a run leaves the work tree clean.
 */
const README_IMAGE = path.resolve(__dirname, '..', '..', 'docs', 'images', 'catalog.png');
// The stack's Thrift server, wherever this run's stack put it (CI may move its ports).
const HIVESERVER2_URL = readStackEnv(path.join(STACK_DIR, 'env.sh')).EMR_HIVESERVER2_URL;
const HIVESERVER2 = `HiveServer2 ${HIVESERVER2_URL}`;

// The stack's metastore seed (stack/hive/seed-metastore.sql) through the Thrift server: no Livy
// session is needed, the %%hive cell runs on HiveServer2.
test.describe('Catalog in the side panel', () => {
  test("opens the catalog, searches, opens a table's columns, inserts its SELECT cell and runs it", async ({ page }) => {
    const emr = new EmrPage(page);
    await emr.goto();
    await emr.newNotebook('emr-livy');
    await emr.openClusterPanel();
    await emr.widenLeftSidebar(460);
    await emr.execute('emr:refresh-catalog');

    const catalog = page.locator('.jp-emr-Catalog');
    await catalog.scrollIntoViewIfNeeded();
    const row = (kind: string, name: string) => catalog.locator(`.jp-emr-Catalog-${kind}`).filter({ has: page.locator('.jp-emr-Catalog-name', { hasText: new RegExp(`^${name}$`) }) });
    await expect(row('source', 'Spark session')).toHaveCount(1);
    await expect(row('source', 'Aurora silver-pg \\(postgres\\)')).toHaveCount(1);

    await row('source', HIVESERVER2).click();
    await row('database', 'silver').click();
    await expect(row('table', 'events')).toHaveCount(1);
    await expect(row('table', 'failed_events').locator('.jp-emr-Catalog-kind')).toHaveText('view');

    // The search keeps the matches and what leads to them.
    await catalog.locator('.jp-emr-Catalog-search').fill('session');
    await expect(row('table', 'sessions')).toHaveCount(1);
    await expect(row('table', 'events')).toHaveCount(0);
    await catalog.locator('.jp-emr-Catalog-search').fill('');

    await row('table', 'events').click();
    await expect(catalog.locator('.jp-emr-Catalog-column .jp-emr-Catalog-name')).toHaveText(['event_id', 'status', 'started_at', 'day']);
    if (!fs.existsSync(README_IMAGE) || process.env.EMR_UI_UPDATE_DOCS_IMAGE === '1') {
      fs.mkdirSync(path.dirname(README_IMAGE), { recursive: true });
      await catalog.screenshot({ path: README_IMAGE });
    }

    const events = row('table', 'events');
    await events.hover();
    await events.getByRole('button', { name: 'SELECT' }).click();
    await expect.poll(() => emr.cellSource(1)).toBe('%%hive\nSELECT * FROM silver.events LIMIT 100');
    await emr.runCell(1);
    // The seed's three rows, from HiveServer2 (the result opens on its chart).
    const output = emr.cellOutput(1);
    await expect(output.filter({ hasText: `Running on HiveServer2 at ${HIVESERVER2_URL}` })).toHaveCount(1, { timeout: 120_000 });
    await expect(output.filter({ hasText: '3 rows' })).toHaveCount(1, { timeout: 120_000 });
  });
});
