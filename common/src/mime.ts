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
    typeof value.truncated === 'boolean'
  );
}

/** The Vega-Lite version the kernel's charts are written for; JupyterLab renders it natively. */
export const VEGA_LITE_MIME_TYPE = 'application/vnd.vegalite.v5+json';
