import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { IMessage, JsonObject } from '../../../kernel/src/protocol/messages';
import { KernelHarness } from '../../helpers/kernel-harness';
import { loadStackEnv, readSeed } from '../../helpers/stack-env';

export interface ICellRun {
  reply: JsonObject;
  /** The iopub messages of the cell (stream, display_data, execute_result, error). */
  outputs: IMessage[];
}

/**
 * The targets sm-pg and sm-mysql, for EMR_AURORA_TARGETS: the stack's PostgreSQL and MariaDB with
 * their passwords read from the emulator's Secrets Manager, as on AWS.
 */
export function secretsManagerTargets(): Record<string, { engine: string; secretId: string }> {
  const seed = readSeed(loadStackEnv().STACK_SEED_FILE);
  return { 'sm-pg': { engine: 'postgres', secretId: seed.secrets.postgres.name }, 'sm-mysql': { engine: 'mysql', secretId: seed.secrets.mariadb.name } };
}

/** A real kernel process in the local stack's environment (as scripts/demo starts one), for %%aurora and %%silver. */
export class AuroraKernel {
  private constructor(
    readonly harness: KernelHarness,
    private readonly _configHome: string
  ) {}

  static async start(env: NodeJS.ProcessEnv = {}): Promise<AuroraKernel> {
    const configHome = await fs.mkdtemp(path.join(os.tmpdir(), 'emr-livy-aurora-'));
    const harness = await KernelHarness.start({
      env: { ...loadStackEnv(), XDG_CONFIG_HOME: configHome, EMR_LIVY_CONFIG: '', EMR_LIVY_LOG_LEVEL: 'debug', ...env }
    });
    return new AuroraKernel(harness, configHome);
  }

  async execute(code: string, timeoutMs = 120_000): Promise<ICellRun> {
    const request = await this.harness.client.send('shell', 'execute_request', { code, stop_on_error: false });
    const reply = await this.harness.client.replyTo(request, timeoutMs);
    await this.harness.client.idleAfter(request, timeoutMs);
    const outputs = this.harness.client
      .for(request)
      .filter(({ channel, message }) => channel === 'iopub' && ['stream', 'display_data', 'execute_result', 'error'].includes(message.header.msg_type))
      .map(({ message }) => message);
    return { reply: reply.content, outputs };
  }

  /** Everything the kernel sent on any channel and logged, as text, for secret scans. */
  everything(): string {
    return [...this.harness.client.received.map(({ message }) => JSON.stringify(message)), this.harness.stderr].join('\n');
  }

  /** Asks the kernel to shut down first, so it deletes the Livy session it started, then stops the process. */
  async stop(): Promise<void> {
    const request = await this.harness.client.send('control', 'shutdown_request', { restart: false });
    await this.harness.client.replyTo(request, 10_000).catch(() => undefined);
    // The kernel exits within its own 4.5 s deadline; past that, stop() kills it. The timer is
    // cleared once the kernel is gone: left running, it kept jest alive 8 s after the last suite.
    let deadline: NodeJS.Timeout | undefined;
    await Promise.race([this.harness.exited, new Promise(resolve => (deadline = setTimeout(resolve, 8000)))]);
    clearTimeout(deadline);
    await this.harness.stop();
    await fs.rm(this._configHome, { recursive: true, force: true });
  }
}

/** The text of a cell's stream outputs. */
export function streamText(run: ICellRun): string {
  return run.outputs
    .filter(message => message.header.msg_type === 'stream')
    .map(message => String(message.content.text))
    .join('');
}

/** The data of the cell's first execute_result or display_data carrying the given MIME type. */
export function bundleWith(run: ICellRun, mimeType: string): Record<string, unknown> | undefined {
  const message = run.outputs.find(candidate => (candidate.content.data as JsonObject | undefined)?.[mimeType] !== undefined);
  return message?.content.data as Record<string, unknown> | undefined;
}
