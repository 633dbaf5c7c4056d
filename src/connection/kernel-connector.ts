import { STATUS_COMM_TARGET } from '@jupyterlab-emr/common';
import type { INotebookTracker } from '@jupyterlab/notebook';
import type { Kernel } from '@jupyterlab/services';
import { IDisposable } from '@lumino/disposable';
import { ISignal, Signal } from '@lumino/signaling';

import { IStatusChannel, StatusChannel, StatusRequestError } from './comm-channel';
import { openCommChannel } from './comm-channel-opener';

/** The kernelspec name the panel talks to. */
export const EMR_KERNEL_NAME = 'emr-livy';

export interface IKernelStarter {
  startNew(options: { name: string }): Promise<Kernel.IKernelConnection>;
}

/**
 * Finds the kernel the panel should ask: the active notebook's emr-livy kernel, else (when
 * allowed) one the panel starts for itself. It opens the status comm on it and hands out a
 * channel; `changed` fires when the notebook or its kernel changes, so the panel refreshes.
 */
export class KernelConnector implements IDisposable {
  private readonly _changed = new Signal<this, void>(this);
  private _kernel: Kernel.IKernelConnection | null = null;
  private _channel: StatusChannel | null = null;
  private _ownKernel: Promise<Kernel.IKernelConnection> | null = null;
  private _disposed = false;

  constructor(
    private readonly _tracker: INotebookTracker,
    private readonly _kernels: IKernelStarter,
    private readonly _mayStartKernel: () => boolean
  ) {
    _tracker.currentChanged.connect(this._onNotebookChanged, this);
    this._onNotebookChanged();
  }

  get changed(): ISignal<this, void> {
    return this._changed;
  }

  get isDisposed(): boolean {
    return this._disposed;
  }

  /** A channel to the kernel the panel follows now. */
  async channel(): Promise<IStatusChannel> {
    const kernel = this._notebookKernel() ?? (await this._ownKernelIfAllowed());
    if (kernel !== this._kernel || !this._channel || this._channel.isClosed) {
      this._open(kernel);
    }
    return this._channel!;
  }

  /**
   * A channel to the active notebook's own kernel, never the panel's: for actions on that notebook
   * (Connect). Refused when that notebook is not on the emr-livy kernel.
   */
  notebookChannel(): { channel: IStatusChannel; notebook: string } {
    const notebook = this._tracker.currentWidget;
    if (!notebook) {
      throw new StatusRequestError('NOT_EMR_NOTEBOOK', 'No notebook is open, so there is none to connect.');
    }
    const kernel = notebook.sessionContext.session?.kernel ?? null;
    if (!kernel || kernel.name !== EMR_KERNEL_NAME) {
      const runs = kernel ? `runs the ${notebook.sessionContext.kernelDisplayName} kernel` : 'has no kernel';
      throw new StatusRequestError('NOT_EMR_NOTEBOOK', `The active notebook, ${notebook.title.label}, ${runs}; only a notebook on ${EMR_KERNEL_NAME} can be pointed at a cluster's Livy.`);
    }
    if (kernel !== this._kernel || !this._channel || this._channel.isClosed) {
      this._open(kernel);
    }
    return { channel: this._channel!, notebook: notebook.title.label };
  }

  dispose(): void {
    if (this._disposed) {
      return;
    }
    this._disposed = true;
    this._tracker.currentChanged.disconnect(this._onNotebookChanged, this);
    this._channel?.close('The panel was closed.');
    void this._ownKernel?.then(kernel => kernel.shutdown()).catch(() => undefined);
    Signal.clearData(this);
  }

  private _notebookKernel(): Kernel.IKernelConnection | null {
    const kernel = this._tracker.currentWidget?.sessionContext.session?.kernel ?? null;
    return kernel && kernel.name === EMR_KERNEL_NAME ? kernel : null;
  }

  private async _ownKernelIfAllowed(): Promise<Kernel.IKernelConnection> {
    if (!this._ownKernel) {
      if (!this._mayStartKernel()) {
        throw new StatusRequestError('KERNEL_UNAVAILABLE', 'No notebook with an emr-livy kernel is active.');
      }
      this._ownKernel = this._kernels.startNew({ name: EMR_KERNEL_NAME });
      // A failed start may succeed later (the kernelspec installed meanwhile): do not keep the failure.
      this._ownKernel.catch(() => (this._ownKernel = null));
    }
    try {
      return await this._ownKernel;
    } catch (error) {
      throw new StatusRequestError('KERNEL_UNAVAILABLE', `Could not start an ${EMR_KERNEL_NAME} kernel: ${(error as Error).message}`);
    }
  }

  private _open(kernel: Kernel.IKernelConnection): void {
    this._channel?.close('The panel switched to another kernel.');
    this._channel = openCommChannel(kernel, STATUS_COMM_TARGET, 'status', send => new StatusChannel(send));
    this._kernel = kernel;
  }

  private _onNotebookChanged(): void {
    const notebook = this._tracker.currentWidget;
    notebook?.sessionContext.kernelChanged.connect(this._emitIfCurrent, this);
    this._changed.emit();
  }

  private _emitIfCurrent(): void {
    this._changed.emit();
  }
}
