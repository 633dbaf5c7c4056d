import type { ITableField } from '@jupyterlab-emr/common';

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, a quote, a line break or edge spaces,
 * with quotes doubled. Null is an empty field; nested values are their JSON text.
 */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) {
    return '';
  }
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The table as CSV, header first, rows in the given order (the table's current sort), CRLF line ends. */
export function toCsv(fields: readonly ITableField[], rows: readonly (readonly unknown[])[], order: readonly number[]): string {
  const line = (values: readonly unknown[]) => fields.map((_, column) => csvField(values[column])).join(',');
  const lines = [fields.map(field => csvField(field.name)).join(','), ...order.map(index => line(rows[index]))];
  return lines.join('\r\n') + '\r\n';
}
