import type { ITablePayload } from '@jupyterlab-emr/common';

import { el } from '../panel/dom';
import { cellText } from './cell-text';
import { columnWidths } from './column-widths';
import { IRowWindow, rowWindow, windowChanged } from './row-window';
import { ISortKey, nextSort, sortedOrder } from './sort';

export interface IVirtualTableOptions {
  /** Rows in view before the table scrolls. */
  visibleRows: number;
  showColumnTypes: boolean;
}

const CLASS = 'jp-emr-TableView';
/** The row height the stylesheet sets, used until a drawn row can be measured. */
const DEFAULT_ROW_HEIGHT = 24;
const OVERSCAN = 12;
const SORT_MARKS = { ascending: '▲', descending: '▼' } as const;

/**
 * A table that puts only the rows in view into the page: two spacer rows stand in for the rest,
 * so 100,000 rows scroll as smoothly as 20. Rows have one fixed height (the stylesheet's, measured
 * once drawn) and columns fixed widths, so nothing moves while scrolling. Header clicks sort.
 */
export class VirtualTable {
  readonly node: HTMLDivElement;

  constructor(payload: ITablePayload, options: IVirtualTableOptions) {
    this._payload = payload;
    this._options = options;
    this._order = sortedOrder(payload.rows, payload.schema.fields, undefined);
    this._table = el('table', `${CLASS}-table`);
    this._table.append(this._columns(), this._header());
    this._body = this._table.createTBody();
    this.node = el('div', `${CLASS}-scroller`, undefined, [this._table]);
    this.node.addEventListener('scroll', () => this.refresh());
    this.refresh();
  }

  /** Row positions in the order shown (the current sort). */
  get order(): readonly number[] {
    return this._order;
  }

  get sortKey(): ISortKey | undefined {
    return this._sort;
  }

  /** Sorts by a column as a header click does: ascending, descending, then back to the received order. */
  sortBy(column: number): void {
    this._sort = nextSort(this._sort, column);
    this._order = sortedOrder(this._payload.rows, this._payload.schema.fields, this._sort);
    this._headers.forEach((cell, index) => {
      const direction = this._sort?.column === index ? this._sort.direction : undefined;
      cell.setAttribute('aria-sort', direction ?? 'none');
      cell.querySelector(`.${CLASS}-sortMark`)!.textContent = direction ? SORT_MARKS[direction] : '';
    });
    this._window = undefined;
    this.refresh();
  }

  /** Puts the rows now in view into the page; call when the scroll position or the size may have changed. */
  refresh(): void {
    const headerHeight = this._table.tHead?.offsetHeight ?? 0;
    this._fitHeight(headerHeight);
    const next = rowWindow({
      scrollTop: this.node.scrollTop - headerHeight,
      // Before the table is in the page it has no size; draw the rows it will show first.
      viewportHeight: this.node.clientHeight || this._options.visibleRows * this._rowHeight,
      rowHeight: this._rowHeight,
      rowCount: this._order.length,
      overscan: OVERSCAN
    });
    if (windowChanged(this._window, next)) {
      this._draw(next);
    }
    this._measureRows();
  }

  private _columns(): HTMLTableColElement {
    const group = el('colgroup');
    const widths = columnWidths(this._payload.schema.fields, this._payload.rows, this._options.showColumnTypes);
    for (const width of widths) {
      const col = el('col');
      col.style.width = `${width}ch`;
      group.append(col);
    }
    // A fixed-layout table needs a width of its own to follow the columns' widths.
    this._table.style.width = `${widths.reduce((sum, width) => sum + width, 0)}ch`;
    return group;
  }

  private _header(): HTMLTableSectionElement {
    const head = el('thead');
    const row = el('tr');
    this._payload.schema.fields.forEach((field, index) => {
      const button = el('button', `${CLASS}-sortButton`, undefined, [
        el('span', `${CLASS}-columnName`, field.name),
        this._options.showColumnTypes ? el('span', `${CLASS}-columnType`, field.type) : null,
        el('span', `${CLASS}-sortMark`)
      ]);
      button.type = 'button';
      button.title = `Sort by ${field.name}`;
      button.addEventListener('click', () => this.sortBy(index));
      const cell = el('th', undefined, undefined, [button]);
      cell.setAttribute('aria-sort', 'none');
      this._headers.push(cell);
      row.append(cell);
    });
    head.append(row);
    return head;
  }

  private _draw(window: IRowWindow): void {
    this._window = window;
    const width = this._payload.schema.fields.length;
    const rows: HTMLTableRowElement[] = [this._spacer(window.before)];
    for (let position = window.first; position < window.end; position++) {
      rows.push(this._row(this._payload.rows[this._order[position]], width));
    }
    rows.push(this._spacer(window.after));
    this._body.replaceChildren(...rows);
  }

  /** One cell per column, so a short or long row from a hand-edited notebook stays aligned. */
  private _row(values: readonly unknown[], width: number): HTMLTableRowElement {
    const row = el('tr', `${CLASS}-row`);
    for (let column = 0; column < width; column++) {
      const value = values[column];
      const text = cellText(value);
      // textContent and a title attribute: values are never parsed as HTML.
      const cell = el('td', value === null || value === undefined ? `${CLASS}-null` : undefined, text);
      cell.title = text;
      row.append(cell);
    }
    return row;
  }

  /** Always present, even at zero height, so data rows keep their odd/even position. */
  private _spacer(height: number): HTMLTableRowElement {
    const cell = el('td');
    cell.colSpan = Math.max(1, this._payload.schema.fields.length);
    const row = el('tr', `${CLASS}-spacer`, undefined, [cell]);
    row.style.height = `${height}px`;
    return row;
  }

  /** Learns the real row height (fonts and zoom change it) and redraws once if it differs. */
  private _measureRows(): void {
    const drawn = this._body.querySelector<HTMLElement>(`.${CLASS}-row`)?.offsetHeight ?? 0;
    if (drawn > 0 && drawn !== this._rowHeight) {
      this._rowHeight = drawn;
      this._window = undefined;
      this.refresh();
    }
  }

  /** Room for the header, `visibleRows` rows and a horizontal scroll bar; before layout the header counts as two rows. */
  private _fitHeight(headerHeight: number): void {
    const height = `${(headerHeight || this._rowHeight * 2) + this._options.visibleRows * this._rowHeight + 16}px`;
    if (this.node.style.maxHeight !== height) {
      this.node.style.maxHeight = height;
    }
  }

  private readonly _payload: ITablePayload;
  private readonly _options: IVirtualTableOptions;
  private readonly _table: HTMLTableElement;
  private readonly _body: HTMLTableSectionElement;
  private readonly _headers: HTMLTableCellElement[] = [];
  private _order: number[];
  private _sort: ISortKey | undefined;
  private _window: IRowWindow | undefined;
  private _rowHeight = DEFAULT_ROW_HEIGHT;
}
