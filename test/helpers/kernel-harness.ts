import { ChildProcess, spawn } from 'child_process';
import { existsSync, promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { IConnectionInfo } from '../../kernel/src/protocol/connection-file';
import { randomConnectionInfo } from './connection-info';
import { KernelClient } from './kernel-client';

/** The built kernel entry point, as kernel.json runs it. EMR_LIVY_KERNEL_MAIN tests another build. */
export const KERNEL_MAIN = process.env.EMR_LIVY_KERNEL_MAIN ?? path.resolve(__dirname, '..', '..', 'kernel', 'lib', 'main.js');

export interface IExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * A real kernel process started the way Jupyter starts it: a fresh connection file with a random
 * key and free loopback ports, then `node kernel/lib/main.js run -f FILE`, with a signing
 * client connected to all five sockets.
 */
export class KernelHarness {
  private _stderr = '';

  private constructor(
    readonly info: IConnectionInfo,
    readonly client: KernelClient,
    private readonly _process: ChildProcess,
    readonly exited: Promise<IExit>,
    private readonly _dir: string
  ) {
    _process.stderr?.on('data', (chunk: Buffer) => (this._stderr += chunk.toString()));
  }

  static async start(options: { env?: NodeJS.ProcessEnv; readyTimeoutMs?: number } = {}): Promise<KernelHarness> {
    if (!existsSync(KERNEL_MAIN)) {
      throw new Error(`${KERNEL_MAIN} does not exist; build the kernel first (npm run build:kernel).`);
    }
    const info = await randomConnectionInfo();
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'emr-livy-harness-'));
    const connectionFile = path.join(dir, 'kernel.json');
    await fs.writeFile(connectionFile, JSON.stringify(info), { mode: 0o600 });
    const child = spawn(process.execPath, [KERNEL_MAIN, 'run', '-f', connectionFile], {
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe']
    });
    const exited = new Promise<IExit>(resolve => child.once('exit', (code, signal) => resolve({ code, signal })));
    const harness = new KernelHarness(info, KernelClient.connect(info), child, exited, dir);
    const ready = harness.client.waitUntilReady(options.readyTimeoutMs);
    const diedFirst = exited.then(exit => {
      throw new Error(`The kernel exited (${JSON.stringify(exit)}) before answering; its stderr:\n${harness.stderr}`);
    });
    try {
      await Promise.race([ready, diedFirst]);
    } catch (error) {
      await harness.stop();
      throw error;
    }
    diedFirst.catch(() => undefined);
    return harness;
  }

  /** What the kernel logged so far. */
  get stderr(): string {
    return this._stderr;
  }

  get pid(): number | undefined {
    return this._process.pid;
  }

  signal(signal: NodeJS.Signals): void {
    this._process.kill(signal);
  }

  /** Kills the kernel if it still runs and removes the connection file. */
  async stop(): Promise<void> {
    await this.client.close();
    if (this._process.exitCode === null && this._process.signalCode === null) {
      this._process.kill('SIGKILL');
      await this.exited;
    }
    await fs.rm(this._dir, { recursive: true, force: true });
  }
}
