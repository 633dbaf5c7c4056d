import type { ITablePayload } from '@jupyterlab-emr/common';

import { cellText } from './cell-text';
import { summarizeRows } from './row-summary';

export interface ITableElementOptions {
  maxRenderedRows: number;
  showColumnTypes: boolean;
}

const CLASS = 'jp-emr-TableView';

function element<K extends keyof HTMLElementTagNameMap>(
  doc: Document,
  tag: K,
  className?: string,
  text?: string
): HTMLElementTagNameMap[K] {
  const node = doc.createElement(tag);
  if (className) {
    node.className = className;
  }
  // textContent, never innerHTML: every name and value here comes from query results.
  if (text !== undefined) {
    node.textContent = text;
  }
  return node;
}

function headerRow(doc: Document, payload: ITablePayload, options: ITableElementOptions): HTMLTableRowElement {
  const row = element(doc, 'tr');
  for (const field of payload.schema.fields) {
    const cell = element(doc, 'th');
    cell.append(element(doc, 'span', `${CLASS}-columnName`, field.name));
    if (options.showColumnTypes) {
      cell.append(element(doc, 'span', `${CLASS}-columnType`, field.type));
    }
    row.append(cell);
  }
  return row;
}

function bodyRow(doc: Document, values: readonly unknown[], width: number): HTMLTableRowElement {
  const row = element(doc, 'tr');
  // Exactly one cell per column, so a short or long row from a hand-edited notebook stays aligned.
  for (let column = 0; column < width; column++) {
    const value = values[column];
    const isNull = value === null || value === undefined;
    row.append(element(doc, 'td', isNull ? `${CLASS}-null` : undefined, cellText(value)));
  }
  return row;
}

/** The table and its row-count footer, built from text nodes only. */
export function createTableElement(doc: Document, payload: ITablePayload, options: ITableElementOptions): DocumentFragment {
  const drawn = Math.min(payload.rows.length, options.maxRenderedRows);
  const table = element(doc, 'table', `${CLASS}-table`);
  table.createTHead().append(headerRow(doc, payload, options));
  const body = table.createTBody();
  const width = payload.schema.fields.length;
  for (const values of payload.rows.slice(0, drawn)) {
    body.append(bodyRow(doc, values, width));
  }
  const isPartial = payload.truncated || drawn < payload.rows.length;
  const footer = element(doc, 'div', `${CLASS}-footer${isPartial ? ' jp-mod-partial' : ''}`, summarizeRows(payload, drawn));
  const fragment = doc.createDocumentFragment();
  fragment.append(table, footer);
  return fragment;
}
