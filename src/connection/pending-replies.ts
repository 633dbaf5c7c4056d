interface IPending {
  resolve(result: unknown): void;
  reject(error: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * Requests in flight over one comm, each matched to its reply by a request id and settled by the
 * reply, by its timeout, or by the comm closing (then at once, not at the timeout). The channels
 * give it their own reply shapes and errors.
 */
export class PendingReplies {
  private readonly _pending = new Map<string, IPending>();
  private _next = 0;
  private _closed: Error | null = null;

  constructor(private readonly _idPrefix: string) {}

  get isClosed(): boolean {
    return this._closed !== null;
  }

  /** Sends a request under a new id; the answer is what resolve() is given for it. */
  request<T>(send: (requestId: string) => void, timeoutMs: number, timedOut: () => Error): Promise<T> {
    if (this._closed !== null) {
      return Promise.reject(this._closed);
    }
    const requestId = `${this._idPrefix}-${++this._next}`;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => this.reject(requestId, timedOut()), timeoutMs);
      this._pending.set(requestId, { resolve: resolve as (result: unknown) => void, reject, timer });
      send(requestId);
    });
  }

  resolve(requestId: string, result: unknown): void {
    this._take(requestId)?.resolve(result);
  }

  reject(requestId: string, error: Error): void {
    this._take(requestId)?.reject(error);
  }

  /** Fails everything in flight and every later request with `error`. */
  close(error: Error): void {
    this._closed = error;
    for (const requestId of [...this._pending.keys()]) {
      this.reject(requestId, error);
    }
  }

  private _take(requestId: string): IPending | undefined {
    const pending = this._pending.get(requestId);
    if (pending) {
      this._pending.delete(requestId);
      clearTimeout(pending.timer);
    }
    return pending;
  }
}
