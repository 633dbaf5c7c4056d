/**
 * Signatures of recently accepted messages, so a captured message sent again is refused
 * (jupyter_client's Session keeps a digest history for the same reason). Bounded: the oldest
 * signature is forgotten first.
 */
export const DEFAULT_REPLAY_WINDOW = 65536; // jupyter_client's digest_history_size

export class ReplayWindow {
  // A Set iterates in insertion order, which makes it a FIFO for eviction.
  private readonly _seen = new Set<string>();

  constructor(private readonly _capacity = DEFAULT_REPLAY_WINDOW) {
    if (!Number.isInteger(_capacity) || _capacity < 1) {
      throw new RangeError(`The replay window needs a positive capacity, got ${_capacity}.`);
    }
  }

  has(signature: string): boolean {
    return this._seen.has(signature);
  }

  remember(signature: string): void {
    this._seen.add(signature);
    if (this._seen.size > this._capacity) {
      const oldest = this._seen.values().next().value as string;
      this._seen.delete(oldest);
    }
  }

  get size(): number {
    return this._seen.size;
  }
}
