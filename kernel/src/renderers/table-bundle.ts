import { ITablePayload } from '@jupyterlab-emr/common';
import { MimeBundle } from '../core/output-sink';
import { renderHtmlTable } from './html-table';
import { renderTextTable } from './text-table';

/** The display bundle of a query result; empty for statements without columns (DDL, SET). */
export function tableBundle(table: ITablePayload): MimeBundle | undefined {
  if (table.schema.fields.length === 0) {
    return undefined;
  }
  return { 'text/plain': renderTextTable(table), 'text/html': renderHtmlTable(table) };
}
