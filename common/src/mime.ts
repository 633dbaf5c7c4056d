/**
 * The table result the kernel sends and the extension renders. The version suffix follows
 * Vega-Lite's MIME types: a breaking change to the payload gets a new type, so notebooks saved
 * with the old one keep rendering through whatever still understands it.
 */
export const TABLE_MIME_TYPE = 'application/vnd.jupyterlab-emr.table.v1+json';

export interface ITableField {
  name: string;
  /** The engine's type name as it reports it (Spark: `integer`, `decimal(10,2)`, `timestamp`, …). */
  type: string;
}

export interface ITableSchema {
  fields: ITableField[];
}

export interface ITablePayload {
  schema: ITableSchema;
  /** Row-major values, one array per row, in `schema.fields` order. */
  rows: unknown[][];
  /**
   * Rows in the whole result. Equal to `rows.length` unless `truncated`; when truncated it is the
   * true total if the kernel counted it, otherwise `rows.length` (the kernel only knows there were more).
   */
  rowCount: number;
  /** The kernel kept fewer rows than the result has, so the view must say the table is partial. */
  truncated: boolean;
  /**
   * Present when the table is partial and the kernel had the engine compute the chart over every
   * row of the result; a view should show this chart, not one drawn from `rows`. Optional, so
   * payloads without it (older kernels, untruncated results) stay valid v1 payloads.
   */
  fullChart?: IFullResultChart;
  /**
   * The chart in this output's Vega-Lite part, by the options it was drawn with, so a toolbar can
   * start from them. Absent when there is no chart, when `fullChart` says it, and in payloads of
   * kernels before it (whose chart the front end reads back from the spec).
   */
  chart?: IChartOptions;
}

/** A chart choice by column names, as the toolbar and the magic-line options name it. */
export interface IChartOptions {
  mark: string;
  x: string;
  y?: string;
  color?: string;
  aggregate?: string;
}

/** A chart computed by the engine over the whole result, for a table that shows only its first rows. */
export interface IFullResultChart {
  /** A Vega-Lite v5 spec, checked by the kernel, with the engine's aggregates (or sampled rows) inline. */
  spec: Record<string, unknown>;
  /** Rows of the whole result the chart covers, as the engine counted them. */
  rowCount: number;
  /** `aggregate`: one datum per group, aggregated by the engine; `sample`: a random sample of rows (a scatter). */
  basis: 'aggregate' | 'sample';
  /** Data points in the spec: groups, or sampled rows. */
  points: number;
  /** The result had more groups than the kernel keeps, so the chart shows the first `points` of them. */
  capped: boolean;
  /** The options the chart was drawn with, by column name, so a toolbar can start from them. */
  choice: IChartOptions;
  /** One sentence for the reader, e.g. "Chart over 100,000 rows (sum of amount per day, computed by Spark); the table shows the first 1,000." */
  note: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isField(value: unknown): value is ITableField {
  return isRecord(value) && typeof value.name === 'string' && typeof value.type === 'string';
}

/**
 * Checks the shape before use: a payload read back from a notebook file may have been written by
 * an older kernel or edited by hand, and a renderer must show an error rather than throw.
 */
export function isTablePayload(value: unknown): value is ITablePayload {
  return (
    isRecord(value) &&
    isRecord(value.schema) &&
    Array.isArray(value.schema.fields) &&
    value.schema.fields.every(isField) &&
    Array.isArray(value.rows) &&
    value.rows.every(row => Array.isArray(row)) &&
    typeof value.rowCount === 'number' &&
    typeof value.truncated === 'boolean' &&
    (value.fullChart === undefined || isFullResultChart(value.fullChart)) &&
    (value.chart === undefined || isChartOptions(value.chart))
  );
}

function isChartOptions(value: unknown): value is IChartOptions {
  return isRecord(value) && typeof value.mark === 'string' && typeof value.x === 'string';
}

function isFullResultChart(value: unknown): value is IFullResultChart {
  return (
    isRecord(value) &&
    isRecord(value.spec) &&
    typeof value.rowCount === 'number' &&
    (value.basis === 'aggregate' || value.basis === 'sample') &&
    typeof value.points === 'number' &&
    typeof value.capped === 'boolean' &&
    isChartOptions(value.choice) &&
    typeof value.note === 'string'
  );
}

/** The Vega-Lite version the kernel's charts are written for; JupyterLab renders it natively. */
export const VEGA_LITE_MIME_TYPE = 'application/vnd.vegalite.v5+json';

/**
 * Marks a chart output as a copy of the chart the table output of the same cell already draws.
 * The kernel sends a result's chart as an output of its own (Vega-Lite and an SVG image), so front
 * ends without this extension show it; this extension renders this type, ranked above Vega and
 * SVG, as nothing, because its table view shows the chart with its toolbar.
 */
export const CHART_COPY_MIME_TYPE = 'application/vnd.jupyterlab-emr.chart-copy.v1+json';

/** The value of CHART_COPY_MIME_TYPE: which output draws the chart, for a reader of the notebook file. */
export interface IChartCopy {
  shownIn: typeof TABLE_MIME_TYPE;
}
