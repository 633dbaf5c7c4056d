import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { IMessage, JsonObject } from '../../../../kernel/src/protocol/messages';
import { KernelHarness } from '../../../helpers/kernel-harness';
import { eventually } from '../../../helpers/livy-stack';
import { OwnLivy } from '../../../helpers/own-livy';
import { loadStackEnv } from '../../../helpers/stack-env';

type Json = Record<string, unknown>;

// The Livy server itself stopped while a statement runs, then started again: a second Livy of the
// test's own on a free port (the shared one keeps serving everyone else), driven by a real kernel
// process over ZeroMQ, so "the kernel stays alive" is checked literally. Livy runs without
// recovery here, as by default, so the restarted server knows no sessions and hands out ids from 0
// again; the kernel must notice that its session is gone rather than mistake a new one for it.

describe('the Livy server stopped mid-statement and started again', () => {
  let livy: OwnLivy;
  let kernel: KernelHarness;
  let home: string;

  async function rest(route: string): Promise<Json> {
    return (await (await fetch(`${livy.url}${route}`)).json()) as Json;
  }

  async function reply(request: IMessage): Promise<{ content: JsonObject; stdout: string; stderr: string }> {
    const message = await kernel.client.replyTo(request, 600_000);
    await kernel.client.idleAfter(request, 60_000);
    const streams = (name: string): string =>
      kernel.client
        .for(request)
        .filter(({ message: m }) => m.header.msg_type === 'stream' && m.content.name === name)
        .map(({ message: m }) => String(m.content.text))
        .join('');
    const results = kernel.client
      .for(request)
      .filter(({ message: m }) => m.header.msg_type === 'execute_result')
      .map(({ message: m }) => String((m.content.data as JsonObject)['text/plain']))
      .join('');
    return { content: message.content, stdout: streams('stdout') + results, stderr: streams('stderr') };
  }

  const execute = async (code: string): Promise<IMessage> => kernel.client.send('shell', 'execute_request', { code, stop_on_error: false });

  beforeAll(async () => {
    livy = await OwnLivy.create();
    await livy.start();
    home = await fs.mkdtemp(path.join(os.tmpdir(), 'emr-livy-restart-'));
    kernel = await KernelHarness.start({
      env: { ...loadStackEnv(), LIVY_URL: livy.url, XDG_CONFIG_HOME: home, EMR_LIVY_CONFIG: '', EMR_LIVY_SESSION_NAME_PREFIX: 'it-fault-restart' }
    });
  });

  afterAll(async () => {
    if (kernel) {
      // A shutdown_request, so the kernel deletes its session as it would in JupyterLab.
      const request = await kernel.client.send('control', 'shutdown_request', { restart: false });
      await kernel.client.replyTo(request, 30_000).catch(() => undefined);
      await kernel.stop();
    }
    await livy?.remove();
    await fs.rm(home, { recursive: true, force: true });
  });

  it('fails the running cell with the remedy, stays alive, and the next cell gets a fresh session', async () => {
    expect((await reply(await execute('val before = 1'))).content.status).toBe('ok');
    const [session] = (await rest('/sessions')).sessions as Json[];
    expect(livy.driverPids().length).toBeGreaterThan(0);

    const running = await execute('Thread.sleep(120000); val never = 2');
    await eventually('the statement to run', 60_000, async () => {
      const { statements } = await rest(`/sessions/${String(session.id)}/statements?order=desc&size=1`);
      return (statements as Json[])[0]?.state === 'running' ? true : undefined;
    });
    await livy.stop('SIGTERM');

    const failed = await reply(running);
    expect(failed.content).toMatchObject({ status: 'error', ename: 'LIVY_UNREACHABLE' });
    expect(failed.content.evalue).toMatch(/Cannot reach Livy at http:\/\/127\.0\.0\.1:\d+.*kernel keeps working/s);
    // The process is alive and serving: heartbeat, kernel_info, and a cell that fails at once.
    await expect(kernel.client.ping(Buffer.from('alive'))).resolves.toEqual(Buffer.from('alive'));
    const info = await kernel.client.send('shell', 'kernel_info_request');
    expect((await kernel.client.replyTo(info)).content.status).toBe('ok');
    expect((await reply(await execute('spark.range(1).count()'))).content.evalue).toMatch(/Cannot reach Livy/);

    await livy.start();
    const started = Date.now();
    const next = await reply(await execute('spark.range(4).count()'));
    const seconds = (Date.now() - started) / 1000;
    expect(next.content.status).toBe('ok');
    expect(next.stdout).toMatch(/= 4\b/);
    expect(next.stderr).toMatch(new RegExp(`Livy session ${String(session.id)} is gone.*fresh session`, 's'));
    // The new server reuses the id; the kernel's session is the one with its own, new name.
    const [fresh] = (await rest('/sessions')).sessions as Json[];
    expect(String(fresh.name)).toMatch(/^it-fault-restart/);
    expect(fresh.name).not.toBe(session.name);
    expect((await reply(await execute('before'))).content.evalue).toMatch(/not found: value before/);
    console.log(`livy restart: the first cell after the restart ran in ${seconds.toFixed(1)} s, session start included`);
  });
});
