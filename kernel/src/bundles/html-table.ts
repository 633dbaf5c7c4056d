import { escapeHtml, ITablePayload } from '@jupyterlab-emr/common';
import { formatValue, isNumericType, rowCountNote } from './result-table';

/**
 * An HTML table of a result. Every name, type and value is escaped: results are data, and a
 * value such as `<img src=x onerror=…>` must show as text.
 */
export function renderHtmlTable(table: ITablePayload): string {
  const fields = table.schema.fields;
  if (fields.length === 0) {
    return '';
  }
  const numeric = fields.map(field => isNumericType(field.type));
  const head = fields.map(field => `<th title="${escapeHtml(field.type)}">${escapeHtml(field.name)}</th>`).join('');
  const body = table.rows.map(row => `<tr>${fields.map((_, index) => cell(formatValue(row[index], fields[index].type), numeric[index])).join('')}</tr>`).join('\n');
  return [
    '<table class="jp-emr-ResultTable">',
    `<thead><tr>${head}</tr></thead>`,
    `<tbody>\n${body}\n</tbody>`,
    '</table>',
    `<p class="jp-emr-ResultTable-footer">${escapeHtml(rowCountNote(table))}</p>`
  ].join('\n');
}

function cell(text: string, numeric: boolean): string {
  return `<td style="text-align: ${numeric ? 'right' : 'left'}; white-space: pre">${escapeHtml(text)}</td>`;
}
