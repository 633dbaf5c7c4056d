import { ITablePayload } from '@jupyterlab-emr/common';
import { formatValue, isNumericType, rowCountNote } from './result-table';

/** Width in terminal columns, counting code points (a surrogate pair is one character). */
function width(text: string): number {
  return [...text].length;
}

/** Control characters would break the grid, so they are shown as escapes. */
function oneLine(text: string): string {
  return text.replace(/\r\n|\n|\r/g, '\\n').replace(/\t/g, '\\t');
}

function pad(text: string, size: number, right: boolean): string {
  const fill = ' '.repeat(Math.max(0, size - width(text)));
  return right ? fill + text : text + fill;
}

/** An aligned plain-text table (the text/plain of a result): numbers to the right, a row-count line below. */
export function renderTextTable(table: ITablePayload): string {
  const fields = table.schema.fields;
  if (fields.length === 0) {
    return '';
  }
  const cells = table.rows.map(row => fields.map((_, index) => oneLine(formatValue(row[index], fields[index].type))));
  const headers = fields.map(field => oneLine(field.name));
  // A reduce, not Math.max(...): spreading 100,000 rows as arguments overflows the stack.
  const widths = fields.map((_, index) => cells.reduce((widest, row) => Math.max(widest, width(row[index])), width(headers[index])));
  const numeric = fields.map(field => isNumericType(field.type));
  const line = (values: string[], alignRight: boolean[]): string =>
    values
      .map((value, index) => pad(value, widths[index], alignRight[index]))
      .join(' | ')
      .trimEnd();
  const rule = widths.map(size => '-'.repeat(size)).join('-+-');
  return [
    line(
      headers,
      fields.map(() => false)
    ),
    rule,
    ...cells.map(row => line(row, numeric)),
    `(${rowCountNote(table)})`
  ].join('\n');
}
