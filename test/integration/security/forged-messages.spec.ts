import { STATUS_COMM_TARGET } from '@jupyterlab-emr/common';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { IMessage } from '../../../kernel/src/protocol/messages';
import { KernelHarness } from '../../helpers/kernel-harness';

// Anyone who can reach the kernel's loopback ports can send it frames; only holders of the
// connection key may make it do anything. Forged, tampered and replayed requests go to a real
// kernel process over real ZeroMQ sockets; the proof that none ran is that the kernel stays
// silent for them and that the first genuine cell afterwards is execution_count 1.

describe('forged, tampered and replayed messages', () => {
  let kernel: KernelHarness;
  let home: string;

  beforeAll(async () => {
    home = await fs.mkdtemp(path.join(os.tmpdir(), 'emr-livy-forged-'));
    kernel = await KernelHarness.start({ env: { LIVY_URL: '', EMR_LIVY_CONFIG: '', XDG_CONFIG_HOME: home } });
  });

  afterAll(async () => {
    await kernel?.stop();
    await fs.rm(home, { recursive: true, force: true });
  });

  /** A signed round trip after the forged frames: the kernel has read everything sent before it. */
  async function barrier(channel: 'shell' | 'control'): Promise<void> {
    const request = await kernel.client.send(channel, 'kernel_info_request');
    await kernel.client.replyTo(request);
    await kernel.client.idleAfter(request);
  }

  const forgedIds: string[] = [];

  async function forge(channel: 'shell' | 'control', frames: Buffer[], message: IMessage): Promise<void> {
    forgedIds.push(message.header.msg_id);
    await kernel.client.sendFrames(channel, frames);
  }

  it.each(['shell', 'control'] as const)('drops execute and shutdown requests on %s that are unsigned, wrongly signed, tampered or truncated', async channel => {
    const before = kernel.stderr.length;
    for (const signing of ['unsigned', 'wrong-key'] as const) {
      forgedIds.push((await kernel.client.send(channel, 'execute_request', { code: '%%help' }, signing)).header.msg_id);
      forgedIds.push((await kernel.client.send(channel, 'shutdown_request', { restart: false }, signing)).header.msg_id);
    }
    // A valid signature moved onto other content.
    const genuine = kernel.client.framesOf('kernel_info_request');
    const other = kernel.client.framesOf('execute_request', { code: '%%help' });
    const delimiter = other.frames.findIndex(frame => frame.toString() === '<IDS|MSG>');
    const tampered = [...other.frames];
    tampered[delimiter + 1] = genuine.frames[genuine.frames.findIndex(frame => frame.toString() === '<IDS|MSG>') + 1];
    await forge(channel, tampered, other.message);
    // The right signature cut short: refused, not compared on its prefix.
    const truncated = kernel.client.framesOf('execute_request', { code: '%%help' });
    truncated.frames[delimiter + 1] = truncated.frames[delimiter + 1].subarray(0, 32);
    await forge(channel, truncated.frames, truncated.message);
    // The frames of a signed message with its content changed after signing.
    const edited = kernel.client.framesOf('execute_request', { code: '%%help' });
    edited.frames[delimiter + 5] = Buffer.from(JSON.stringify({ code: '%%help connect' }));
    await forge(channel, edited.frames, edited.message);
    // Garbage and missing frames.
    await kernel.client.sendFrames(channel, [Buffer.from('<IDS|MSG>'), Buffer.from('deadbeef')]);
    await kernel.client.sendFrames(channel, [Buffer.from('no delimiter at all')]);

    await barrier(channel);
    await new Promise(resolve => setTimeout(resolve, 200));
    const drops = kernel.stderr.slice(before).match(/Dropped a message on \w+: [^\n]*/g) ?? [];
    expect(drops.length).toBeGreaterThanOrEqual(9);
    expect(drops.join('\n')).toMatch(/unsigned message/);
    expect(drops.join('\n')).toMatch(/invalid signature/);
    await expect(kernel.client.ping(Buffer.from('still here'))).resolves.toEqual(Buffer.from('still here'));
  });

  it('drops a forged comm_open and comm_msg to the AWS status target: no comm is opened, nothing is called', async () => {
    const open = await kernel.client.send('shell', 'comm_open', { comm_id: 'forged', target_name: STATUS_COMM_TARGET, data: {} }, 'wrong-key');
    const call = await kernel.client.send('shell', 'comm_msg', { comm_id: 'forged', data: { requestId: 'f1', method: 'listClusters', params: { filter: 'all' }, aws: {} } }, 'wrong-key');
    forgedIds.push(open.header.msg_id, call.header.msg_id);
    await barrier('shell');
    const info = await kernel.client.send('shell', 'comm_info_request', {});
    expect((await kernel.client.replyTo(info)).content.comms).toEqual({});
  });

  it('runs a validly signed execute_request once, however often its frames are sent', async () => {
    const { message, frames } = kernel.client.framesOf('execute_request', { code: '%%help' });
    await kernel.client.sendFrames('shell', frames);
    await kernel.client.sendFrames('shell', frames);
    await kernel.client.sendFrames('control', frames);
    const reply = await kernel.client.replyTo(message);
    await barrier('shell');
    await new Promise(resolve => setTimeout(resolve, 200));
    const replies = kernel.client.for(message).filter(({ message: m }) => m.header.msg_type === 'execute_reply');
    expect(replies).toHaveLength(1);
    // Nothing forged before it ran: this is the kernel's first counted execution.
    expect(reply.content.execution_count).toBe(1);
    expect(kernel.stderr).toMatch(/duplicate signature/);
  });

  it('sent nothing at all in answer to any forged message', () => {
    expect(forgedIds.length).toBeGreaterThanOrEqual(12);
    const answered = kernel.client.received.filter(({ message }) => forgedIds.includes(String(message.parent_header.msg_id)));
    expect(answered).toEqual([]);
    // No execute_input except the genuine one: no forged code was even announced.
    const inputs = kernel.client.received.filter(({ message }) => message.header.msg_type === 'execute_input');
    expect(inputs).toHaveLength(1);
  });
});
