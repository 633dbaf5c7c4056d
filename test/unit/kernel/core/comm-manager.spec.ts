import { ICommListener } from '../../../../kernel/src/core/comm-manager';
import { describeSent } from '../../../helpers/in-memory-transport';
import { createTestKernel, ITestKernel } from '../../../helpers/test-kernel';

describe('CommManager', () => {
  let kernel: ITestKernel;
  const quietly = async <T>(action: () => Promise<T>): Promise<T> => {
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      return await action();
    } finally {
      stderr.mockRestore();
    }
  };

  beforeEach(() => {
    kernel = createTestKernel();
  });

  async function deliver(msgType: string, content: Record<string, unknown>) {
    const message = kernel.transport.deliver('shell', msgType, content);
    await kernel.dispatcher.settled(message);
    return message;
  }

  it('hands a comm_open to the registered target and its messages to the listener', async () => {
    const received: unknown[] = [];
    kernel.comms.registerTarget('emr-livy.status', (comm, data) => {
      received.push(['open', comm.commId, data]);
      return { onMessage: data => void received.push(['msg', data]) };
    });
    await deliver('comm_open', { comm_id: 'c1', target_name: 'emr-livy.status', data: { region: 'us-east-1' } });
    await deliver('comm_msg', { comm_id: 'c1', data: { request: 'clusters' } });
    expect(received).toEqual([
      ['open', 'c1', { region: 'us-east-1' }],
      ['msg', { request: 'clusters' }]
    ]);
  });

  it('answers on iopub parented to the comm_msg being handled, inside its busy and idle', async () => {
    kernel.comms.registerTarget('emr-livy.status', comm => ({
      onMessage: data => comm.send({ reply: data.request, clusters: [] })
    }));
    await deliver('comm_open', { comm_id: 'c1', target_name: 'emr-livy.status', data: {} });
    const message = await deliver('comm_msg', { comm_id: 'c1', data: { request: 'clusters' } });
    expect(kernel.transport.sentFor(message).map(describeSent)).toEqual(['iopub:status(busy)', 'iopub:comm_msg', 'iopub:status(idle)']);
    expect(kernel.transport.sentFor(message)[1].message.content).toEqual({
      comm_id: 'c1',
      data: { reply: 'clusters', clusters: [] }
    });
  });

  it('closes a comm_open for an unknown target with a comm_close', async () => {
    const open = await quietly(() => deliver('comm_open', { comm_id: 'c9', target_name: 'jupyter.widget', data: {} }));
    const closes = kernel.transport.sentFor(open).filter(({ message }) => message.header.msg_type === 'comm_close');
    expect(closes.map(({ message }) => message.content)).toEqual([{ comm_id: 'c9', data: {} }]);
  });

  it('closes the comm when its target throws on open', async () => {
    kernel.comms.registerTarget('broken', () => {
      throw new Error('no AWS region configured');
    });
    const open = await quietly(() => deliver('comm_open', { comm_id: 'c2', target_name: 'broken', data: {} }));
    expect(kernel.transport.sentFor(open).map(describeSent)).toContain('iopub:comm_close');
    expect(kernel.comms.commInfo()).toEqual({});
  });

  it('lists open comms in comm_info, filtered by target name', async () => {
    kernel.comms.registerTarget('emr-livy.status', () => ({}));
    kernel.comms.registerTarget('emr-livy.session', () => ({}));
    await deliver('comm_open', { comm_id: 'a', target_name: 'emr-livy.status', data: {} });
    await deliver('comm_open', { comm_id: 'b', target_name: 'emr-livy.session', data: {} });
    const all = await deliver('comm_info_request', {});
    const status = await deliver('comm_info_request', { target_name: 'emr-livy.status' });
    const replyContent = (request: { header: { msg_id: string } }) =>
      kernel.transport.sent.find(({ channel, message }) => channel === 'shell' && message.parent_header.msg_id === request.header.msg_id)!.message.content;
    expect(replyContent(all)).toEqual({
      status: 'ok',
      comms: { a: { target_name: 'emr-livy.status' }, b: { target_name: 'emr-livy.session' } }
    });
    expect(replyContent(status)).toEqual({ status: 'ok', comms: { a: { target_name: 'emr-livy.status' } } });
  });

  it('calls onClose and forgets the comm when the front end closes it', async () => {
    const listener: ICommListener = { onClose: jest.fn(), onMessage: jest.fn() };
    kernel.comms.registerTarget('emr-livy.status', () => listener);
    await deliver('comm_open', { comm_id: 'c1', target_name: 'emr-livy.status', data: {} });
    await deliver('comm_close', { comm_id: 'c1', data: { reason: 'panel closed' } });
    await quietly(() => deliver('comm_msg', { comm_id: 'c1', data: {} }));
    expect(listener.onClose).toHaveBeenCalledWith({ reason: 'panel closed' });
    expect(listener.onMessage).not.toHaveBeenCalled();
    expect(kernel.comms.commInfo()).toEqual({});
  });

  it('lets the kernel close a comm, once', async () => {
    let closeComm!: () => void;
    kernel.comms.registerTarget('emr-livy.status', comm => {
      closeComm = () => comm.close({ bye: true });
      return {};
    });
    await deliver('comm_open', { comm_id: 'c1', target_name: 'emr-livy.status', data: {} });
    closeComm();
    closeComm();
    await new Promise(resolve => setImmediate(resolve));
    const closes = kernel.transport.sent.filter(({ message }) => message.header.msg_type === 'comm_close');
    expect(closes.map(({ message }) => message.content)).toEqual([{ comm_id: 'c1', data: { bye: true } }]);
  });

  it('keeps serving other messages when a listener throws', async () => {
    kernel.comms.registerTarget('emr-livy.status', comm => ({
      onMessage: data => {
        if (data.fail) {
          throw new Error('AccessDenied');
        }
        comm.send({ ok: true });
      }
    }));
    await deliver('comm_open', { comm_id: 'c1', target_name: 'emr-livy.status', data: {} });
    await quietly(() => deliver('comm_msg', { comm_id: 'c1', data: { fail: true } }));
    const second = await deliver('comm_msg', { comm_id: 'c1', data: {} });
    expect(kernel.transport.sentFor(second).map(describeSent)).toContain('iopub:comm_msg');
  });

  it('refuses to register a target name twice', () => {
    kernel.comms.registerTarget('emr-livy.status', () => ({}));
    expect(() => kernel.comms.registerTarget('emr-livy.status', () => ({}))).toThrow(/already registered/);
  });
});
