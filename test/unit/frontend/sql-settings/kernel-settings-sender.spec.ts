import { SETTINGS_COMM_TARGET } from '@jupyterlab-emr/common';
import type { Kernel } from '@jupyterlab/services';
import { Signal } from '@lumino/signaling';

import { KernelSettingsSender } from '../../../../src/sql-settings/kernel-settings-sender';
import { settingsMessage } from '../../../../src/sql-settings/settings-message';

/** The parts of a comm the sender uses, recording what it sends. */
class FakeComm {
  readonly sent: { kind: 'open' | 'send'; data: unknown }[] = [];
  isDisposed = false;
  onMsg: ((message: { content: { data: unknown } }) => void) | null = null;
  constructor(readonly target: string) {}
  open(data: unknown) {
    this.sent.push({ kind: 'open', data });
    return { done: Promise.resolve() };
  }
  send(data: unknown) {
    this.sent.push({ kind: 'send', data });
    return { done: Promise.resolve() };
  }
}

/** The parts of a kernel connection the sender uses: its name, status and comms. */
class FakeKernel {
  readonly statusChanged = new Signal<FakeKernel, Kernel.Status>(this);
  readonly disposed = new Signal<FakeKernel, void>(this);
  readonly comms: FakeComm[] = [];
  isDisposed = false;
  constructor(readonly name: string) {}
  createComm(target: string): FakeComm {
    const comm = new FakeComm(target);
    this.comms.push(comm);
    return comm;
  }
  setStatus(status: Kernel.Status): void {
    this.statusChanged.emit(status);
  }
}

const asKernel = (kernel: FakeKernel) => kernel as unknown as Kernel.IKernelConnection;

describe('KernelSettingsSender', () => {
  let user: Record<string, unknown>;
  let sender: KernelSettingsSender;
  const problems: string[][] = [];

  beforeEach(() => {
    user = { defaultLimit: 5000 };
    problems.length = 0;
    sender = new KernelSettingsSender(
      () => settingsMessage(user),
      found => problems.push(found)
    );
  });

  it('opens the settings comm on an emr-livy kernel with the settings the user set', () => {
    const kernel = new FakeKernel('emr-livy');
    sender.follow(asKernel(kernel));
    expect(kernel.comms.map(comm => comm.target)).toEqual([SETTINGS_COMM_TARGET]);
    expect(kernel.comms[0].sent).toEqual([{ kind: 'open', data: { sql: { defaultLimit: 5000 } } }]);
  });

  it('leaves other kernels alone and follows a kernel once', () => {
    const python = new FakeKernel('python3');
    const emr = new FakeKernel('emr-livy');
    sender.follow(asKernel(python));
    sender.follow(asKernel(emr));
    sender.follow(asKernel(emr));
    sender.follow(null);
    expect(python.comms).toEqual([]);
    expect(emr.comms).toHaveLength(1);
  });

  it('sends a change to every followed kernel', () => {
    const one = new FakeKernel('emr-livy');
    const two = new FakeKernel('emr-livy');
    sender.follow(asKernel(one));
    sender.follow(asKernel(two));
    user = { defaultChart: 'none', chartOverFullData: false };
    sender.broadcast();
    for (const kernel of [one, two]) {
      expect(kernel.comms[0].sent[1]).toEqual({ kind: 'send', data: { sql: { defaultChart: 'none', chartOverFullData: false } } });
    }
  });

  it('sends the settings again after a restart, which forgets them', () => {
    const kernel = new FakeKernel('emr-livy');
    sender.follow(asKernel(kernel));
    kernel.setStatus('busy');
    kernel.setStatus('idle');
    expect(kernel.comms).toHaveLength(1);
    kernel.setStatus('restarting');
    kernel.setStatus('starting');
    kernel.setStatus('idle');
    expect(kernel.comms).toHaveLength(2);
    expect(kernel.comms[1].sent).toEqual([{ kind: 'open', data: { sql: { defaultLimit: 5000 } } }]);
  });

  it('reopens a comm the kernel closed before sending to it', () => {
    const kernel = new FakeKernel('emr-livy');
    sender.follow(asKernel(kernel));
    kernel.comms[0].isDisposed = true;
    sender.broadcast();
    expect(kernel.comms).toHaveLength(2);
    expect(kernel.comms[1].sent[0].kind).toBe('open');
  });

  it('stops following a disposed kernel', () => {
    const kernel = new FakeKernel('emr-livy');
    sender.follow(asKernel(kernel));
    kernel.disposed.emit();
    sender.broadcast();
    expect(kernel.comms[0].sent).toHaveLength(1);
  });

  it('reports the values the kernel refused', () => {
    const kernel = new FakeKernel('emr-livy');
    sender.follow(asKernel(kernel));
    kernel.comms[0].onMsg?.({ content: { data: { sql: {}, problems: ['defaultLimit must be a whole number of at least 1, not 0'] } } });
    kernel.comms[0].onMsg?.({ content: { data: { sql: {}, problems: [] } } });
    expect(problems).toEqual([['defaultLimit must be a whole number of at least 1, not 0']]);
  });
});

describe('settingsMessage', () => {
  it('carries only the SQL settings the user set, so the others keep the kernel config', () => {
    expect(settingsMessage({})).toEqual({ sql: {} });
    expect(settingsMessage({ defaultChart: 'bar', unrelated: 1 })).toEqual({ sql: { defaultChart: 'bar' } });
  });
});
