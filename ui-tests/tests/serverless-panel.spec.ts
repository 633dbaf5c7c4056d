/**
 * The EMR Serverless section of the side panel (issue 21) in Chromium, against the stack's moto: an
 * application of its own, stopped, is listed with its release and job run; Connect on it from an
 * emr-livy notebook starts it and points the notebook at its Livy endpoint, which does not answer
 * here (moto serves none, and no real EMR Serverless endpoint is reachable from this machine), as
 * the notice says. The section is photographed in the dark theme for the README. No Livy needed.
 */
import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { EmrPage } from './helpers/emr-page';
import { readStackEnv, STACK_DIR } from './helpers/stack-env';

/** Written when missing or when EMR_UI_UPDATE_DOCS_IMAGE=1. */
const README_IMAGE = path.resolve(__dirname, '..', '..', 'docs', 'images', 'serverless-panel-dark.png');
const NAME = `ui-serverless-${process.pid}`;
const FROM_PALETTE = `ui-serverless-palette-${process.pid}`;

/** boto3 from the stack's venv against moto: the ui-tests package carries no AWS SDK of its own. */
function moto(script: string, ...args: string[]): string {
  const python = path.join(STACK_DIR, 'venv', 'bin', 'python');
  const prelude = "import boto3, os, sys\nc = boto3.client('emr-serverless', endpoint_url=os.environ['AWS_ENDPOINT_URL'], region_name=os.environ['AWS_REGION'])\n";
  return execFileSync(python, ['-c', prelude + script, ...args], { env: { ...process.env, ...readStackEnv(path.join(STACK_DIR, 'env.sh')) }, encoding: 'utf8' }).trim();
}

test.describe('EMR Serverless in the side panel', () => {
  let applicationId = '';
  let paletteApplicationId = '';

  test.beforeAll(() => {
    applicationId = moto(
      "a = c.create_application(name=sys.argv[1], releaseLabel='emr-7.5.0', type='SPARK', clientToken=sys.argv[1])['applicationId']\n" +
        "c.start_job_run(applicationId=a, clientToken='ui', name='nightly-sessionize', executionRoleArn='arn:aws:iam::123456789012:role/ui', jobDriver={'sparkSubmit': {'entryPoint': 's3://jobs/x.py'}})\n" +
        'c.stop_application(applicationId=a)\nprint(a)',
      NAME
    );
    paletteApplicationId = moto(
      "a = c.create_application(name=sys.argv[1], releaseLabel='emr-7.5.0', type='SPARK', clientToken=sys.argv[1])['applicationId']\nc.stop_application(applicationId=a)\nprint(a)",
      FROM_PALETTE
    );
  });

  test.afterAll(() => {
    for (const id of [applicationId, paletteApplicationId].filter(Boolean)) {
      moto('c.stop_application(applicationId=sys.argv[1])\nc.delete_application(applicationId=sys.argv[1])', id);
    }
  });

  test('lists a stopped application, and Connect starts it and points the notebook at its Livy endpoint', async ({ page }) => {
    const emr = new EmrPage(page);
    await emr.goto();
    await emr.newNotebook('emr-livy');
    await emr.openClusterPanel();
    await emr.widenLeftSidebar(460);
    const row = emr.clusterPanel.locator(`.jp-emr-ServerlessApplications-application[data-application-id="${applicationId}"]`);
    await expect(row.locator('.jp-emr-ServerlessApplications-name')).toHaveText(NAME);
    await expect(row.locator('.jp-emr-ServerlessApplications-head .jp-emr-StateBadge')).toHaveText('STOPPED');
    await expect(row.locator('.jp-emr-ServerlessApplications-meta')).toHaveText('Spark · emr-7.5.0');
    await expect(row.locator('.jp-emr-ServerlessApplications-run')).toHaveText(['SUCCESSnightly-sessionize']);

    await row.getByRole('button', { name: 'Connect active notebook' }).click();
    const notice = row.locator('.jp-emr-ServerlessApplications-connection');
    await expect(notice).toContainText('The application was STOPPED and is started.');
    await expect(notice).toContainText(`now runs on ${NAME} (https://${applicationId}.livy.emr-serverless-services.`);
    await expect(notice).toContainText('Its Livy does not answer yet');
    await expect(notice).toHaveClass(/jp-mod-unanswered/);
    // The panel refreshes after a Connect: moto now says STARTED.
    await expect(row.locator('.jp-emr-ServerlessApplications-head .jp-emr-StateBadge')).toHaveText('STARTED');
    expect(moto("print(c.get_application(applicationId=sys.argv[1])['application']['state'])", applicationId)).toBe('STARTED');

    await emr.setTheme('JupyterLab Dark');
    // The notice's warning colour comes from the theme: it changes with it.
    const warnDark = await notice.evaluate(node => getComputedStyle(node).color);
    await emr.setTheme('JupyterLab Light');
    const warnLight = await notice.evaluate(node => getComputedStyle(node).color);
    expect(warnDark).not.toBe(warnLight);
    await emr.setTheme('JupyterLab Dark');
    if (!fs.existsSync(README_IMAGE) || process.env.EMR_UI_UPDATE_DOCS_IMAGE === '1') {
      await row.screenshot({ path: README_IMAGE, animations: 'disabled' });
    }
  });

  test('the palette command offers the applications and connects the chosen one, as the panel does', async ({ page }) => {
    const emr = new EmrPage(page);
    await emr.goto();
    await emr.newNotebook('emr-livy');
    // Not awaited: the command resolves only once the dialog is answered.
    await page.evaluate(id => void (window as any).jupyterapp.commands.execute(id), 'emr:connect-serverless-application');
    const dialog = page.locator('.jp-Dialog');
    await expect(dialog).toContainText('Connect the active notebook to an EMR Serverless application');
    const choice = `${FROM_PALETTE} (${paletteApplicationId}, STOPPED)`;
    await dialog.locator('select').selectOption({ label: choice });
    await dialog.locator('.jp-Dialog-button.jp-mod-accept').click();
    const row = emr.clusterPanel.locator(`.jp-emr-ServerlessApplications-application[data-application-id="${paletteApplicationId}"]`);
    await expect(emr.clusterPanel).toBeVisible();
    await expect(row.locator('.jp-emr-ServerlessApplications-connection')).toContainText('The application was STOPPED and is started.');
    expect(moto("print(c.get_application(applicationId=sys.argv[1])['application']['state'])", paletteApplicationId)).toBe('STARTED');
  });
});
