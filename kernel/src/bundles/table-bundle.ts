import { ITablePayload, TABLE_MIME_TYPE } from '@jupyterlab-emr/common';
import { MimeBundle } from '../core/output-sink';
import { renderHtmlTable } from './html-table';
import { renderTextTable } from './text-table';

/**
 * Rows the text/plain and text/html fallbacks hold. The table MIME type carries every row; a
 * fallback of 100,000 rows would be some 50 MB of HTML in the notebook that no browser scrolls.
 */
export const FALLBACK_ROWS = 1000;

/**
 * The display bundle of a query result; empty for statements without columns (DDL, SET). The
 * table MIME type is for the extension's renderer; text/html and text/plain keep the result
 * readable where the extension is absent (nbviewer, GitHub, VS Code), its first rows at least.
 */
export function tableBundle(table: ITablePayload): MimeBundle | undefined {
  if (table.schema.fields.length === 0) {
    return undefined;
  }
  // Cut like a partial table, so their footers say how many of how many rows they show.
  const fallback = table.rows.length > FALLBACK_ROWS ? { ...table, rows: table.rows.slice(0, FALLBACK_ROWS), truncated: true } : table;
  return { 'text/plain': renderTextTable(fallback), 'text/html': renderHtmlTable(fallback), [TABLE_MIME_TYPE]: table };
}
