import { RESULT_VIEW_COMM_TARGET, ResultViewMethod, ResultViewParams, ResultViewReply, ResultViewResult } from '@jupyterlab-emr/common';
import type { Kernel } from '@jupyterlab/services';

/** The kernel refused a request; `gone`: it no longer keeps the result. */
export class ResultViewError extends Error {
  constructor(
    message: string,
    readonly gone = false
  ) {
    super(message);
    this.name = 'ResultViewError';
  }
}

/** What a partial table asks the kernel about its whole result; tests replace it. */
export interface IResultViewChannel {
  request<M extends ResultViewMethod>(method: M, params: ResultViewParams<M>): Promise<ResultViewResult<M>>;
}

function isReply(value: unknown): value is ResultViewReply {
  const reply = value as ResultViewReply;
  return typeof reply === 'object' && reply !== null && typeof reply.requestId === 'string' && typeof reply.ok === 'boolean';
}

/**
 * The `emr-livy.result-view` comm of one kernel, opened on first use and shared by its tables;
 * replies are matched to requests by requestId. No timeout: an export of millions of rows takes
 * as long as Spark takes, and a kernel that dies closes the comm, which fails what is in flight.
 */
export class CommResultChannel implements IResultViewChannel {
  private _comm: Kernel.IComm | undefined;
  private _next = 0;
  private readonly _pending = new Map<string, { resolve(result: unknown): void; reject(error: Error): void }>();

  constructor(private readonly _kernel: Kernel.IKernelConnection) {}

  request<M extends ResultViewMethod>(method: M, params: ResultViewParams<M>): Promise<ResultViewResult<M>> {
    const comm = this._open();
    const requestId = `view-${++this._next}`;
    return new Promise((resolve, reject) => {
      this._pending.set(requestId, { resolve: resolve as (result: unknown) => void, reject });
      comm.send({ requestId, method, params } as never);
    });
  }

  private _open(): Kernel.IComm {
    if (this._comm && !this._comm.isDisposed) {
      return this._comm;
    }
    const comm = this._kernel.createComm(RESULT_VIEW_COMM_TARGET);
    comm.onMsg = message => {
      const reply = message.content.data as unknown;
      const pending = isReply(reply) ? this._pending.get(reply.requestId) : undefined;
      if (!pending || !isReply(reply)) {
        return;
      }
      this._pending.delete(reply.requestId);
      if (reply.ok) {
        pending.resolve(reply.result);
      } else {
        pending.reject(new ResultViewError(reply.message, reply.gone === true));
      }
    };
    comm.onClose = () => {
      for (const [id, pending] of this._pending) {
        this._pending.delete(id);
        pending.reject(new ResultViewError('The kernel closed the connection to this table; re-run the cell to page through its result again.', true));
      }
      this._comm = undefined;
    };
    comm.open();
    this._comm = comm;
    return comm;
  }
}

/** One channel per kernel, so the tables of a notebook share its comm. */
const channels = new WeakMap<Kernel.IKernelConnection, CommResultChannel>();

export function channelFor(kernel: Kernel.IKernelConnection): IResultViewChannel {
  const known = channels.get(kernel) ?? new CommResultChannel(kernel);
  channels.set(kernel, known);
  return known;
}
