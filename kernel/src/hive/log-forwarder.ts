/**
 * Batches operation-log lines so a chatty server does not send one stream message per line:
 * lines are passed on at most once per interval, and whatever is left when the statement ends.
 */
export class LogForwarder {
  private _lines: string[] = [];
  private _lastFlush = 0;

  constructor(
    private readonly _write: (text: string) => void,
    private readonly _intervalMs = 1000,
    private readonly _now: () => number = Date.now
  ) {}

  add(lines: readonly string[]): void {
    this._lines.push(...lines);
    if (this._now() - this._lastFlush >= this._intervalMs) {
      this.flush();
    }
  }

  flush(): void {
    this._lastFlush = this._now();
    if (this._lines.length > 0) {
      this._write(this._lines.map(line => `${line.replace(/\n+$/, '')}\n`).join(''));
      this._lines = [];
    }
  }
}
