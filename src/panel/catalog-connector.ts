import type { INotebookTracker } from '@jupyterlab/notebook';
import type { Kernel } from '@jupyterlab/services';
import { CATALOG_COMM_TARGET } from '@jupyterlab-emr/common';
import { openCommChannel } from '../connection/comm-channel-opener';
import { EMR_KERNEL_NAME } from '../connection/kernel-connector';
import { CatalogChannel, ICatalogChannel } from './catalog-channel';

/**
 * The catalog comm to the active notebook's emr-livy kernel: its catalog is the one its cells
 * complete from, with its Spark session. Reopened when the notebook or its kernel changes.
 */
export class CatalogConnector {
  private _kernel: Kernel.IKernelConnection | null = null;
  private _channel: CatalogChannel | null = null;

  constructor(private readonly _tracker: INotebookTracker) {}

  async channel(): Promise<ICatalogChannel> {
    const notebook = this._tracker.currentWidget;
    const kernel = notebook?.sessionContext.session?.kernel ?? null;
    if (!kernel || kernel.name !== EMR_KERNEL_NAME) {
      throw new Error(`Open a notebook on the ${EMR_KERNEL_NAME} kernel: the Catalog shows what that notebook's kernel can read.`);
    }
    if (kernel !== this._kernel || !this._channel || this._channel.isClosed) {
      this._channel?.close('The Catalog switched to another kernel.');
      this._channel = openCommChannel(kernel, CATALOG_COMM_TARGET, 'catalog', send => new CatalogChannel(send));
      this._kernel = kernel;
    }
    return this._channel;
  }
}
