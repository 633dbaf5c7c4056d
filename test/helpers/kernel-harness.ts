import { ChildProcess, spawn } from 'child_process';
import { existsSync, promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { IConnectionInfo } from '../../kernel/src/protocol/connection-file';
import { JsonObject } from '../../kernel/src/protocol/messages';
import { randomConnectionInfo } from './connection-info';
import { KernelClient } from './kernel-client';

/** The built kernel entry point, as kernel.json runs it. EMR_LIVY_KERNEL_MAIN tests another build. */
export const KERNEL_MAIN = process.env.EMR_LIVY_KERNEL_MAIN ?? path.resolve(__dirname, '..', '..', 'kernel', 'lib', 'main.js');

export interface IExecuted {
  reply: JsonObject;
  stdout: string;
  stderr: string;
  /** display_data, update_display_data and execute_result bundles, in the order sent. */
  bundles: JsonObject[];
}

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
      // Tests start many kernels on 2 cores; a Spark session for each, wanted or not, would cost
      // minutes. The suite of the early start (test/integration/livy/kernel/session-start.spec.ts) turns it on.
      env: { EMR_LIVY_START_SESSION_WITH_KERNEL: 'false', ...process.env, ...options.env },
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

  /** Runs one cell and gathers what it sent: the reply, stdout, stderr and the display bundles. */
  async execute(code: string, timeoutMs = 600_000): Promise<IExecuted> {
    const request = await this.client.send('shell', 'execute_request', { code, stop_on_error: false });
    const reply = await this.client.replyTo(request, timeoutMs);
    await this.client.idleAfter(request, 60_000);
    const sent = this.client.for(request).map(({ message }) => message);
    const streams = (name: string): string =>
      sent
        .filter(message => message.header.msg_type === 'stream' && message.content.name === name)
        .map(message => String(message.content.text))
        .join('');
    const bundles = sent.filter(message => ['display_data', 'update_display_data', 'execute_result'].includes(message.header.msg_type)).map(message => message.content.data as JsonObject);
    return { reply: reply.content, stdout: streams('stdout'), stderr: streams('stderr'), bundles };
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
