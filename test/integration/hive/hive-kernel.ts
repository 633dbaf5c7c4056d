import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { IMessage, JsonObject } from '../../../kernel/src/protocol/messages';
import { KernelHarness } from '../../helpers/kernel-harness';
import { loadStackEnv } from '../../helpers/stack-env';

/** What one execute_request got back: its reply and every iopub message parented to it. */
export interface IExecution {
  request: IMessage;
  reply: JsonObject;
  iopub: IMessage[];
}

/** Text written to a stream. */
export function streamText(execution: IExecution, name: 'stdout' | 'stderr'): string {
  return execution.iopub
    .filter(message => message.header.msg_type === 'stream' && message.content.name === name)
    .map(message => String(message.content.text))
    .join('');
}

/** The content of every iopub message of a type. */
export function contents(execution: IExecution, msgType: string): JsonObject[] {
  return execution.iopub.filter(message => message.header.msg_type === msgType).map(message => message.content);
}

/**
 * A real kernel process on the local stack's environment, with no user config file, and what
 * the test adds (the HiveServer2 endpoint, credentials).
 */
export class HiveTestKernel {
  private constructor(
    readonly harness: KernelHarness,
    private readonly _home: string
  ) {}

  static async start(env: Record<string, string>): Promise<HiveTestKernel> {
    const home = await fs.mkdtemp(path.join(os.tmpdir(), 'emr-livy-hive-'));
    const harness = await KernelHarness.start({ env: { ...loadStackEnv(), XDG_CONFIG_HOME: home, EMR_LIVY_CONFIG: '', ...env } });
    return new HiveTestKernel(harness, home);
  }

  /** Sends a cell; `whileRunning` may act on it (an interrupt) before the reply is awaited. */
  async execute(code: string, whileRunning?: (request: IMessage) => Promise<void>): Promise<IExecution> {
    const { client } = this.harness;
    const request = await client.send('shell', 'execute_request', { code, stop_on_error: false });
    await whileRunning?.(request);
    const reply = await client.replyTo(request, 300_000);
    await client.idleAfter(request, 60_000);
    return {
      request,
      reply: reply.content,
      iopub: client
        .for(request)
        .filter(({ channel }) => channel === 'iopub')
        .map(({ message }) => message)
    };
  }

  async stop(): Promise<void> {
    await this.harness.stop();
    await fs.rm(this._home, { recursive: true, force: true });
  }
}

/** One kernel for the describe block this is called in, started before its tests and stopped after them. */
export function kernelForSuite(env: () => Record<string, string> | Promise<Record<string, string>> = () => ({})): () => HiveTestKernel {
  let kernel: HiveTestKernel | undefined;
  beforeAll(async () => {
    kernel = await HiveTestKernel.start(await env());
  }, 60_000);
  afterAll(async () => {
    await kernel?.stop();
  });
  return () => {
    if (!kernel) {
      throw new Error('The kernel of this suite did not start.');
    }
    return kernel;
  };
}
