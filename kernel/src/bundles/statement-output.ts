import { ITablePayload } from '@jupyterlab-emr/common';
import { MimeBundle } from '../core/output-sink';
import { JsonValue } from '../json/lossless-json';
import { tableBundle } from './table-bundle';

/** How a successful Scala or Python statement's output is shown. */
export interface IStatementOutputView {
  /** Printed text and the REPL's `res0: Long = 10` lines; Livy gives them as one text/plain. */
  text?: string;
  /** A rich output (image, HTML, JSON, a `%table`), with text/plain as its fallback. */
  display?: MimeBundle;
}

const LIVY_TABLE = 'application/vnd.livy.table.v1+json';
const RICH_TYPES = ['image/png', 'text/html', 'application/json'];

/** Livy's `%table` magic output: `{"headers": [{"name", "type"}], "data": [[…]]}`. */
function livyTable(value: JsonValue): ITablePayload | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || !Array.isArray((value as Record<string, JsonValue>).headers)) {
    return undefined;
  }
  const { headers, data } = value as { headers: JsonValue[]; data?: JsonValue };
  // Not Livy's shape after all (a header that is not an object, a row that is not a list): shown as its text instead.
  if (!headers.every(header => typeof header === 'object' && header !== null && !Array.isArray(header))) {
    return undefined;
  }
  const rows = Array.isArray(data) ? data.filter((row): row is JsonValue[] => Array.isArray(row)) : [];
  const fields = (headers as { name?: JsonValue; type?: JsonValue }[]).map(header => ({ name: String(header.name), type: String(header.type) }));
  return { schema: { fields }, rows, rowCount: rows.length, truncated: false };
}

export function statementOutputView(data: Record<string, JsonValue>): IStatementOutputView {
  const plain = typeof data['text/plain'] === 'string' ? (data['text/plain'] as string) : undefined;
  const table = data[LIVY_TABLE] !== undefined ? livyTable(data[LIVY_TABLE]) : undefined;
  if (table) {
    return { display: tableBundle(table) };
  }
  const rich = RICH_TYPES.filter(type => data[type] !== undefined);
  if (rich.length > 0) {
    const display: MimeBundle = {};
    for (const type of rich) {
      display[type] = data[type];
    }
    if (plain) {
      display['text/plain'] = plain;
    }
    return { display };
  }
  if (plain === undefined || plain === '') {
    return {};
  }
  return { text: plain.endsWith('\n') ? plain : `${plain}\n` };
}
