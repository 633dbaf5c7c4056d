import type { IResultView, ITablePayload } from '@jupyterlab-emr/common';

import { IResultViewChannel, ResultViewError } from './result-channel';

/** Rows per request: a few screens, so a scroll asks once and a page is small on the wire. */
export const PAGE_ROWS = 200;

export interface IRemoteRowsEvents {
  /** Rows arrived or the count changed: redraw. */
  changed(): void;
  /** A request failed; `gone`: the kernel no longer keeps the result. */
  failed(error: ResultViewError): void;
}

/**
 * The rows of a partial result as the kernel serves them, page by page, for one view (sort and
 * filters) at a time. The rows that came with the output are the first pages of the unsorted,
 * unfiltered view. A row not here yet is undefined: the table shows a placeholder and asks.
 */
export class RemoteRows {
  private _pages = new Map<number, readonly unknown[][]>();
  private readonly _inFlight = new Set<number>();
  private _view: IResultView = { filters: [] };
  private _rowCount: number;
  /** Bumped on each view change, so a late reply for an older view is dropped. */
  private _generation = 0;

  constructor(
    private readonly _channel: IResultViewChannel,
    private readonly _resultId: string,
    private readonly _received: ITablePayload,
    private readonly _events: IRemoteRowsEvents
  ) {
    this._rowCount = _received.rowCount;
    this._seed();
  }

  get view(): IResultView {
    return this._view;
  }

  /** Rows in the current view (after its filters), as Spark counted them. */
  get rowCount(): number {
    return this._rowCount;
  }

  /** Rows of the whole result. */
  get total(): number {
    return this._received.rowCount;
  }

  get resultId(): string {
    return this._resultId;
  }

  row(position: number): readonly unknown[] | undefined {
    return this._pages.get(Math.floor(position / PAGE_ROWS))?.[position % PAGE_ROWS];
  }

  /** The rows from `first` to `end` are on screen: asks for the pages of them it lacks. */
  want(first: number, end: number): void {
    for (let page = Math.floor(first / PAGE_ROWS); page * PAGE_ROWS < Math.min(end, this._rowCount); page++) {
      if (!this._pages.has(page) && !this._inFlight.has(page)) {
        void this._fetch(page);
      }
    }
  }

  /** Shows another view of the whole result, from its first page. */
  setView(view: IResultView): void {
    this._view = view;
    this._generation++;
    this._pages = new Map();
    this._inFlight.clear();
    const plain = view.sort === undefined && view.filters.length === 0;
    if (plain) {
      this._rowCount = this.total;
      this._seed();
    } else {
      // Asked (and marked in flight) before the redraw, whose want() would otherwise ask for it too.
      void this._fetch(0);
    }
    this._events.changed();
  }

  /** The received rows as the plain view's first pages; a last partial page is left to ask for. */
  private _seed(): void {
    const rows = this._received.rows;
    for (let page = 0; (page + 1) * PAGE_ROWS <= rows.length || (page * PAGE_ROWS < rows.length && rows.length === this._rowCount); page++) {
      this._pages.set(page, rows.slice(page * PAGE_ROWS, (page + 1) * PAGE_ROWS));
    }
  }

  private async _fetch(page: number): Promise<void> {
    const generation = this._generation;
    this._inFlight.add(page);
    try {
      const answer = await this._channel.request('page', { resultId: this._resultId, view: this._view, offset: page * PAGE_ROWS, rows: PAGE_ROWS });
      if (generation !== this._generation) {
        return;
      }
      this._pages.set(page, answer.rows);
      this._rowCount = answer.rowCount;
      this._events.changed();
    } catch (error) {
      if (generation === this._generation) {
        this._events.failed(error instanceof ResultViewError ? error : new ResultViewError(error instanceof Error ? error.message : String(error)));
      }
    } finally {
      if (generation === this._generation) {
        this._inFlight.delete(page);
      }
    }
  }
}
