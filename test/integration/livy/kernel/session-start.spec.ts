import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { JsonObject } from '../../../../kernel/src/protocol/messages';
import { KernelHarness } from '../../../helpers/kernel-harness';
import { eventually, livyRest } from '../../../helpers/livy-stack';
import { loadStackEnv } from '../../../helpers/stack-env';

// The session started with the kernel (session.startWithKernel, on by default), through real
// kernel processes on the stack's Livy: it is asked for before any cell, completion reaches it
// before any cell ran, the first cell uses it, %%configure before any cell replaces it, and a
// kernel stopped while it starts leaves nothing behind.
const SESSION_UP_MS = 180_000;

interface ILivySessionJson {
  id: number;
  name: string | null;
  state: string;
}

async function sessionsNamed(prefix: string): Promise<ILivySessionJson[]> {
  const { json } = await livyRest('GET', '/sessions?size=1000');
  return (json.sessions as ILivySessionJson[]).filter(session => session.name?.startsWith(prefix));
}

describe('the Livy session started with the kernel', () => {
  const kernels: KernelHarness[] = [];
  let home: string;

  beforeAll(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'emr-livy-early-'));
  });

  afterAll(async () => {
    for (const kernel of kernels) {
      await kernel.stop();
    }
    fs.rmSync(home, { recursive: true, force: true });
  });

  /**
   * A kernel as a Jupyter server starts one for a notebook (JPY_SESSION_NAME set), or for no
   * notebook (the side panel's own kernel). No EMR_LIVY_START_SESSION_WITH_KERNEL: the kernel's own
   * default is under test (the harness turns it off for every other suite, so it is removed here).
   */
  async function startKernel(prefix: string, notebook: string | null = 'analysis.ipynb'): Promise<KernelHarness> {
    const kernel = await KernelHarness.start({
      env: { ...loadStackEnv(), HOME: home, EMR_LIVY_CONFIG: '', EMR_LIVY_SESSION_NAME_PREFIX: prefix, EMR_LIVY_START_SESSION_WITH_KERNEL: undefined, JPY_SESSION_NAME: notebook ?? undefined }
    });
    kernels.push(kernel);
    return kernel;
  }

  async function shutdown(kernel: KernelHarness): Promise<void> {
    const request = await kernel.client.send('control', 'shutdown_request', { restart: false });
    await kernel.client.replyTo(request, 30_000);
    await kernel.exited;
  }

  async function complete(kernel: KernelHarness, code: string): Promise<string[]> {
    const request = await kernel.client.send('shell', 'complete_request', { code, cursor_pos: code.length });
    const reply = await kernel.client.replyTo(request, 30_000);
    return reply.content.matches as string[];
  }

  /** The session a kernel asked Livy for on its own, once Livy lists it. */
  async function askedFor(prefix: string): Promise<ILivySessionJson> {
    const [session] = await eventually('the kernel to ask Livy for a session', 30_000, async () => {
      const found = await sessionsNamed(prefix);
      return found.length > 0 ? found : undefined;
    });
    return session;
  }

  const textOf = (bundles: JsonObject[]): string => bundles.map(bundle => String(bundle['text/plain'] ?? '')).join('\n');

  it(
    'is asked for before any cell; completion reaches it before any cell ran; the first cell runs in it',
    async () => {
      const prefix = `it-early-${process.pid}`;
      const kernel = await startKernel(prefix);
      const early = await askedFor(prefix);
      // Completion answers within its budget while the session starts, then from the session.
      const matches = await eventually('completion of spark.rang before any cell', SESSION_UP_MS, async () => {
        const found = await complete(kernel, 'spark.rang');
        return found.includes('range') ? found : undefined;
      });
      expect(matches).toContain('range');
      const first = await kernel.execute('1 + 1');
      expect(first.reply.status).toBe('ok');
      expect(first.stdout + textOf(first.bundles)).toMatch(/\b2\b/);
      expect(textOf(first.bundles)).toMatch(new RegExp(`Spark session ${early.id} started in .* \\(with the kernel\\)`));
      expect(await sessionsNamed(prefix)).toHaveLength(1);
      await shutdown(kernel);
      await eventually(`session ${early.id} to be deleted at shutdown`, 30_000, async () => ((await livyRest('GET', `/sessions/${early.id}`)).status === 404 ? true : undefined));
    },
    SESSION_UP_MS * 2
  );

  it(
    '%%configure -f before the first cell replaces it and applies its settings',
    async () => {
      const prefix = `it-early-conf-${process.pid}`;
      const kernel = await startKernel(prefix);
      const early = await askedFor(prefix);
      const configured = await kernel.execute('%%configure -f\n{"conf": {"spark.emr.test.marker": "configured-early"}}');
      expect(configured.reply.status).toBe('ok');
      expect(configured.stdout).toContain(`Deleted session ${early.id}, which the kernel had started before any cell ran.`);
      const read = await kernel.execute('println(spark.conf.get("spark.emr.test.marker"))');
      expect(read.reply.status).toBe('ok');
      expect(read.stdout).toContain('configured-early');
      const sessions = await sessionsNamed(prefix);
      expect(sessions.map(session => session.id)).not.toContain(early.id);
      await shutdown(kernel);
    },
    SESSION_UP_MS * 2
  );

  it(
    "is not started by a kernel that serves no notebook (the side panel's own)",
    async () => {
      const prefix = `it-early-none-${process.pid}`;
      const kernel = await startKernel(prefix, null);
      const info = await kernel.client.send('shell', 'kernel_info_request', {});
      await kernel.client.replyTo(info, 30_000);
      await new Promise(resolve => setTimeout(resolve, 5000));
      expect(await sessionsNamed(prefix)).toHaveLength(0);
      await shutdown(kernel);
    },
    SESSION_UP_MS
  );

  it(
    'is deleted when the kernel shuts down before the session is up',
    async () => {
      const prefix = `it-early-stop-${process.pid}`;
      const kernel = await startKernel(prefix);
      const early = await askedFor(prefix);
      expect(['not_started', 'starting']).toContain(early.state);
      await shutdown(kernel);
      await eventually(`session ${early.id} to be deleted`, 30_000, async () => ((await livyRest('GET', `/sessions/${early.id}`)).status === 404 ? true : undefined));
    },
    SESSION_UP_MS
  );
});
