import { ITablePayload } from './mime';

/**
 * The `emr-livy.result-view` comm: how a partial result's table asks the kernel for more of the
 * whole result, which stays addressable on the Spark session after its cell ran. One map from
 * method to params and result, so a request and its reply cannot disagree.
 */
export const RESULT_VIEW_COMM_TARGET = 'emr-livy.result-view';

/** What the table payload of a retained result carries, so the renderer can address it. */
export interface IRetainedResult {
  /** The kernel's name for the result; every request names it. */
  id: string;
  /** True when Spark caches the rows (--cache); false: each request recomputes the query. */
  cached: boolean;
}

/** A table payload with the handle of its retained result (absent: nothing to ask for). */
export interface IAddressableTablePayload extends ITablePayload {
  retained?: IRetainedResult;
}

export function retainedOf(payload: ITablePayload): IRetainedResult | undefined {
  const retained = (payload as IAddressableTablePayload).retained;
  return typeof retained?.id === 'string' ? retained : undefined;
}

export interface IResultSort {
  column: string;
  descending: boolean;
}

/**
 * One column's filter. Values travel as data and the kernel writes them as SQL literals: text is
 * compared as the column's text; a range holds numbers, or ISO dates / timestamps for a time column.
 */
export type ResultFilter = { column: string; op: 'contains'; value: string } | { column: string; op: 'equals'; value: string } | { column: string; op: 'range'; min?: string; max?: string };

/** What the table shows of the whole result: its order and the rows it keeps. */
export interface IResultView {
  sort?: IResultSort;
  filters: ResultFilter[];
}

export interface IResultPage {
  offset: number;
  rows: unknown[][];
  /** Rows of the whole result in this view (after its filters), as Spark counted them. */
  rowCount: number;
}

export type ExportFormat = 'csv' | 'parquet';

export interface IResultExport {
  /** Where Spark wrote it (a folder of part files, as Spark writes). */
  path: string;
  format: ExportFormat;
  /** Rows Spark read back from what it wrote. */
  rows: number;
}

/** Every request a table can make: params in, result out. */
export interface IResultViewMethods {
  /** `rows` rows from `offset` of the whole result in `view`. */
  page: { params: { resultId: string; view: IResultView; offset: number; rows: number }; result: IResultPage };
  /** The whole result in `view`, written by Spark; refused when `path` exists. */
  export: { params: { resultId: string; view: IResultView; path: string; format: ExportFormat }; result: IResultExport };
  /** The output is gone (cleared, re-run, closed): the kernel lets go of the result. */
  release: { params: { resultId: string }; result: { released: boolean } };
}

export type ResultViewMethod = keyof IResultViewMethods;
export type ResultViewParams<M extends ResultViewMethod> = IResultViewMethods[M]['params'];
export type ResultViewResult<M extends ResultViewMethod> = IResultViewMethods[M]['result'];

export const RESULT_VIEW_METHODS: readonly ResultViewMethod[] = ['page', 'export', 'release'];

export interface IResultViewRequest<M extends ResultViewMethod = ResultViewMethod> {
  /** Chosen by the table; the reply carries it back, as several requests may be in flight. */
  requestId: string;
  method: M;
  params: ResultViewParams<M>;
}

export type ResultViewReply<M extends ResultViewMethod = ResultViewMethod> =
  | { requestId: string; ok: true; result: ResultViewResult<M> }
  /** A user error: one paragraph that says what to do. `gone`: the result is no longer kept. */
  | { requestId: string; ok: false; message: string; gone?: boolean };

/** Says which view a footer describes: "sorted by bytes desc, filtered status = 500". */
export function describeView(view: IResultView): string {
  const parts: string[] = [];
  if (view.sort) {
    parts.push(`sorted by ${view.sort.column} ${view.sort.descending ? 'desc' : 'asc'}`);
  }
  if (view.filters.length > 0) {
    parts.push(`filtered ${view.filters.map(describeFilter).join(', ')}`);
  }
  return parts.join(', ');
}

function describeFilter(filter: ResultFilter): string {
  switch (filter.op) {
    case 'contains':
      return `${filter.column} contains "${filter.value}"`;
    case 'equals':
      return `${filter.column} = ${filter.value}`;
    case 'range':
      return filter.min !== undefined && filter.max !== undefined
        ? `${filter.min} ≤ ${filter.column} ≤ ${filter.max}`
        : filter.min !== undefined
          ? `${filter.column} ≥ ${filter.min}`
          : `${filter.column} ≤ ${filter.max ?? ''}`;
  }
}
