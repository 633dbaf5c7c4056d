import { spawn } from 'child_process';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { IMessage, JsonObject } from '../../../kernel/src/protocol/messages';
import { randomConnectionInfo } from '../../helpers/connection-info';
import { IReceived } from '../../helpers/kernel-client';
import { KERNEL_MAIN, KernelHarness } from '../../helpers/kernel-harness';

// The real kernel process over real ZeroMQ sockets, with a random key per start. Requests that
// need no Livy statement only, so these pass whatever state the cell layer's session is in.

const onIopub = (received: IReceived[]): string[] =>
  received.filter(({ channel }) => channel === 'iopub').map(({ message }) => (message.header.msg_type === 'status' ? `status(${String(message.content.execution_state)})` : message.header.msg_type));

/** Request → what must come back, in the spirit of jp-kernel's data-driven message tests. */
const CASES: {
  name: string;
  channel: 'shell' | 'control';
  msgType: string;
  content?: JsonObject;
  reply: JsonObject;
  iopub: string[];
}[] = [
  {
    name: 'kernel_info on shell',
    channel: 'shell',
    msgType: 'kernel_info_request',
    reply: {
      status: 'ok',
      protocol_version: '5.3',
      implementation: 'emr-livy',
      language_info: expect.objectContaining({ name: 'scala', mimetype: 'text/x-scala', file_extension: '.scala' })
    },
    iopub: ['status(busy)', 'status(idle)']
  },
  {
    name: 'kernel_info on control',
    channel: 'control',
    msgType: 'kernel_info_request',
    reply: { status: 'ok', implementation: 'emr-livy' },
    iopub: ['status(busy)', 'status(idle)']
  },
  {
    name: 'comm_info with no comms open',
    channel: 'shell',
    msgType: 'comm_info_request',
    content: { target_name: 'emr-livy.status' },
    reply: { status: 'ok', comms: {} },
    iopub: ['status(busy)', 'status(idle)']
  },
  {
    name: 'history, which this kernel does not keep',
    channel: 'shell',
    msgType: 'history_request',
    content: { hist_access_type: 'tail', n: 5, output: false, raw: true },
    reply: { status: 'ok', history: [] },
    iopub: ['status(busy)', 'status(idle)']
  },
  {
    name: 'interrupt with no cell running',
    channel: 'control',
    msgType: 'interrupt_request',
    reply: { status: 'ok' },
    iopub: ['status(busy)', 'status(idle)']
  },
  {
    name: 'is_complete for an %%aurora statement still open on its third line',
    channel: 'shell',
    msgType: 'is_complete_request',
    content: { code: "%%aurora --target silver-pg\nSELECT day\nFROM events WHERE day IN ('2026-01-01'," },
    reply: { status: 'incomplete', indent: '  ' },
    iopub: ['status(busy)', 'status(idle)']
  },
  {
    name: 'is_complete for an %%aurora statement that has ended',
    channel: 'shell',
    msgType: 'is_complete_request',
    content: { code: "%%aurora --target silver-pg\nSELECT day\nFROM events WHERE day IN ('2026-01-01')" },
    reply: { status: 'complete' },
    iopub: ['status(busy)', 'status(idle)']
  },
  {
    name: 'a malformed complete_request',
    channel: 'shell',
    msgType: 'complete_request',
    content: { code: 42 },
    reply: { status: 'error', ename: 'InvalidRequest' },
    iopub: ['status(busy)', 'status(idle)']
  }
];

describe('emr-livy kernel process: protocol', () => {
  let kernel: KernelHarness;

  beforeAll(async () => {
    kernel = await KernelHarness.start();
  });

  afterAll(async () => {
    await kernel?.stop();
  });

  async function exchange(channel: 'shell' | 'control', msgType: string, content: JsonObject = {}) {
    const request = await kernel.client.send(channel, msgType, content);
    const reply = await kernel.client.replyTo(request);
    await kernel.client.idleAfter(request);
    return { request, reply, received: kernel.client.for(request) };
  }

  it.each(CASES)('answers $name', async ({ channel, msgType, content, reply, iopub }) => {
    const result = await exchange(channel, msgType, content);
    expect(result.reply.content).toMatchObject(reply);
    expect(result.reply.header.version).toBe('5.3');
    expect(result.reply.header.session).not.toBe(result.request.header.session);
    expect(onIopub(result.received)).toEqual(iopub);
    // The reply comes back on the channel the request went out on.
    expect(result.received.find(({ message }) => message === result.reply)?.channel).toBe(channel);
  });

  it('signs everything it sends with the connection key', () => {
    expect(kernel.client.received.length).toBeGreaterThan(0);
    expect(kernel.client.refused).toEqual([]);
  });

  it('echoes heartbeats', async () => {
    for (const payload of ['ping', 'a'.repeat(4096)]) {
      await expect(kernel.client.ping(Buffer.from(payload))).resolves.toEqual(Buffer.from(payload));
    }
  });

  it('closes a comm opened for a target it does not have', async () => {
    const open = await kernel.client.send('shell', 'comm_open', { comm_id: 'w1', target_name: 'jupyter.widget', data: {} });
    await kernel.client.idleAfter(open);
    const close = kernel.client.for(open).find(({ message }) => message.header.msg_type === 'comm_close');
    expect(close?.message.content).toEqual({ comm_id: 'w1', data: {} });
  });

  describe.each([
    ['unsigned', 'unsigned'],
    ['signed with the wrong key', 'wrong-key']
  ] as const)('an execute_request %s', (_label, signing) => {
    it('never runs: no busy, no execute_input, no reply, and the drop is logged', async () => {
      const before = kernel.stderr.length;
      const forged = await kernel.client.send('shell', 'execute_request', { code: 'println("pwned")' }, signing);
      // A signed request sent after it is answered, so the forged one had every chance to be handled.
      await exchange('shell', 'kernel_info_request');
      await new Promise(resolve => setTimeout(resolve, 200));
      expect(kernel.client.for(forged)).toEqual([]);
      expect(kernel.client.received.some(({ message }) => message.header.msg_type === 'execute_input' || message.header.msg_type === 'execute_reply')).toBe(false);
      expect(kernel.stderr.slice(before)).toMatch(/Dropped a message on shell: (unsigned message|invalid signature)/);
    });
  });

  it('answers a replayed request once only', async () => {
    const { message, frames } = kernel.client.framesOf('kernel_info_request');
    await kernel.client.sendFrames('shell', frames);
    await kernel.client.replyTo(message);
    await kernel.client.sendFrames('shell', frames);
    await exchange('shell', 'kernel_info_request');
    await new Promise(resolve => setTimeout(resolve, 200));
    const replies = kernel.client.for(message).filter(({ message: m }) => m.header.msg_type === 'kernel_info_reply');
    expect(replies).toHaveLength(1);
    expect(kernel.stderr).toMatch(/Dropped a message on shell: duplicate signature/);
  });

  it('ignores a forged shutdown_request and keeps running', async () => {
    const forged = await kernel.client.send('control', 'shutdown_request', { restart: false }, 'wrong-key');
    await exchange('control', 'kernel_info_request');
    expect(kernel.client.for(forged)).toEqual([]);
    await expect(kernel.client.ping(Buffer.from('still alive'))).resolves.toEqual(Buffer.from('still alive'));
  });
});

describe('emr-livy kernel process: execute through the cell layer, with no Livy configured', () => {
  // No Livy on purpose: every cell either needs none (%%help) or fails at once with the remedy,
  // so the execute path of the real process is checked fast and without the Livy tier.
  let kernel: KernelHarness;
  let configHome: string;

  beforeAll(async () => {
    configHome = await fs.mkdtemp(path.join(os.tmpdir(), 'emr-livy-no-config-'));
    kernel = await KernelHarness.start({ env: { LIVY_URL: '', EMR_LIVY_CONFIG: '', XDG_CONFIG_HOME: configHome } });
  });

  afterAll(async () => {
    await kernel?.stop();
    await fs.rm(configHome, { recursive: true, force: true });
  });

  async function execute(code: string, content: JsonObject = {}) {
    const request = await kernel.client.send('shell', 'execute_request', { code, ...content });
    const reply = await kernel.client.replyTo(request);
    await kernel.client.idleAfter(request);
    return { request, reply, iopub: onIopub(kernel.client.for(request)) };
  }

  it('runs %%help: execute_input with the count, its output, an ok reply', async () => {
    const { reply, iopub, request } = await execute('%%help');
    expect(reply.content).toMatchObject({ status: 'ok', execution_count: 1, user_expressions: {}, payload: [] });
    expect(iopub[0]).toBe('status(busy)');
    expect(iopub[1]).toBe('execute_input');
    expect(iopub.slice(2, -1).length).toBeGreaterThan(0);
    expect(iopub[iopub.length - 1]).toBe('status(idle)');
    const input = kernel.client.for(request).find(({ message }) => message.header.msg_type === 'execute_input');
    expect(input?.message.content).toEqual({ code: '%%help', execution_count: 1 });
  });

  it('answers a Scala cell with the remedy as an error output and an error reply', async () => {
    const { reply, iopub, request } = await execute('println("hello, world")');
    expect(iopub).toEqual(['status(busy)', 'execute_input', 'error', 'status(idle)']);
    expect(reply.content).toMatchObject({ status: 'error', execution_count: 2, evalue: expect.stringContaining('LIVY_URL') });
    const error = kernel.client.for(request).find(({ message }) => message.header.msg_type === 'error');
    expect(error?.message.content).toEqual({
      ename: reply.content.ename,
      evalue: reply.content.evalue,
      traceback: reply.content.traceback
    });
  });

  it('aborts the rest of a run after a failed cell (stop_on_error), even cells that fail fast', async () => {
    const failing = await kernel.client.send('shell', 'execute_request', { code: 'spark.range(3).count()' });
    const rest = [await kernel.client.send('shell', 'execute_request', { code: '%%help' }), await kernel.client.send('shell', 'execute_request', { code: '%%help' })];
    expect((await kernel.client.replyTo(failing)).content.status).toBe('error');
    for (const queued of rest) {
      expect((await kernel.client.replyTo(queued)).content).toEqual({ status: 'aborted' });
      await kernel.client.idleAfter(queued);
      // Only statuses: no execute_input, no output (a second busy may re-assert a later cell's).
      const iopub = onIopub(kernel.client.for(queued));
      expect(iopub.filter(kind => !kind.startsWith('status'))).toEqual([]);
      expect(iopub[iopub.length - 1]).toBe('status(idle)');
    }
  });

  it('runs a cell sent right after a failed cell’s reply', async () => {
    expect((await execute('spark.range(3).count()')).reply.content.status).toBe('error');
    expect((await execute('%%help')).reply.content.status).toBe('ok');
  });

  it('publishes no input and no output for a silent execute, and does not count it', async () => {
    const { reply, iopub } = await execute('%%help', { silent: true });
    expect(iopub).toEqual(['status(busy)', 'status(idle)']);
    const next = await execute('%%help');
    expect(next.reply.content.execution_count).toBe((reply.content.execution_count as number) + 1);
  });
});

describe('emr-livy kernel process: shutdown', () => {
  it.each(['control', 'shell'] as const)('on %s replies, goes idle and exits 0', async channel => {
    const kernel = await KernelHarness.start();
    try {
      const request: IMessage = await kernel.client.send(channel, 'shutdown_request', { restart: false });
      const reply = await kernel.client.replyTo(request);
      expect(reply.content).toEqual({ status: 'ok', restart: false });
      await kernel.client.idleAfter(request);
      await expect(kernel.exited).resolves.toEqual({ code: 0, signal: null });
    } finally {
      await kernel.stop();
    }
  });
});

describe('emr-livy kernel process: ending without a shutdown_request', () => {
  it('exits 0 on SIGTERM, which clients send when a shutdown takes too long', async () => {
    const kernel = await KernelHarness.start();
    try {
      kernel.signal('SIGTERM');
      await expect(kernel.exited).resolves.toEqual({ code: 0, signal: null });
      expect(kernel.stderr).toContain('shut down (SIGTERM)');
    } finally {
      await kernel.stop();
    }
  });

  it('exits by itself when the process that started it dies', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'emr-livy-orphan-'));
    const connectionFile = path.join(dir, 'kernel.json');
    await fs.writeFile(connectionFile, JSON.stringify(await randomConnectionInfo()));
    // A shell stands in for the Jupyter server: it starts the kernel, reports its pid, then is killed.
    const server = spawn('sh', ['-c', `"${process.execPath}" "${KERNEL_MAIN}" run -f "${connectionFile}" & echo $!; wait`], {
      stdio: ['ignore', 'pipe', 'pipe']
    });
    let logged = '';
    server.stderr.on('data', (chunk: Buffer) => (logged += chunk.toString()));
    const kernelPid = await new Promise<number>(resolve => server.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim()))));
    const isAlive = (): boolean => {
      try {
        process.kill(kernelPid, 0);
        return true;
      } catch {
        return false;
      }
    };
    try {
      while (!logged.includes('listening')) {
        await new Promise(resolve => setTimeout(resolve, 50));
      }
      server.kill('SIGKILL');
      const deadline = Date.now() + 10000;
      while (isAlive() && Date.now() < deadline) {
        await new Promise(resolve => setTimeout(resolve, 100));
      }
      expect(isAlive()).toBe(false);
    } finally {
      if (isAlive()) {
        process.kill(kernelPid, 'SIGKILL');
      }
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
