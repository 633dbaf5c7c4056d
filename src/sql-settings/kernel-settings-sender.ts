import { ISettingsMessage, isSettingsReply, SETTINGS_COMM_TARGET } from '@jupyterlab-emr/common';
import type { Kernel } from '@jupyterlab/services';
import { IDisposable } from '@lumino/disposable';

import { EMR_KERNEL_NAME } from '../connection/kernel-connector';

/**
 * Sends the SQL result settings to emr-livy kernels over the `emr-livy.settings` comm: when it
 * starts following a kernel, again after the kernel restarts (a restart forgets them), and to
 * every followed kernel when the settings change. Other kernels are left alone.
 */
export class KernelSettingsSender implements IDisposable {
  private readonly _comms = new Map<Kernel.IKernelConnection, Kernel.IComm>();
  private readonly _restarting = new Set<Kernel.IKernelConnection>();
  private _disposed = false;

  constructor(
    private readonly _message: () => ISettingsMessage,
    private readonly _onProblems: (problems: string[]) => void = problems => console.warn(`emr-livy refused SQL result settings: ${problems.join('; ')}`)
  ) {}

  get isDisposed(): boolean {
    return this._disposed;
  }

  /** Starts following a notebook's kernel; does nothing for none, another kernel, or one already followed. */
  follow(kernel: Kernel.IKernelConnection | null | undefined): void {
    if (this._disposed || !kernel || kernel.name !== EMR_KERNEL_NAME || this._comms.has(kernel) || kernel.isDisposed) {
      return;
    }
    this._open(kernel);
    kernel.statusChanged.connect(this._onStatus, this);
    kernel.disposed.connect(this._forget, this);
  }

  /** The settings changed: every followed kernel gets them now. */
  broadcast(): void {
    for (const kernel of [...this._comms.keys()]) {
      const comm = this._comms.get(kernel);
      if (comm && !comm.isDisposed) {
        comm.send(this._message() as never);
      } else {
        this._open(kernel);
      }
    }
  }

  dispose(): void {
    if (this._disposed) {
      return;
    }
    this._disposed = true;
    for (const kernel of [...this._comms.keys()]) {
      this._forget(kernel);
    }
  }

  private _open(kernel: Kernel.IKernelConnection): void {
    const comm = kernel.createComm(SETTINGS_COMM_TARGET);
    comm.onMsg = message => {
      const reply = message.content.data;
      if (isSettingsReply(reply) && reply.problems.length > 0) {
        this._onProblems(reply.problems);
      }
    };
    this._comms.set(kernel, comm);
    // An older kernel without the target closes the comm; a dead one fails the open. Either way
    // cells run with the kernel's own configuration, so there is nothing to report.
    comm.open(this._message() as never).done.catch(() => undefined);
  }

  private _onStatus(kernel: Kernel.IKernelConnection, status: Kernel.Status): void {
    if (status === 'restarting' || status === 'autorestarting') {
      this._restarting.add(kernel);
    } else if (status === 'idle' && this._restarting.delete(kernel)) {
      this._open(kernel);
    }
  }

  private _forget(kernel: Kernel.IKernelConnection): void {
    kernel.statusChanged.disconnect(this._onStatus, this);
    kernel.disposed.disconnect(this._forget, this);
    this._comms.delete(kernel);
    this._restarting.delete(kernel);
  }
}
