/**
 * Runs cells one at a time, in arrival order, while everything else the kernel does carries on
 * (Livy statements take minutes; completion and the control channel must not wait for them).
 * The running cell owns an AbortSignal that an interrupt or shutdown aborts; cells still
 * waiting can be skipped, which is how stop_on_error aborts the rest of a run.
 */
export type QueueOutcome<T> = { status: 'ran'; value: T } | { status: 'aborted' };

interface IWaiting {
  skip(): void;
}

export class ExecutionQueue {
  private _tail: Promise<void> = Promise.resolve();
  private readonly _waiting = new Set<IWaiting>();
  private _running: AbortController | undefined;
  private _closed = false;

  /** Queues a task; it runs after every task queued before it, unless skipped first. */
  enqueue<T>(task: (signal: AbortSignal) => Promise<T>): Promise<QueueOutcome<T>> {
    if (this._closed) {
      return Promise.resolve({ status: 'aborted' });
    }
    return new Promise<QueueOutcome<T>>((resolve, reject) => {
      let skipped = false;
      const entry: IWaiting = {
        skip: () => {
          skipped = true;
          resolve({ status: 'aborted' });
        }
      };
      this._waiting.add(entry);
      this._tail = this._tail.then(async () => {
        this._waiting.delete(entry);
        if (skipped) {
          return;
        }
        const controller = new AbortController();
        this._running = controller;
        try {
          resolve({ status: 'ran', value: await task(controller.signal) });
        } catch (error) {
          reject(error);
        } finally {
          this._running = undefined;
        }
      });
    });
  }

  get isRunning(): boolean {
    return this._running !== undefined;
  }

  /** Aborts the running task's signal; returns whether a task was running. */
  interrupt(reason = 'interrupted'): boolean {
    if (!this._running) {
      return false;
    }
    this._running.abort(reason);
    return true;
  }

  /** Skips every task still waiting; they resolve as aborted without running. */
  skipWaiting(): void {
    for (const entry of [...this._waiting]) {
      this._waiting.delete(entry);
      entry.skip();
    }
  }

  /** For shutdown: aborts the running task, skips the waiting ones and refuses new ones. */
  close(): void {
    this._closed = true;
    this.skipWaiting();
    this.interrupt('shutdown');
  }
}
