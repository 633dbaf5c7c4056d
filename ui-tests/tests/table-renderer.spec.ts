import { expect, test } from '@playwright/test';

import { EmrPage, Selectors } from './helpers/emr-page';

const XSS = '<img src=x onerror=alert(1)>';

test.describe('table renderer', () => {
  test('a saved table output renders as our table, with markup in values shown as text', async ({ page }) => {
    const dialogs: string[] = [];
    page.on('dialog', dialog => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    const emr = new EmrPage(page);
    await emr.goto('notebooks/table-output.ipynb');

    const view = emr.cellOutput(0).locator(Selectors.TableView);
    await expect(view).toBeVisible();
    await expect(view.locator('th .jp-emr-TableView-columnName')).toHaveText(['user_id', 'comment']);
    const xssCell = view.locator('td', { hasText: XSS });
    await expect(xssCell).toHaveCount(1);
    await expect(xssCell).toHaveText(XSS);
    await expect(view.locator('img')).toHaveCount(0);
    await expect(page.locator('img[src="x"]')).toHaveCount(0);
    await expect(view.locator('tbody tr.jp-emr-TableView-row')).toHaveCount(2);
    // The plain-text fallback must not be what is shown: our renderer wins for this MIME type.
    await expect(emr.cellOutput(0).locator('pre')).toHaveCount(0);
    expect(dialogs).toEqual([]);
  });
});
