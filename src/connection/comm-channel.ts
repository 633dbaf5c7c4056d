import { IAwsTarget, IStatusError, isStatusReply, StatusErrorCode, StatusMethod, StatusParams, StatusResult } from '@jupyterlab-emr/common';

/** A failed status request, with the code the panel picks its remedy by. */
export class StatusRequestError extends Error {
  constructor(
    readonly code: StatusErrorCode,
    message: string
  ) {
    super(message);
    this.name = 'StatusRequestError';
  }

  get status(): IStatusError {
    return { code: this.code, message: this.message };
  }
}

/** What the panel's model asks; tests replace it. */
export interface IStatusChannel {
  request<M extends StatusMethod>(method: M, params: StatusParams<M>, aws?: IAwsTarget): Promise<StatusResult<M>>;
}

interface IPending {
  resolve(result: unknown): void;
  reject(error: StatusRequestError): void;
  timer: ReturnType<typeof setTimeout>;
}

// Longer than the kernel's own AWS timeouts with one retry, so the kernel's error arrives first.
const REPLY_TIMEOUT_MS = 60_000;

/**
 * Requests over one open comm, matched to replies by requestId. It knows nothing of kernels:
 * the connector feeds it the comm's messages and tells it when the comm is gone.
 */
export class StatusChannel implements IStatusChannel {
  private readonly _pending = new Map<string, IPending>();
  private _next = 0;
  private _closed: string | null = null;

  constructor(private readonly _send: (data: Record<string, unknown>) => void) {}

  request<M extends StatusMethod>(method: M, params: StatusParams<M>, aws?: IAwsTarget): Promise<StatusResult<M>> {
    if (this._closed !== null) {
      return Promise.reject(new StatusRequestError('KERNEL_UNAVAILABLE', this._closed));
    }
    const requestId = `status-${++this._next}`;
    return new Promise<StatusResult<M>>((resolve, reject) => {
      const timer = setTimeout(
        () => this._settle(requestId, p => p.reject(new StatusRequestError('KERNEL_UNAVAILABLE', `The kernel did not answer ${method} within ${REPLY_TIMEOUT_MS / 1000} s.`))),
        REPLY_TIMEOUT_MS
      );
      this._pending.set(requestId, { resolve: resolve as (result: unknown) => void, reject, timer });
      this._send({ requestId, method, params, ...(aws ? { aws } : {}) });
    });
  }

  /** A comm message from the kernel. */
  receive(data: unknown): void {
    if (!isStatusReply(data)) {
      return;
    }
    this._settle(data.requestId, pending => (data.ok ? pending.resolve(data.result) : pending.reject(new StatusRequestError(data.error.code, data.error.message))));
  }

  /** The comm closed or the kernel died: everything in flight fails now rather than at its timeout. */
  close(reason: string): void {
    this._closed = reason;
    for (const id of [...this._pending.keys()]) {
      this._settle(id, pending => pending.reject(new StatusRequestError('KERNEL_UNAVAILABLE', reason)));
    }
  }

  get isClosed(): boolean {
    return this._closed !== null;
  }

  private _settle(requestId: string, settle: (pending: IPending) => void): void {
    const pending = this._pending.get(requestId);
    if (pending) {
      this._pending.delete(requestId);
      clearTimeout(pending.timer);
      settle(pending);
    }
  }
}
