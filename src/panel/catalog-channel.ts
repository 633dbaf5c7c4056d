import { CatalogMethod, CatalogParams, CatalogResult, isCatalogReply } from '@jupyterlab-emr/common';

/** What the Catalog section's model asks; tests replace it. */
export interface ICatalogChannel {
  request<M extends CatalogMethod>(method: M, params: CatalogParams<M>): Promise<CatalogResult<M>>;
}

interface IPending {
  resolve(result: unknown): void;
  reject(error: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

// Longer than the kernel's own bound on a catalog lookup (30 s), so its error arrives first.
const REPLY_TIMEOUT_MS = 45_000;

/** Catalog requests over one open comm, matched to replies by requestId. */
export class CatalogChannel implements ICatalogChannel {
  private readonly _pending = new Map<string, IPending>();
  private _next = 0;
  private _closed: string | null = null;

  constructor(private readonly _send: (data: Record<string, unknown>) => void) {}

  get isClosed(): boolean {
    return this._closed !== null;
  }

  request<M extends CatalogMethod>(method: M, params: CatalogParams<M>): Promise<CatalogResult<M>> {
    if (this._closed !== null) {
      return Promise.reject(new Error(this._closed));
    }
    const requestId = `catalog-${++this._next}`;
    return new Promise<CatalogResult<M>>((resolve, reject) => {
      const timer = setTimeout(() => this._settle(requestId, pending => pending.reject(new Error(`The kernel did not answer ${method} within ${REPLY_TIMEOUT_MS / 1000} s.`))), REPLY_TIMEOUT_MS);
      this._pending.set(requestId, { resolve: resolve as (result: unknown) => void, reject, timer });
      this._send({ requestId, method, params });
    });
  }

  receive(data: unknown): void {
    if (!isCatalogReply(data)) {
      return;
    }
    this._settle(data.requestId, pending => (data.ok ? pending.resolve(data.result) : pending.reject(new Error(data.error.message))));
  }

  close(reason: string): void {
    this._closed = reason;
    for (const id of [...this._pending.keys()]) {
      this._settle(id, pending => pending.reject(new Error(reason)));
    }
  }

  private _settle(requestId: string, settle: (pending: IPending) => void): void {
    const pending = this._pending.get(requestId);
    if (pending) {
      clearTimeout(pending.timer);
      this._pending.delete(requestId);
      settle(pending);
    }
  }
}
