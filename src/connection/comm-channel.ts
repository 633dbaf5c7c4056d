import { IAwsTarget, IStatusError, isStatusReply, StatusErrorCode, StatusMethod, StatusParams, StatusResult } from '@jupyterlab-emr/common';
import { PendingReplies } from './pending-replies';

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

// Longer than the kernel's own AWS timeouts with one retry, so the kernel's error arrives first.
const REPLY_TIMEOUT_MS = 60_000;

/**
 * Requests over one open comm, matched to replies by requestId. It knows nothing of kernels:
 * the connector feeds it the comm's messages and tells it when the comm is gone.
 */
export class StatusChannel implements IStatusChannel {
  private readonly _pending = new PendingReplies('status');

  constructor(private readonly _send: (data: Record<string, unknown>) => void) {}

  request<M extends StatusMethod>(method: M, params: StatusParams<M>, aws?: IAwsTarget): Promise<StatusResult<M>> {
    return this._pending.request<StatusResult<M>>(
      requestId => this._send({ requestId, method, params, ...(aws ? { aws } : {}) }),
      REPLY_TIMEOUT_MS,
      () => new StatusRequestError('KERNEL_UNAVAILABLE', `The kernel did not answer ${method} within ${REPLY_TIMEOUT_MS / 1000} s.`)
    );
  }

  /** A comm message from the kernel. */
  receive(data: unknown): void {
    if (!isStatusReply(data)) {
      return;
    }
    if (data.ok) {
      this._pending.resolve(data.requestId, data.result);
    } else {
      this._pending.reject(data.requestId, new StatusRequestError(data.error.code, data.error.message));
    }
  }

  /** The comm closed or the kernel died: everything in flight fails now rather than at its timeout. */
  close(reason: string): void {
    this._pending.close(new StatusRequestError('KERNEL_UNAVAILABLE', reason));
  }

  get isClosed(): boolean {
    return this._pending.isClosed;
  }
}
