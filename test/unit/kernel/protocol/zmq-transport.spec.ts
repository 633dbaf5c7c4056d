import { WireCodec } from '../../../../kernel/src/protocol/codec';
import { IConnectionInfo } from '../../../../kernel/src/protocol/connection-file';
import { Envelope } from '../../../../kernel/src/protocol/envelope';
import { IMessage, RequestChannel } from '../../../../kernel/src/protocol/messages';
import { ReplayWindow } from '../../../../kernel/src/protocol/replay-window';
import { Signer } from '../../../../kernel/src/protocol/signer';
import { ZmqTransport } from '../../../../kernel/src/protocol/zmq-transport';
import { randomConnectionInfo } from '../../../helpers/connection-info';
import { KernelClient } from '../../../helpers/kernel-client';

// Real ZeroMQ sockets on loopback: the wire layer is only trusted once it has met a real peer.
describe('ZmqTransport', () => {
  let info: IConnectionInfo;
  let transport: ZmqTransport;
  let client: KernelClient;
  let delivered: { channel: RequestChannel; message: IMessage }[];

  beforeEach(async () => {
    info = await randomConnectionInfo();
    transport = await ZmqTransport.bind(info, new WireCodec(new Signer(info.key), new ReplayWindow()), new Envelope());
    delivered = [];
    transport.start((channel, message) => delivered.push({ channel, message }));
    client = KernelClient.connect(info);
  });

  afterEach(async () => {
    await client.close();
    await transport.close();
  });

  async function until(condition: () => boolean, what: string): Promise<void> {
    const deadline = Date.now() + 5000;
    while (!condition()) {
      if (Date.now() > deadline) {
        throw new Error(`Timed out waiting for ${what}`);
      }
      await new Promise(resolve => setTimeout(resolve, 10));
    }
  }

  it('delivers a signed request and routes the reply back to its sender', async () => {
    const request = await client.send('shell', 'kernel_info_request');
    await until(() => delivered.length === 1, 'the request');
    expect(delivered[0].channel).toBe('shell');
    expect(delivered[0].message.header).toEqual(request.header);

    await transport.send('shell', {
      msg_type: 'interrupt_reply',
      content: { status: 'ok' },
      parent: delivered[0].message
    });
    const reply = await client.replyTo({ ...request, header: { ...request.header, msg_type: 'interrupt_request' } });
    expect(reply.content).toEqual({ status: 'ok' });
    expect(client.refused).toEqual([]);
  });

  it('keeps control apart from shell', async () => {
    await client.send('control', 'interrupt_request');
    await until(() => delivered.length === 1, 'the request');
    expect(delivered[0].channel).toBe('control');
  });

  it('never delivers an unsigned or wrongly signed request, and logs each one it drops', async () => {
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    await client.send('shell', 'execute_request', { code: 'unsigned' }, 'unsigned');
    await client.send('shell', 'execute_request', { code: 'forged' }, 'wrong-key');
    await client.send('control', 'shutdown_request', { restart: false }, 'wrong-key');
    const genuine = await client.send('shell', 'execute_request', { code: 'genuine' });
    await until(() => delivered.length >= 1, 'the genuine request');
    await new Promise(resolve => setTimeout(resolve, 100));
    expect(delivered.map(({ message }) => message.header.msg_id)).toEqual([genuine.header.msg_id]);
    const logged = stderr.mock.calls.map(([line]) => String(line)).join('');
    stderr.mockRestore();
    expect(logged).toContain('Dropped a message on shell: unsigned message.');
    expect(logged).toContain('Dropped a message on shell: invalid signature.');
    expect(logged).toContain('Dropped a message on control: invalid signature.');
  });

  it('delivers a replayed request once only', async () => {
    const { frames } = client.framesOf('execute_request', { code: 'once' });
    await client.sendFrames('shell', frames);
    await client.sendFrames('shell', frames);
    const marker = await client.send('shell', 'kernel_info_request');
    await until(() => delivered.some(({ message }) => message.header.msg_id === marker.header.msg_id), 'the marker');
    expect(delivered.filter(({ message }) => message.header.msg_type === 'execute_request')).toHaveLength(1);
  });

  it('publishes on iopub in order even when sends overlap', async () => {
    // A subscriber only sees what is published after its subscription has arrived.
    await until(() => {
      void transport.send('iopub', { msg_type: 'status', content: { execution_state: 'starting' } });
      return client.received.length > 0;
    }, 'the subscription');
    const texts = Array.from({ length: 200 }, (_, i) => `line ${i}`);
    await Promise.all(texts.map(text => transport.send('iopub', { msg_type: 'stream', content: { name: 'stdout', text } })));
    await until(() => client.received.filter(({ message }) => message.header.msg_type === 'stream').length === 200, 'all streams');
    const streamed = client.received.filter(({ message }) => message.header.msg_type === 'stream');
    expect(streamed.map(({ message }) => message.content.text)).toEqual(texts);
    expect(streamed[0].message.header.version).toBe('5.3');
  });

  it('echoes heartbeats byte for byte', async () => {
    const payload = Buffer.from([0, 255, 1, 2, 3]);
    await expect(client.ping(payload)).resolves.toEqual(payload);
  });

  it('refuses to send a reply that has no request to route it back to', async () => {
    await expect(transport.send('shell', { msg_type: 'interrupt_reply', content: { status: 'ok' } })).rejects.toThrow(/no request to route it back to/);
  });
});
