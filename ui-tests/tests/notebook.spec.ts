import { expect, test } from '@playwright/test';

import { EmrPage } from './helpers/emr-page';

test.describe('emr-livy notebook without Livy', () => {
  // %%aurora's body is the database's SQL: Format SQL reads each magic's declared language, so it
  // formats both, and leaves the magic line with its options as it was.
  for (const magic of ['%%sql', '%%aurora --target silver-pg']) {
    test(`Format SQL reformats a ${magic.split(' ')[0]} cell body and keeps the magic line`, async ({ page }) => {
      const emr = new EmrPage(page);
      await emr.goto();
      await emr.newNotebook('emr-livy');

      const original = `${magic}\nselect a,b from t where x=1`;
      await emr.setCellSource(0, original);
      expect(await emr.cellSource(0)).toBe(original);

      // The key binding from schema/commands.json, pressed in the cell editor as a user would.
      await emr.cellEditor(0).click();
      await page.keyboard.press('Shift+Alt+F');

      await expect.poll(() => emr.cellSource(0)).not.toBe(original);
      const formatted = await emr.cellSource(0);
      const [magicLine, ...body] = formatted.split('\n');
      expect(magicLine).toBe(magic);
      expect(body.length).toBeGreaterThan(1);
      // Same tokens, new layout: formatting changes whitespace and nothing else.
      expect(
        body
          .join(' ')
          .replace(/\s+/g, ' ')
          .replace(/\s*,\s*/g, ',')
          .trim()
          .toLowerCase()
      ).toBe('select a,b from t where x = 1');
      await expect(emr.cellEditor(0)).toContainText(magic.split(' ')[0]);
    });
  }

  test('a %%help cell lists the magics in a table', async ({ page }) => {
    const emr = new EmrPage(page);
    await emr.goto();
    await emr.newNotebook('emr-livy');

    await emr.setCellSource(0, '%%help');
    await emr.runCell(0);

    const table = emr.cellOutput(0).locator('table');
    await expect(table).toBeVisible();
    for (const magic of ['%%sql', '%%help']) {
      await expect(table.locator('td code', { hasText: magic }).first()).toBeVisible();
    }
    expect(await table.locator('tr').count()).toBeGreaterThan(3);
    await expect(emr.cell(0).locator('.jp-InputPrompt')).toHaveText(/\[1\]/);
  });
});
