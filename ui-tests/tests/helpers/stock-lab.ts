/**
 * A second JupyterLab from the same venv with jupyterlab-emr disabled, as a user without the
 * extension has it: `disabledExtensions` in a page_config.json of its own config dir (what
 * `jupyter labextension disable` writes), so the main test server and the installed extension
 * are left alone. Same server root as the main server, so the same notebooks open in both.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { STACK_DIR } from './stack-env';

const JUPYTER = path.join(STACK_DIR, 'venv', 'bin', 'jupyter');
const START_TIMEOUT_MS = 180_000;

function freePort(): string {
  const probe = 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{process.stdout.write(String(s.address().port));s.close()})';
  return execFileSync(process.execPath, ['-e', probe], { encoding: 'utf8' }).trim();
}

export class StockLab {
  private constructor(
    readonly baseURL: string,
    private readonly _server: ChildProcess,
    private readonly _log: () => string
  ) {}

  /** Starts the server and waits until it answers; its stderr is kept for the error if it does not. */
  static async start(): Promise<StockLab> {
    const root = process.env.EMR_UI_ROOT;
    if (!root) {
      throw new Error('EMR_UI_ROOT is not set: run these tests through playwright.config.ts');
    }
    const scratch = fs.mkdtempSync(path.join(root, 'stock-lab-'));
    const config = path.join(scratch, 'config');
    fs.mkdirSync(path.join(config, 'labconfig'), { recursive: true });
    fs.writeFileSync(path.join(config, 'labconfig', 'page_config.json'), JSON.stringify({ disabledExtensions: { 'jupyterlab-emr': true } }));
    fs.cpSync(path.join(root, 'settings'), path.join(scratch, 'settings'), { recursive: true });
    fs.mkdirSync(path.join(scratch, 'workspaces'));
    const port = freePort();
    const args = [
      'lab',
      '--no-browser',
      '--ServerApp.ip=127.0.0.1',
      `--ServerApp.port=${port}`,
      '--ServerApp.port_retries=0',
      "--IdentityProvider.token=''",
      "--ServerApp.password=''",
      '--ServerApp.allow_root=True',
      '--ServerApp.disable_check_xsrf=True',
      `--ServerApp.root_dir=${root}`,
      `--LabApp.user_settings_dir=${path.join(scratch, 'settings')}`,
      `--LabApp.workspaces_dir=${path.join(scratch, 'workspaces')}`,
      '--LabApp.expose_app_in_browser=True',
      '--LabApp.news_url=None',
      '--LabApp.extension_manager=readonly',
      '--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate'
    ];
    const server = spawn(JUPYTER, args, { env: { ...process.env, JUPYTER_CONFIG_DIR: config, JUPYTER_PREFER_ENV_PATH: '1' }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    server.stderr?.on('data', chunk => (stderr = (stderr + String(chunk)).slice(-20_000)));
    const lab = new StockLab(`http://127.0.0.1:${port}`, server, () => stderr);
    await lab._waitUntilUp();
    return lab;
  }

  /** Labextensions the server lists as disabled, from its page config: proof the extension is off. */
  async disabledExtensions(): Promise<string[]> {
    const html = await (await fetch(`${this.baseURL}/lab`)).text();
    const config = /<script id="jupyter-config-data" type="application\/json">([\s\S]*?)<\/script>/.exec(html)?.[1];
    return (JSON.parse(config ?? '{}') as { disabledExtensions?: string[] }).disabledExtensions ?? [];
  }

  async stop(): Promise<void> {
    if (this._server.exitCode !== null) {
      return;
    }
    const exited = new Promise(resolve => this._server.once('exit', resolve));
    this._server.kill('SIGTERM');
    await Promise.race([exited, new Promise(resolve => setTimeout(resolve, 10_000))]);
    if (this._server.exitCode === null) {
      this._server.kill('SIGKILL');
    }
  }

  private async _waitUntilUp(): Promise<void> {
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (this._server.exitCode !== null) {
        throw new Error(`the extension-less JupyterLab exited with ${this._server.exitCode}:\n${this._log()}`);
      }
      try {
        if ((await fetch(`${this.baseURL}/api/status`)).ok) {
          return;
        }
      } catch {
        // Not listening yet.
      }
      await new Promise(resolve => setTimeout(resolve, 500));
    }
    await this.stop();
    throw new Error(`the extension-less JupyterLab did not answer within ${START_TIMEOUT_MS / 1000} s:\n${this._log()}`);
  }
}
