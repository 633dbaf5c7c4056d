import { randomBytes } from 'crypto';
import { ITableSchema } from '@jupyterlab-emr/common';

/**
 * Results a kernel keeps addressable unless configured otherwise: each is its query (and, with
 * --cache, the rows Spark caches from the first request on), so a few dozen cost the session
 * nothing when recomputed and executor memory when cached. Past this, the oldest goes first.
 */
export const DEFAULT_RETAINED_RESULTS = 20;

/** One result kept on the session under its output's id. */
export interface IRetainedEntry {
  id: string;
  /** The user's query, which each request runs again unless cached. */
  query: string;
  /** The name of the cached table of it (CACHE LAZY TABLE), once a request made it. */
  viewName: string;
  /** Set once the cached table exists (a cached result's first request creates it). */
  cacheCreated?: Promise<void>;
  /** A page past NUMBERED_FROM persisted a copy of a view of it in the session. */
  numbered?: boolean;
  schema: ITableSchema;
  /** Rows of the whole result, counted when the cell ran. */
  total: number;
  cached: boolean;
  /** The notebook cell whose output shows it, when known: its next run replaces the output. */
  cellId?: string;
  /** The Livy session the view lives in: once that session ends, so does the view. */
  sessionId: number;
  /** Row counts of filtered views, by the view's filters, so scrolling does not count again. */
  counts: Map<string, number>;
}

/**
 * The retained results of one kernel, oldest first. The registry only keeps the book; whoever
 * adds or removes an entry drops its view in Spark (a pure class, so budgets are unit-tested).
 */
export class RetainedResults {
  private readonly _entries = new Map<string, IRetainedEntry>();
  private _next = 1;

  constructor(private readonly _budget: () => number = () => DEFAULT_RETAINED_RESULTS) {}

  /** A fresh id and the view name it gives, unguessable enough that two kernels' results never meet. */
  newId(): { id: string; viewName: string } {
    const id = `r${this._next++}_${randomBytes(4).toString('hex')}`;
    return { id, viewName: `emr_livy_result_${id}` };
  }

  /** Keeps an entry; returns the ones the budget no longer holds, oldest first, already forgotten. */
  add(entry: IRetainedEntry): IRetainedEntry[] {
    this._entries.set(entry.id, entry);
    const evicted: IRetainedEntry[] = [];
    const budget = this.budget;
    for (const [id, oldest] of this._entries) {
      if (this._entries.size <= budget) {
        break;
      }
      this._entries.delete(id);
      evicted.push(oldest);
    }
    return evicted;
  }

  get(id: string): IRetainedEntry | undefined {
    return this._entries.get(id);
  }

  /** Forgets an entry; returns it so the caller can drop its view. */
  remove(id: string): IRetainedEntry | undefined {
    const entry = this._entries.get(id);
    this._entries.delete(id);
    return entry;
  }

  /** Forgets the entries a cell's earlier runs left (its outputs are replaced); returns them. */
  removeOfCell(cellId: string): IRetainedEntry[] {
    const earlier = [...this._entries.values()].filter(entry => entry.cellId === cellId);
    earlier.forEach(entry => this._entries.delete(entry.id));
    return earlier;
  }

  /** Forgets every entry of sessions other than `liveSessionId`: their views ended with them. */
  forgetEndedSessions(liveSessionId: number | undefined): IRetainedEntry[] {
    const ended = [...this._entries.values()].filter(entry => entry.sessionId !== liveSessionId);
    ended.forEach(entry => this._entries.delete(entry.id));
    return ended;
  }

  get size(): number {
    return this._entries.size;
  }

  get budget(): number {
    return Math.max(this._budget(), 1);
  }
}
