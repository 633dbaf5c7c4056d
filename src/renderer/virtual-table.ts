import type { ITablePayload, ResultFilter } from '@jupyterlab-emr/common';

import { el } from '../panel/dom';
import { cellText } from './cell-text';
import { columnWidths } from './column-widths';
import { matchingRows } from './local-filter';
import type { RemoteRows } from './remote-rows';
import { IRowWindow, rowWindow, scrollTopForRow, windowChanged } from './row-window';
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
 * once drawn) and columns fixed widths, so nothing moves while scrolling. Header clicks sort: the
 * received rows in the browser, or, with `remote` (a partial result the kernel keeps), the whole
 * result in Spark, whose rows then come page by page with placeholders while in flight.
 */
export class VirtualTable {
  readonly node: HTMLDivElement;

  constructor(payload: ITablePayload, options: IVirtualTableOptions, remote?: RemoteRows) {
    this._payload = payload;
    this._options = options;
    this._remote = remote;
    this._order = sortedOrder(payload.rows, payload.schema.fields, undefined);
    this._table = el('table', `${CLASS}-table`);
    this._table.append(this._columns(), this._header());
    this._body = this._table.createTBody();
    this.node = el('div', `${CLASS}-scroller`, undefined, [this._table]);
    this.node.addEventListener('scroll', () => this.refresh());
    this.refresh();
  }

  /** Positions of the received rows in the order shown (the current sort and filters). */
  get order(): readonly number[] {
    return this._order;
  }

  /** Rows the table scrolls through: the view's count in Spark, or the received rows that pass the filters. */
  get rowCount(): number {
    return this._remote ? this._remote.rowCount : this._order.length;
  }

  /** Shows only the received rows the filters keep (a complete result filters in the browser). */
  filterLocally(filters: readonly ResultFilter[]): void {
    this._filters = filters;
    this._reorder();
  }

  /** The rows changed under the table (a page arrived, the view changed): draw again. */
  invalidate(): void {
    this._window = undefined;
    this.refresh();
  }

  /** Scrolls so that row `position` (in the order shown) is at the top. */
  scrollToRow(position: number): void {
    const headerHeight = this._table.tHead?.offsetHeight ?? 0;
    const viewport = this.node.clientHeight || this._options.visibleRows * this._rowHeight;
    this.node.scrollTop = scrollTopForRow(position, viewport - headerHeight, this._rowHeight, this.rowCount) + (position > 0 ? headerHeight : 0);
    this.refresh();
  }

  get sortKey(): ISortKey | undefined {
    return this._sort;
  }

  /** Sorts by a column as a header click does: ascending, descending, then back to the received order. */
  sortBy(column: number): void {
    this._sort = nextSort(this._sort, column);
    const remote = this._remote;
    if (remote) {
      const sort = this._sort && { column: this._payload.schema.fields[this._sort.column].name, descending: this._sort.direction === 'descending' };
      // To the top first: setView redraws, and the rows it asks Spark for are then the new view's first.
      this.node.scrollTop = 0;
      remote.setView({ ...remote.view, sort });
    } else {
      this._reorder();
    }
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
      rowCount: this.rowCount,
      overscan: OVERSCAN
    });
    if (windowChanged(this._window, next)) {
      this._draw(next);
    }
    this._remote?.want(next.first, next.end);
    this._measureRows();
  }

  private _reorder(): void {
    const sorted = sortedOrder(this._payload.rows, this._payload.schema.fields, this._sort);
    const kept = this._filters.length === 0 ? undefined : matchingRows(this._payload.rows, this._payload.schema.fields, this._filters);
    this._order = kept ? sorted.filter(index => kept.has(index)) : sorted;
    this._window = undefined;
  }

  private _columns(): HTMLTableColElement {
    const group = el('colgroup');
    const widths = columnWidths(this._payload.schema.fields, this._payload.rows, this._options.showColumnTypes, this._remote !== undefined);
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
      const values = this._remote ? this._remote.row(position) : this._payload.rows[this._order[position]];
      rows.push(values ? this._row(values, width) : this._placeholder(width));
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

  /** A row on its way from Spark: the same height as a row, so nothing jumps when it comes. */
  private _placeholder(width: number): HTMLTableRowElement {
    const row = el('tr', `${CLASS}-row ${CLASS}-pending`);
    for (let column = 0; column < width; column++) {
      row.append(el('td', undefined, '…'));
    }
    row.setAttribute('aria-busy', 'true');
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
  private readonly _remote: RemoteRows | undefined;
  private _filters: readonly ResultFilter[] = [];
  private _order: number[];
  private _sort: ISortKey | undefined;
  private _window: IRowWindow | undefined;
  private _rowHeight = DEFAULT_ROW_HEIGHT;
}
