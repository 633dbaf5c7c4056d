import { promises as fs, readFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { IMessage } from '../../../../kernel/src/protocol/messages';
import { KernelHarness } from '../../../helpers/kernel-harness';
import { livyRest } from '../../../helpers/livy-stack';
import { loadStackEnv } from '../../../helpers/stack-env';

type Json = Record<string, unknown>;

// Load on loopback, bounded: real kernel processes over ZeroMQ, each with its own session on the
// local Livy. No timing is asserted; the figures are printed for RELIABILITY.md.

// The suite's size keeps the Livy tier inside CI's time (about 4 min here); EMR_LOAD_FULL=1 runs
// the full load of RELIABILITY.md (4 x 200 statements, then 1,000 more: about 9 min).
const FULL = process.env.EMR_LOAD_FULL === '1';
const KERNELS = 4;
const STATEMENTS_PER_KERNEL = FULL ? 200 : 100;
const MEMORY_STATEMENTS = FULL ? 1000 : 500;
const MEMORY_BATCH = 100;
const PREFIX = 'it-load';

/** A statement whose answer names its kernel and its position, computed on the driver. */
const statementFor = (kernel: number, index: number): string => `"k${kernel}-s${index}-" + (${index} * 7)`;
const answerFor = (kernel: number, index: number): string => `k${kernel}-s${index}-${index * 7}`;

function rssKiB(pid: number): number {
  // VmRSS of the kernel process itself, as the OS counts it.
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1]);
}

function textOf(kernel: KernelHarness, request: IMessage): string {
  return kernel.client
    .for(request)
    .map(({ message }) => {
      const content = message.content as Json;
      if (message.header.msg_type === 'stream') {
        return String(content.text);
      }
      const data = content.data as Json | undefined;
      return message.header.msg_type === 'execute_result' || message.header.msg_type === 'display_data' ? String(data?.['text/plain'] ?? '') : '';
    })
    .join('');
}

async function deleteSessions(): Promise<void> {
  const { json } = await livyRest('GET', '/sessions?size=1000');
  for (const session of (json.sessions as Json[]) ?? []) {
    if (String(session.name).startsWith(PREFIX)) {
      await livyRest('DELETE', `/sessions/${String(session.id)}`);
    }
  }
}

describe('load: several kernels on the local Livy at once', () => {
  const kernels: KernelHarness[] = [];
  let home: string;

  beforeAll(async () => {
    home = await fs.mkdtemp(path.join(os.tmpdir(), 'emr-livy-load-'));
    for (let k = 0; k < KERNELS; k += 1) {
      kernels.push(
        await KernelHarness.start({
          env: { ...loadStackEnv(), XDG_CONFIG_HOME: home, EMR_LIVY_CONFIG: '', EMR_LIVY_SESSION_NAME_PREFIX: `${PREFIX}-k${k}` }
        })
      );
    }
    // Sessions start together, as four notebooks opened at once would.
    await Promise.all(
      kernels.map(async (kernel, k) => {
        const warm = await kernel.client.send('shell', 'execute_request', { code: `val kernelTag = "k${k}"` });
        const reply = await kernel.client.replyTo(warm, 300_000);
        expect(reply.content.status).toBe('ok');
      })
    );
  });

  afterAll(async () => {
    for (const kernel of kernels) {
      const request = await kernel.client.send('control', 'shutdown_request', { restart: false });
      await kernel.client.replyTo(request, 30_000).catch(() => undefined);
      await kernel.stop();
    }
    await deleteSessions();
    await fs.rm(home, { recursive: true, force: true });
  });

  it(`answers ${KERNELS} kernels x ${STATEMENTS_PER_KERNEL} statements, all queued at once, each exactly once with its own result`, async () => {
    const started = Date.now();
    const perKernel = await Promise.all(
      kernels.map(async (kernel, k) => {
        const requests: IMessage[] = [];
        for (let i = 0; i < STATEMENTS_PER_KERNEL; i += 1) {
          requests.push(await kernel.client.send('shell', 'execute_request', { code: statementFor(k, i), stop_on_error: false }));
        }
        const replies: IMessage[] = [];
        for (const request of requests) {
          replies.push(await kernel.client.replyTo(request, 600_000));
          await kernel.client.idleAfter(request, 60_000);
        }
        return { requests, replies };
      })
    );
    const seconds = (Date.now() - started) / 1000;
    let checked = 0;
    perKernel.forEach(({ requests, replies }, k) => {
      const kernel = kernels[k];
      const counts = replies.map(reply => reply.content.execution_count as number);
      replies.forEach((reply, i) => {
        expect(reply.content.status).toBe('ok');
        // One reply per request, none for anyone else's.
        const all = kernel.client.for(requests[i]).filter(({ message }) => message.header.msg_type === 'execute_reply');
        expect(all).toHaveLength(1);
        const text = textOf(kernel, requests[i]);
        expect(text).toContain(answerFor(k, i));
        // No other statement's answer, from this kernel or another, in this cell's output.
        expect(text.match(/k\d+-s\d+-\d+/g)).toEqual([answerFor(k, i)]);
        checked += 1;
      });
      // Counted in the order they were sent, with no gap and no repeat.
      expect(counts).toEqual(counts.map((_, i) => counts[0] + i));
    });
    expect(checked).toBe(KERNELS * STATEMENTS_PER_KERNEL);
    // How often Livy answered `available` before the output was there, which the kernel read again.
    const rereads = kernels.map(kernel => kernel.stderr.split('available without output').length - 1);
    console.log(
      `load: ${KERNELS} kernels x ${STATEMENTS_PER_KERNEL} statements = ${checked} replies checked in ${seconds.toFixed(1)} s ` +
        `(${(checked / seconds).toFixed(1)} statements/s on ${os.cpus().length} cores); ` +
        `statements Livy first reported available without output, per kernel: ${rereads.join(', ')}`
    );
  });

  it(`keeps the kernel's memory flat over ${MEMORY_STATEMENTS} statements`, async () => {
    const kernel = kernels[0];
    const pid = kernel.pid as number;
    const samples: number[] = [rssKiB(pid)];
    for (let batch = 0; batch < MEMORY_STATEMENTS / MEMORY_BATCH; batch += 1) {
      const requests: IMessage[] = [];
      for (let i = 0; i < MEMORY_BATCH; i += 1) {
        const index = batch * MEMORY_BATCH + i;
        requests.push(await kernel.client.send('shell', 'execute_request', { code: statementFor(0, index), stop_on_error: false }));
      }
      for (const request of requests) {
        expect((await kernel.client.replyTo(request, 600_000)).content.status).toBe('ok');
      }
      await kernel.client.idleAfter(requests[requests.length - 1], 60_000);
      samples.push(rssKiB(pid));
    }
    const mib = samples.map(kib => Math.round(kib / 1024));
    console.log(`memory: kernel RSS in MiB before and after each ${MEMORY_BATCH} statements: ${mib.join(', ')}`);
    // Generous bounds, no timing: after the first batches warm up the JIT and the pools, the rest
    // grows by less than 64 MiB in total, and the last half is no higher than the first half's peak plus 32 MiB.
    const warm = samples[2];
    expect(samples[samples.length - 1] - warm).toBeLessThan(64 * 1024);
    const half = Math.floor(samples.length / 2);
    expect(Math.max(...samples.slice(half))).toBeLessThan(Math.max(...samples.slice(0, half)) + 32 * 1024);
  });
});
