import {
  ExportFormat,
  IResultView,
  IResultViewRequest,
  IRetainedResult,
  ITablePayload,
  ITableSchema,
  RESULT_VIEW_METHODS,
  ResultFilter,
  ResultViewMethod,
  ResultViewParams,
  ResultViewReply,
  ResultViewResult
} from '@jupyterlab-emr/common';
import { CellCodeError, UserError } from '../../core/errors';
import { SessionGoneError } from '../../livy/errors';
import { Logger } from '../../log';
import { quoteIdentifier, ResultSource } from '../result-sql';
import { IRetainedEntry, RetainedResults } from './retained-results';
import { pageSql, viewCountSql, viewSql } from './view-sql';

const log = new Logger('result-view');

/** The most rows one page may ask for: a screen is tens of rows, a fast scroll a few hundred. */
export const MAX_PAGE_ROWS = 5000;

/**
 * Pages from this offset on come from the session's persisted copy of the view (one pass over the
 * result, made by the first such page); before it, LIMIT … OFFSET, whose driver collects at most
 * this many rows more than the page, is cheaper than making the copy.
 */
export const NUMBERED_FROM = 5000;

export interface IPageRequest {
  /** Names the persisted copy of one view of one result; it starts with the result's id. */
  key: string;
  /** The view's query, whose rows the copy holds in its order. */
  sql: string;
  /** The same page as LIMIT … OFFSET, for a result the compact encoder leaves to the sql kind. */
  fallbackSql: string;
  offset: number;
  rows: number;
  /** Rows of the view, which sizes its ranges. */
  rowCount: number;
}

/** What the service needs of the notebook's Spark session, outside any cell. */
export interface IResultSpark {
  /** The session statements would run in now; undefined when none is up. */
  sessionId(): number | undefined;
  /** A statement through the sql kind (counts, views), its rows. */
  query(sql: string): Promise<ITablePayload>;
  /** `rows` rows of `sql` through the compact fetch, not capped by Livy's num-rows. */
  fetchRows(sql: string, rows: number): Promise<ITablePayload>;
  /** A page from the session's persisted copy of a view (made by its first such page). */
  fetchPage(request: IPageRequest): Promise<ITablePayload>;
  /** Unpersists the copies whose keys start with `prefix`. */
  forgetPages(prefix: string): Promise<void>;
  /** Spark writes the rows of `sql` to `path` (refusing a path that exists) and counts what it wrote. */
  writeAndCount(sql: string, path: string, format: ExportFormat): Promise<number>;
}

export interface IRetainRequest {
  query: string;
  schema: ITableSchema;
  total: number;
  cache: boolean;
  /** The cell whose output shows it: that cell's earlier result is let go. */
  cellId?: string;
}

const count = (n: number): string => n.toLocaleString('en-US');

/**
 * Keeps results addressable after their cell ran and answers the table's requests over them. A
 * result is its query, recomputed on each request by default: the session's memory stays the
 * cluster's, a page costs a scan the query's own plan can prune, and keeping a result costs the
 * cell no statement (a notebook run headless never asks). `--cache` asks Spark to keep the rows
 * (CACHE LAZY TABLE, on the first request) when recomputing is dear (a join, a remote source)
 * and the executors have room.
 */
export class ResultViewService {
  constructor(
    private readonly _results: RetainedResults,
    private readonly _spark: IResultSpark
  ) {}

  /**
   * Keeps a cell's result under a new id and returns its handle and the notes for the output:
   * which earlier results the budget let go. Spark is not asked anything until a table asks.
   */
  retain(request: IRetainRequest): { retained: IRetainedResult; notes: string[] } {
    const sessionId = this._spark.sessionId();
    if (sessionId === undefined) {
      throw new Error('a result was retained with no session up');
    }
    this._dropAll(this._results.forgetEndedSessions(sessionId));
    const { id, viewName } = this._results.newId();
    const evicted = this._results.add({
      id,
      query: request.query,
      viewName,
      schema: request.schema,
      total: request.total,
      cached: request.cache,
      cellId: request.cellId,
      sessionId,
      counts: new Map()
    });
    this._dropAll(evicted);
    const notes =
      evicted.length === 0
        ? []
        : [
            `The kernel keeps at most ${this._results.budget} results for scrolling, sorting and filtering in Spark; ` +
              `the oldest ${evicted.length === 1 ? 'one' : `${evicted.length}`} (${evicted.map(entry => `${count(entry.total)} rows`).join(', ')}) now shows only the rows it received. Re-run its cell to page through it again.`
          ];
    return { retained: { id, cached: request.cache }, notes };
  }

  /**
   * Lets go of what a cell's earlier runs kept, as the cell runs again (its outputs are replaced),
   * before its own statements: a cached result is memory the new one may need.
   */
  async releaseCell(cellId: string | undefined): Promise<void> {
    for (const entry of cellId === undefined ? [] : this._results.removeOfCell(cellId)) {
      await this._drop(entry);
    }
  }

  /** Lets go of a result (its output was cleared or its cell re-run); false when it was not kept. */
  async release(id: string): Promise<boolean> {
    const entry = this._results.remove(id);
    if (entry) {
      await this._drop(entry);
    }
    return entry !== undefined;
  }

  /** Answers one request from the browser, checked first: a refusal is a reply, never a crash. */
  async handle(message: unknown): Promise<ResultViewReply> {
    const requestId = typeof (message as { requestId?: unknown })?.requestId === 'string' ? (message as { requestId: string }).requestId : '';
    try {
      const request = parseRequest(message);
      return { requestId, ok: true, result: await this._answer(request) };
    } catch (error) {
      if (error instanceof ResultGone) {
        return { requestId, ok: false, message: error.message, gone: true };
      }
      if (error instanceof SessionGoneError) {
        this._results.forgetEndedSessions(undefined);
        return { requestId, ok: false, gone: true, message: 'The Spark session this result was computed in has ended; re-run the cell to scroll, sort and filter it in Spark again.' };
      }
      if (error instanceof UserError || error instanceof CellCodeError) {
        return { requestId, ok: false, message: error instanceof CellCodeError ? `Spark refused the view: ${error.evalue.split('\n')[0]}` : error.message };
      }
      log.error('A result view request failed.', error);
      return { requestId, ok: false, message: `The kernel could not answer: ${error instanceof Error ? error.message : String(error)}` };
    }
  }

  private async _answer(request: IResultViewRequest): Promise<ResultViewResult<ResultViewMethod>> {
    switch (request.method) {
      case 'release':
        return { released: await this.release((request.params as ResultViewParams<'release'>).resultId) };
      case 'page': {
        const { resultId, view, offset, rows } = request.params as ResultViewParams<'page'>;
        const entry = this._live(resultId);
        const source = await this._source(entry);
        const rowCount = await this._count(entry, source, view);
        const answer = offset >= rowCount ? { rows: [] } : await this._page(entry, source, view, offset, Math.min(rows, rowCount - offset), rowCount);
        return { offset, rows: answer.rows, rowCount };
      }
      case 'export': {
        const { resultId, view, path, format } = request.params as ResultViewParams<'export'>;
        const entry = this._live(resultId);
        const written = await this._spark.writeAndCount(viewSql(await this._source(entry), entry.schema, view), path, format);
        return { path, format, rows: written };
      }
    }
  }

  /** The entry, if its session is still the one statements run in. */
  private _live(id: string): IRetainedEntry {
    this._dropAll(this._results.forgetEndedSessions(this._spark.sessionId()));
    const entry = this._results.get(id);
    if (!entry) {
      throw new ResultGone(
        'The kernel no longer keeps this result: its cell was re-run, its Spark session ended, or newer results took its place. Re-run the cell to scroll, sort and filter it in Spark again.'
      );
    }
    return entry;
  }

  private async _page(entry: IRetainedEntry, source: ResultSource, view: IResultView, offset: number, rows: number, rowCount: number): Promise<ITablePayload> {
    const fallbackSql = pageSql(source, entry.schema, view, offset, rows);
    if (offset < NUMBERED_FROM) {
      return this._spark.fetchRows(fallbackSql, rows);
    }
    entry.numbered = true;
    return this._spark.fetchPage({ key: `${entry.id}:${JSON.stringify(view)}`, sql: viewSql(source, entry.schema, view), fallbackSql, offset, rows, rowCount });
  }

  /** What the statements read: the query, or its cached table (made by the first request that needs it). */
  private async _source(entry: IRetainedEntry): Promise<ResultSource> {
    if (!entry.cached) {
      return { kind: 'query', query: entry.query };
    }
    entry.cacheCreated ??= this._spark.query(`CACHE LAZY TABLE ${quoteIdentifier(entry.viewName)} AS\n${entry.query}`).then(() => undefined);
    try {
      await entry.cacheCreated;
    } catch (error) {
      entry.cacheCreated = undefined;
      throw error;
    }
    return { kind: 'view', name: entry.viewName };
  }

  private async _count(entry: IRetainedEntry, source: ResultSource, view: IResultView): Promise<number> {
    if (view.filters.length === 0) {
      return entry.total;
    }
    const key = JSON.stringify(view.filters);
    const known = entry.counts.get(key);
    if (known !== undefined) {
      return known;
    }
    const answer = await this._spark.query(viewCountSql(source, entry.schema, view));
    const rows = Number(String(answer.rows[0]?.[0]));
    if (!Number.isSafeInteger(rows)) {
      throw new Error(`count(1) answered ${JSON.stringify(answer.rows[0]?.[0])}, not a row count`);
    }
    entry.counts.set(key, rows);
    return rows;
  }

  /** In the background: a cached table left behind costs its memory until the session ends, nothing worse. */
  private _dropAll(entries: IRetainedEntry[]): void {
    for (const entry of entries) {
      if (entry.sessionId === this._spark.sessionId()) {
        void this._drop(entry).catch(error => log.warn(`Could not drop the view ${entry.viewName}: ${String(error)}`));
      }
    }
  }

  /** A result paged far holds its views' persisted copies; a cached one its rows and name. */
  private async _drop(entry: IRetainedEntry): Promise<void> {
    if (entry.sessionId !== this._spark.sessionId()) {
      return;
    }
    if (entry.numbered) {
      await this._spark.forgetPages(`${entry.id}:`);
    }
    if (!entry.cacheCreated) {
      return;
    }
    await entry.cacheCreated.catch(() => undefined);
    await this._spark.query(`UNCACHE TABLE IF EXISTS ${quoteIdentifier(entry.viewName)}`);
    await this._spark.query(`DROP VIEW IF EXISTS ${quoteIdentifier(entry.viewName)}`);
  }
}

class ResultGone extends UserError {}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const refuse = (what: string): never => {
  throw new UserError(`The table sent a request the kernel does not take: ${what}.`);
};

const optionalText = (value: unknown, what: string): string | undefined => (value === undefined ? undefined : typeof value === 'string' ? value : refuse(`${what} is not text`));

function parseFilter(value: unknown): ResultFilter {
  if (!isRecord(value) || typeof value.column !== 'string') {
    return refuse('a filter without a column');
  }
  switch (value.op) {
    case 'contains':
    case 'equals':
      return { column: value.column, op: value.op, value: optionalText(value.value, 'a filter value') ?? refuse('a filter without a value') };
    case 'range':
      return { column: value.column, op: 'range', min: optionalText(value.min, 'a lower bound'), max: optionalText(value.max, 'an upper bound') };
    default:
      return refuse(`a filter "${String(value.op)}" (contains, equals and range are)`);
  }
}

function parseView(value: unknown): IResultView {
  if (!isRecord(value) || !Array.isArray(value.filters)) {
    return refuse('a view without filters');
  }
  const sort = value.sort;
  if (sort !== undefined && (!isRecord(sort) || typeof sort.column !== 'string' || typeof sort.descending !== 'boolean')) {
    return refuse('a sort without a column and a direction');
  }
  return { ...(sort ? { sort: { column: sort.column as string, descending: sort.descending as boolean } } : {}), filters: value.filters.map(parseFilter) };
}

/** A request from the browser, checked field by field. */
export function parseRequest(message: unknown): IResultViewRequest {
  if (!isRecord(message) || typeof message.requestId !== 'string' || !(RESULT_VIEW_METHODS as readonly unknown[]).includes(message.method) || !isRecord(message.params)) {
    return refuse('no requestId, method and params');
  }
  const params = message.params;
  if (typeof params.resultId !== 'string') {
    return refuse('no resultId');
  }
  const method = message.method as ResultViewMethod;
  switch (method) {
    case 'release':
      return { requestId: message.requestId, method, params: { resultId: params.resultId } };
    case 'page': {
      const { offset, rows } = params;
      if (!Number.isSafeInteger(offset) || (offset as number) < 0 || !Number.isSafeInteger(rows) || (rows as number) < 1 || (rows as number) > MAX_PAGE_ROWS) {
        return refuse(`a page needs an offset of 0 or more and 1 to ${MAX_PAGE_ROWS} rows`);
      }
      return { requestId: message.requestId, method, params: { resultId: params.resultId, view: parseView(params.view), offset: offset as number, rows: rows as number } };
    }
    case 'export': {
      const path = typeof params.path === 'string' ? params.path.trim() : '';
      if (path === '' || (params.format !== 'csv' && params.format !== 'parquet')) {
        throw new UserError('An export needs a path (a folder on the cluster, or s3://bucket/prefix/) and a format, csv or parquet.');
      }
      return { requestId: message.requestId, method, params: { resultId: params.resultId, view: parseView(params.view), path, format: params.format } };
    }
  }
}
