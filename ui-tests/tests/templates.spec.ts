import { expect, Locator, Page, test } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { EmrPage, KERNEL_DISPLAY_NAME } from './helpers/emr-page';

const SCRATCH = process.env.EMR_UI_ROOT as string;
const TEAM_FOLDER = 'team-templates';

function launcherSection(page: Page, title: string): Locator {
  return page.locator('.jp-Launcher-section').filter({ has: page.locator('.jp-Launcher-sectionTitle', { hasText: title }) });
}

/** Writes a file into the server's root as the user would have it on disk. */
function writeFile(relative: string, content: unknown): void {
  const target = path.join(SCRATCH, relative);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, typeof content === 'string' ? content : JSON.stringify(content));
}

test.describe('EMR templates', () => {
  test.beforeAll(() => {
    // A team's own template, and the setting that points at its folder, as the Settings Editor saves it.
    writeFile(`${TEAM_FOLDER}/weekly-kpis.ipynb`, {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: {
        kernelspec: { name: 'emr-livy', display_name: KERNEL_DISPLAY_NAME, language: 'scala' },
        jupyterlab_emr: { template: { title: 'Weekly KPIs', description: 'The numbers the team reviews on Mondays' } }
      },
      cells: [{ id: 'kpis', cell_type: 'code', source: '%%sql\nSELECT 1 AS kpi', metadata: {}, outputs: [], execution_count: null }]
    });
    writeFile('settings/jupyterlab-emr/templates.jupyterlab-settings', { teamTemplatesFolder: TEAM_FOLDER });
  });

  test('the launcher has an EMR templates section: shipped templates and the team folder', async ({ page }) => {
    const emr = new EmrPage(page);
    await emr.goto();
    const section = launcherSection(page, 'EMR templates');
    await expect(section).toBeVisible();
    await expect(section.locator('.jp-LauncherCard-label')).toHaveText(['Bronze to silver', 'Cluster health', 'Hive log analysis', 'Weekly KPIs']);
  });

  test('clicking a template card opens a new notebook made from it, on the emr-livy kernel', async ({ page }) => {
    const emr = new EmrPage(page);
    await emr.goto();
    await launcherSection(page, 'EMR templates').locator('.jp-LauncherCard', { hasText: 'Cluster health' }).click();

    await expect(page.getByRole('tab', { name: 'cluster-health.ipynb' })).toBeVisible();
    await emr.waitForKernelIdle();
    await expect(emr.notebook.locator('.jp-MarkdownCell').first()).toContainText('Cluster health');
    expect(await emr.cellSource(1)).toContain('val cluster_id = ""');
    expect(await emr.cellSource(3)).toBe('%emr clusters');
    expect(fs.existsSync(path.join(SCRATCH, 'cluster-health.ipynb'))).toBe(true);

    // A second notebook from the same template never replaces the first.
    await emr.execute('emr:new-from-template', { id: 'cluster-health' });
    await expect.poll(() => fs.existsSync(path.join(SCRATCH, 'cluster-health-1.ipynb'))).toBe(true);
  });

  test('New Notebook from Template in the palette asks which template, then opens it', async ({ page }) => {
    const emr = new EmrPage(page);
    await emr.goto();
    // Not awaited: the command waits for the dialog it opens.
    await page.evaluate(() => void (window as any).jupyterapp.commands.execute('emr:new-from-template', { isPalette: true }));
    const dialog = page.locator('.jp-Dialog');
    await expect(dialog).toContainText('New notebook from template');
    await dialog.locator('select').selectOption('Hive log analysis');
    await dialog.locator('.jp-Dialog-button.jp-mod-accept').click();

    await emr.waitForKernelIdle();
    expect(await emr.cellSource(1)).toContain('val logs_location = "s3a://bronze-logs/access/"');
    expect(fs.existsSync(path.join(SCRATCH, 'hive-log-analysis.ipynb'))).toBe(true);
  });

  test('a team template opens from the launcher too', async ({ page }) => {
    const emr = new EmrPage(page);
    await emr.goto();
    await launcherSection(page, 'EMR templates').locator('.jp-LauncherCard', { hasText: 'Weekly KPIs' }).click();
    await emr.waitForKernelIdle();
    expect(await emr.cellSource(0)).toBe('%%sql\nSELECT 1 AS kpi');
    expect(fs.existsSync(path.join(SCRATCH, 'weekly-kpis.ipynb'))).toBe(true);
  });

  test('a Zeppelin note in the file browser imports into a notebook with its parameters cell', async ({ page }) => {
    writeFile('notes/errors.zpln', {
      name: 'Errors',
      paragraphs: [{ text: '%md\n## Errors' }, { text: '%livy.sql\nSELECT path FROM hits WHERE status >= ${min_status=400}' }]
    });
    const emr = new EmrPage(page);
    await emr.goto();
    await emr.execute('emr:import-zeppelin-note', { path: 'notes/errors.zpln' });

    await emr.waitForKernelIdle();
    expect(await emr.cellSource(1)).toMatch(/val min_status = "400"$/);
    expect(await emr.cellSource(3)).toBe('%%sql\nSELECT path FROM hits WHERE status >= ${min_status}');
    const saved = JSON.parse(fs.readFileSync(path.join(SCRATCH, 'notes', 'errors.ipynb'), 'utf8'));
    expect(saved.cells[1].metadata.tags).toEqual(['parameters']);
  });

  test('Import Zeppelin Note from the palette imports the note open in the editor', async ({ page }) => {
    writeFile('notes/hive.json', { name: 'Hive', paragraphs: [{ text: '%jdbc(hive)\nSELECT ${n=1}' }] });
    const emr = new EmrPage(page);
    await emr.goto();
    await emr.execute('docmanager:open', { path: 'notes/hive.json' });
    await expect(page.getByRole('tab', { name: 'hive.json' })).toBeVisible();
    await emr.execute('emr:import-zeppelin-note');

    await emr.waitForKernelIdle();
    expect(await emr.cellSource(2)).toBe('%%hive\nSELECT ${n}');
    expect(fs.existsSync(path.join(SCRATCH, 'notes', 'hive.ipynb'))).toBe(true);
  });
});
