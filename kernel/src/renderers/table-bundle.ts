import { ITablePayload, TABLE_MIME_TYPE } from '@jupyterlab-emr/common';
import { MimeBundle } from '../core/output-sink';
import { renderHtmlTable } from './html-table';
import { renderTextTable } from './text-table';

/**
 * The display bundle of a query result; empty for statements without columns (DDL, SET). The
 * table MIME type is for the extension's renderer; text/html and text/plain keep the result
 * readable where the extension is absent (nbviewer, GitHub, VS Code).
 */
export function tableBundle(table: ITablePayload): MimeBundle | undefined {
  if (table.schema.fields.length === 0) {
    return undefined;
  }
  return { 'text/plain': renderTextTable(table), 'text/html': renderHtmlTable(table), [TABLE_MIME_TYPE]: table };
}
