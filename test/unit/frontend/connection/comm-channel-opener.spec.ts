import type { Kernel } from '@jupyterlab/services';
import { Signal } from '@lumino/signaling';
import { ICommFedChannel, openCommChannel } from '../../../../src/connection/comm-channel-opener';

/** A kernel connection with one comm, recording what goes through it. */
function fakeKernel() {
  const comm = {
    target: '',
    sent: [] as unknown[],
    opened: false,
    onMsg: (_message: { content: { data: unknown } }) => undefined as unknown,
    onClose: () => undefined as unknown,
    send(data: unknown) {
      comm.sent.push(data);
    },
    open() {
      comm.opened = true;
    }
  };
  const kernel = { name: 'emr-livy', createComm: (target: string) => Object.assign(comm, { target }) } as unknown as Kernel.IKernelConnection & { disposed: Signal<unknown, void> };
  Object.assign(kernel, { disposed: new Signal<unknown, void>(kernel) });
  return { kernel, comm };
}

class RecordingChannel implements ICommFedChannel {
  readonly received: unknown[] = [];
  readonly closed: string[] = [];
  constructor(readonly send: (data: Record<string, unknown>) => void) {}
  receive(data: unknown): void {
    this.received.push(data);
  }
  close(reason: string): void {
    this.closed.push(reason);
  }
}

describe('openCommChannel', () => {
  it("opens the comm, sends through it, hands the channel the comm's messages, and closes the channel when the kernel closes the comm", () => {
    const { kernel, comm } = fakeKernel();
    const channel = openCommChannel(kernel, 'emr-livy.catalog', 'catalog', send => new RecordingChannel(send));
    expect(comm).toMatchObject({ target: 'emr-livy.catalog', opened: true });
    channel.send({ requestId: 'catalog-1' });
    expect(comm.sent).toEqual([{ requestId: 'catalog-1' }]);
    comm.onMsg({ content: { data: { requestId: 'catalog-1', ok: true } } });
    expect(channel.received).toEqual([{ requestId: 'catalog-1', ok: true }]);
    comm.onClose();
    expect(channel.closed).toEqual(['The emr-livy kernel closed the catalog comm.']);
  });

  it('closes the channel when the kernel goes away', () => {
    const { kernel } = fakeKernel();
    const channel = openCommChannel(kernel, 'emr-livy.status', 'status', send => new RecordingChannel(send));
    kernel.disposed.emit();
    expect(channel.closed).toEqual(['The emr-livy kernel is gone.']);
  });
});
