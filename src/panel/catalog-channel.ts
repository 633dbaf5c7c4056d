import { CatalogMethod, CatalogParams, CatalogResult, isCatalogReply } from '@jupyterlab-emr/common';
import { PendingReplies } from '../connection/pending-replies';

/** What the Catalog section's model asks; tests replace it. */
export interface ICatalogChannel {
  request<M extends CatalogMethod>(method: M, params: CatalogParams<M>): Promise<CatalogResult<M>>;
}

// Longer than the kernel's own bound on a catalog lookup (30 s), so its error arrives first.
const REPLY_TIMEOUT_MS = 45_000;

/** Catalog requests over one open comm, matched to replies by requestId. */
export class CatalogChannel implements ICatalogChannel {
  private readonly _pending = new PendingReplies('catalog');

  constructor(private readonly _send: (data: Record<string, unknown>) => void) {}

  get isClosed(): boolean {
    return this._pending.isClosed;
  }

  request<M extends CatalogMethod>(method: M, params: CatalogParams<M>): Promise<CatalogResult<M>> {
    return this._pending.request(
      requestId => this._send({ requestId, method, params }),
      REPLY_TIMEOUT_MS,
      () => new Error(`The kernel did not answer ${method} within ${REPLY_TIMEOUT_MS / 1000} s.`)
    );
  }

  receive(data: unknown): void {
    if (isCatalogReply(data)) {
      if (data.ok) {
        this._pending.resolve(data.requestId, data.result);
      } else {
        this._pending.reject(data.requestId, new Error(data.error.message));
      }
    }
  }

  close(reason: string): void {
    this._pending.close(new Error(reason));
  }
}
