/**
 * Browser tests against a real JupyterLab (the project's `.stack/venv`, with the built extension and
 * the emr-livy kernelspec installed) in Debian's Chromium. Three specs need the stack's Livy and fail
 * without it: result-live.spec.ts (a %%sql cell on a real session), spark-progress.spec.ts (a
 * two-stage job's live progress and summary) and theme.spec.ts's session list (one long-named
 * session, deleted after). The rest need none: the panel talks to moto through the
 * kernel, Format SQL and %%help run in the browser/kernel alone, and the table renderer is fed by a
 * saved notebook.
 *
 * The config runs once in the runner and again in each worker; values that must agree between them
 * (server port, scratch root) are computed once and handed down through process.env.
 */
import { defineConfig } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { readStackEnv } from './tests/helpers/stack-env';

const UI_DIR = __dirname;
const ROOT = path.resolve(UI_DIR, '..');
const STACK_DIR = process.env.STACK_DIR ?? path.join(ROOT, '.stack');
const JUPYTER = path.join(STACK_DIR, 'venv', 'bin', 'jupyter');

function freePort(): string {
  const probe = 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{process.stdout.write(String(s.address().port));s.close()})';
  return execFileSync(process.execPath, ['-e', probe], { encoding: 'utf8' }).trim();
}

/** A fresh server root with the fixture notebooks, plus user settings that keep the news prompt away. */
function prepareRoot(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'emr-ui-tests-'));
  const notebooks = path.join(root, 'notebooks');
  fs.cpSync(path.join(UI_DIR, 'fixtures'), notebooks, { recursive: true });
  const settings = path.join(root, 'settings', '@jupyterlab', 'apputils-extension');
  fs.mkdirSync(settings, { recursive: true });
  fs.writeFileSync(path.join(settings, 'notification.jupyterlab-settings'), JSON.stringify({ fetchNews: 'false', checkForUpdates: false }));
  fs.mkdirSync(path.join(root, 'workspaces'));
  return root;
}

process.env.EMR_UI_PORT ??= freePort();
process.env.EMR_UI_ROOT ??= prepareRoot();
const PORT = process.env.EMR_UI_PORT;
const SCRATCH = process.env.EMR_UI_ROOT;
// The notebooks opened here run few Scala cells; a Spark session started with every kernel would
// load the 2 cores for nothing (the early start has its own Livy-tier suite).
process.env.EMR_LIVY_START_SESSION_WITH_KERNEL ??= 'false';

// The README test command reads every *.junit.xml in $ROOT/.test-results.
process.env.PLAYWRIGHT_JUNIT_OUTPUT_NAME ??= path.join(ROOT, '.test-results', 'ui.junit.xml');

export default defineConfig({
  testDir: './tests',
  globalTeardown: './global-teardown.ts',
  outputDir: './test-results/artifacts',
  // One JupyterLab, one browser, a 2-core machine: run the specs one after another.
  workers: 1,
  fullyParallel: false,
  forbidOnly: true,
  retries: 0,
  timeout: 180_000,
  // A hang anywhere (a run once sat idle for 45 minutes here) must fail the UI tier, not eat CI's 90 minutes.
  globalTimeout: 30 * 60_000,
  expect: { timeout: 60_000 },
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    headless: true,
    viewport: { width: 1400, height: 900 },
    actionTimeout: 60_000,
    navigationTimeout: 120_000,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']
    }
  },
  webServer: {
    command: [
      JUPYTER,
      'lab',
      '--no-browser',
      '--ServerApp.ip=127.0.0.1',
      `--ServerApp.port=${PORT}`,
      '--ServerApp.port_retries=0',
      "--IdentityProvider.token=''",
      "--ServerApp.password=''",
      // CI containers run as root; a desktop run does not care.
      '--ServerApp.allow_root=True',
      '--ServerApp.disable_check_xsrf=True',
      `--ServerApp.root_dir=${SCRATCH}`,
      `--LabApp.user_settings_dir=${path.join(SCRATCH, 'settings')}`,
      `--LabApp.workspaces_dir=${path.join(SCRATCH, 'workspaces')}`,
      '--LabApp.expose_app_in_browser=True',
      '--LabApp.news_url=None',
      '--LabApp.extension_manager=readonly',
      '--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate'
    ].join(' '),
    url: `http://127.0.0.1:${PORT}/api/status`,
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: { ...readStackEnv(path.join(STACK_DIR, 'env.sh')), JUPYTER_PREFER_ENV_PATH: '1' }
  }
});
