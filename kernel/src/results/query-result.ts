import { ChartOptionError, chooseChart, IAddressableTablePayload, IChartRequest, IRetainedResult, ISqlResultSettings, ITablePayload, ITableSchema, VEGA_LITE_MIME_TYPE } from '@jupyterlab-emr/common';
import { CellCodeError, UserError } from '../core/errors';
import { MimeBundle } from '../core/output-sink';
import { withChart } from '../bundles/vegalite';
import { FullChartUnavailable, fullResultChart, IFullChartLimits, RunQuery, sparkChartData } from './full-chart';
import { localChartData } from './local-chart-data';
import { countSql, createViewSql, firstRowsSql, ResultSource } from './result-sql';

/** A chart draws every datum inline; past these, it aggregates harder or samples. */
export const FULL_CHART_LIMITS: IFullChartLimits = { groupLimit: 1000, sampleSize: 5000 };

/**
 * Past this many rows the chart is aggregated (or sampled) even when the table holds them all, by
 * the kernel from those rows: a spec with 100,000 inline data points is megabytes in the
 * notebook, slow to check and slow to draw.
 */
export const INLINE_CHART_ROWS = 5000;

export interface IQueryResultRequest {
  /** One Spark SQL query (query-shaped: SELECT, WITH, VALUES, TABLE, FROM). */
  query: string;
  /** Register the query as this temporary view first (already checked as an identifier). */
  view?: string;
  /** Rows the table shows. */
  limit: number;
  chart: IChartRequest;
  settings: ISqlResultSettings;
  /** Livy's livy.rsc.sql.num-rows as configured; 0: unknown. */
  serverRowLimit: number;
}

/**
 * Keeps a partial result addressable on the session (paging/result-view-service.ts), so its table
 * can ask Spark for more of it; absent where nothing could ask (no comms).
 */
export type RetainResult = (result: { query: string; schema: ITableSchema; total: number }) => { retained: IRetainedResult; notes: string[] };

export interface IQueryResult {
  table: ITablePayload;
  /** The Vega-Lite part of the bundle; empty without a chart. */
  chart: MimeBundle;
  /** Said beside the result, on stderr. */
  notes: string[];
}

const count = (n: number): string => n.toLocaleString('en-US');

/**
 * Runs the first rows' statement. `livyCapped`: the answer came through Livy's `sql` kind, which
 * keeps at most livy.rsc.sql.num-rows rows without saying so; false when it holds every row the
 * statement asked for (the compact fetch).
 */
export type FetchFirstRows = (code: string) => Promise<{ table: ITablePayload; livyCapped: boolean }>;

/** The cell's --chart, else the default from the settings; a default that does not fit this result is dropped, not an error. */
export function chartWithDefault(request: IChartRequest, settings: ISqlResultSettings, schema: ITablePayload['schema'], rowCount: number): IChartRequest {
  if (request.mark !== undefined || settings.defaultChart === 'auto') {
    return request;
  }
  if (settings.defaultChart === 'none') {
    return { ...request, mark: 'none' };
  }
  try {
    return rowCount > 1 && chooseChart(schema, rowCount, { ...request, mark: settings.defaultChart }) ? { ...request, mark: settings.defaultChart } : request;
  } catch (error) {
    if (error instanceof ChartOptionError) {
      return request;
    }
    throw error;
  }
}

function serverCapNote(limit: number, cap: number, total: number): string {
  return (
    `The table shows ${count(cap)} of ${count(total)} rows although -n asks for ${count(limit)}: Livy returns at most livy.rsc.sql.num-rows = ${count(cap)} rows per statement. ` +
    'Raise livy.rsc.sql.num-rows in livy.conf (on EMR, in the livy-conf configuration classification) and set EMR_LIVY_SQL_ROW_LIMIT ("sql.serverRowLimit") to the same number.'
  );
}

/**
 * A query's result as the user sees it: the first `limit` rows (one more is fetched, so "there is
 * more" is known exactly), the total counted by Spark when there is more, and a chart over every
 * row, computed by Spark in its own statement, rather than over the rows that happen to be shown.
 */
export async function queryResult(request: IQueryResultRequest, run: RunQuery, fetchFirstRows?: FetchFirstRows, retain?: RetainResult): Promise<IQueryResult> {
  const { limit, settings, serverRowLimit: cap } = request;
  if (request.view) {
    await run(createViewSql(request.view, request.query));
  }
  const source: ResultSource = request.view ? { kind: 'view', name: request.view } : { kind: 'query', query: request.query };
  const sql = firstRowsSql(source, limit);
  const { table: first, livyCapped } = fetchFirstRows ? await fetchFirstRows(sql) : { table: await run(sql), livyCapped: true };
  const cutByLimit = first.rows.length > limit;
  // Livy keeps at most its cap of any answer, without saying so: only a count can tell.
  const maybeCutByLivy = livyCapped && !cutByLimit && cap > 0 && first.rows.length >= cap;
  const rows = first.rows.slice(0, limit);
  const total = cutByLimit || maybeCutByLivy ? await countRows(run, source) : rows.length;
  const partial = total > rows.length;
  const kept = partial && retain ? retain({ query: request.query, schema: first.schema, total }) : undefined;
  const table: IAddressableTablePayload = { schema: first.schema, rows, rowCount: total, truncated: partial, ...(kept ? { retained: kept.retained } : {}) };
  // Only when -n asked for more than Livy gave: at the default, -n and the cap are both 1,000.
  const notes = [...(maybeCutByLivy && table.truncated && limit > rows.length ? [serverCapNote(limit, cap, total)] : []), ...(kept?.notes ?? [])];
  const chart = chartWithDefault(request.chart, settings, table.schema, total);
  if (!settings.chartOverFullData || (!table.truncated && rows.length <= INLINE_CHART_ROWS)) {
    return { ...withChart(table, chart), notes };
  }
  let choice;
  try {
    choice = chooseChart(table.schema, total, chart, table.rows);
  } catch (error) {
    throw error instanceof ChartOptionError ? new UserError(error.message) : error;
  }
  if (!choice) {
    return { table, chart: {}, notes };
  }
  try {
    // Rows the kernel holds are aggregated here; the rest of a result only Spark has.
    const data = table.truncated ? sparkChartData(source, run) : localChartData(table);
    const fullChart = await fullResultChart({ choice, schema: table.schema, total, shown: rows.length }, data, FULL_CHART_LIMITS);
    return { table: { ...table, fullChart }, chart: { [VEGA_LITE_MIME_TYPE]: fullChart.spec }, notes };
  } catch (error) {
    if (!(error instanceof FullChartUnavailable || error instanceof CellCodeError)) {
      throw error;
    }
    const reason = error instanceof CellCodeError ? `Spark could not compute it (${error.evalue.split('\n')[0]})` : error.message;
    notes.push(`The chart covers only the ${count(rows.length)} rows in the table, not all ${count(total)}: ${reason}.`);
    return { ...withChart(table, chart), notes };
  }
}

async function countRows(run: RunQuery, source: ResultSource): Promise<number> {
  const answer = await run(countSql(source));
  const value = Number(String(answer.rows[0]?.[0]));
  if (!Number.isSafeInteger(value)) {
    throw new Error(`count(1) answered ${JSON.stringify(answer.rows[0]?.[0])}, not a row count`);
  }
  return value;
}
