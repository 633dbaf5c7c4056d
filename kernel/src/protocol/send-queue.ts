/**
 * Serializes sends on one socket. zeromq 6 rejects a second `send()` on a socket while one is
 * still pending (EBUSY), and Jupyter needs the messages of one channel in the order they were
 * produced; a promise chain gives both.
 */
export class SendQueue<T> {
  private _tail: Promise<void> = Promise.resolve();

  constructor(private readonly _send: (item: T) => Promise<void>) {}

  /** Queues an item; the promise settles with its own send, and one failure does not stall the rest. */
  push(item: T): Promise<void> {
    const sent = this._tail.then(() => this._send(item));
    this._tail = sent.catch(() => undefined);
    return sent;
  }

  /** Resolves once everything queued so far has been sent or has failed. */
  drain(): Promise<void> {
    return this._tail;
  }
}
