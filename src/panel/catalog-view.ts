import { ICatalogSourceInfo, ICatalogTable, qualifiedName, selectCell } from '@jupyterlab-emr/common';
import { Widget } from '@lumino/widgets';
import { el } from './dom';
import { CatalogModel, CatalogRow } from './catalog-model';

/** Every line of the list is this tall (the CSS says the same), so the list can draw only the lines in view. */
export const CATALOG_ROW_HEIGHT = 24;
// Lines drawn above and below the window, so a quick scroll shows no gap.
const OVERSCAN = 10;
// The next page of tables is asked for when the "more" line comes this close to the window.
const PAGE_AHEAD = 20;

/** What a table's actions do outside the panel: the plugin binds them to the notebook and clipboard. */
export interface ICatalogActions {
  insertCell(code: string): void;
  copy(text: string): void;
}

const CLASS = 'jp-emr-Catalog';

function describeTable(table: ICatalogTable): string {
  return [table.type, table.format, table.partitionColumns?.length ? `partitioned by ${table.partitionColumns.join(', ')}` : undefined, table.location].filter(Boolean).join(' · ');
}

/**
 * The Catalog section: a search box and refresh over one virtualized list of sources → databases →
 * tables → columns. Only the lines in the scrolled window exist in the DOM, so 10,000 tables cost
 * what 40 do; the next page of tables is asked for as the list nears its end.
 */
export class CatalogView extends Widget {
  private readonly _search = el('input', `${CLASS}-search`);
  private readonly _viewport = el('div', `${CLASS}-viewport`);
  private readonly _spacer = el('div', `${CLASS}-spacer`);
  private readonly _window = el('div', `${CLASS}-window`);
  private readonly _preview = el('div', `${CLASS}-preview`);
  private _rows: CatalogRow[] = [];
  /** The list and the range of it now drawn. */
  private _drawn: { rows: CatalogRow[]; first: number; last: number } | undefined;

  constructor(
    private readonly _model: CatalogModel,
    private readonly _actions: ICatalogActions
  ) {
    super();
    this.addClass(CLASS);
    this._search.type = 'search';
    this._search.placeholder = 'Search databases, tables, columns';
    this._search.setAttribute('aria-label', 'Search the catalog');
    this._search.addEventListener('input', () => _model.setSearch(this._search.value));
    const refresh = el('button', `${CLASS}-refresh jp-mod-styled`, 'Refresh');
    refresh.title = 'Ask every catalog again (the kernel forgets what it cached)';
    refresh.addEventListener('click', () => void _model.load(true));
    this._viewport.setAttribute('role', 'tree');
    this._viewport.append(this._spacer, this._window);
    this._viewport.addEventListener('scroll', () => this._draw());
    // Titled as the panel's other sections are.
    this.node.append(el('h3', 'jp-emr-StatusSection-title', 'Catalog'), el('div', `${CLASS}-bar`, undefined, [this._search, refresh]), this._viewport, this._preview);
    _model.changed.connect(() => this.update());
  }

  /** Rows of the list now drawn (tests count them). */
  get drawnRows(): number {
    return this._window.childElementCount;
  }

  protected onUpdateRequest(): void {
    this._rows = this._model.rows();
    this._spacer.style.height = `${this._rows.length * CATALOG_ROW_HEIGHT}px`;
    this._draw();
    this._drawPreview();
  }

  private _draw(): void {
    const height = this._viewport.clientHeight || CATALOG_ROW_HEIGHT * 40;
    const first = Math.max(0, Math.floor(this._viewport.scrollTop / CATALOG_ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(this._rows.length, Math.ceil((this._viewport.scrollTop + height) / CATALOG_ROW_HEIGHT) + OVERSCAN);
    // A scroll of less than a line (most scroll events) keeps the same lines: nothing to redraw.
    if (this._drawn?.rows === this._rows && this._drawn.first === first && this._drawn.last === last) {
      return;
    }
    this._drawn = { rows: this._rows, first, last };
    this._window.style.transform = `translateY(${first * CATALOG_ROW_HEIGHT}px)`;
    this._window.replaceChildren(...this._rows.slice(first, last).map(row => this._line(row)));
    const more = this._rows.slice(first, Math.min(this._rows.length, last + PAGE_AHEAD)).find(row => row.kind === 'more');
    if (more?.kind === 'more') {
      void this._model.loadMoreTables(more.source, more.database);
    }
  }

  private _line(row: CatalogRow): HTMLElement {
    const line = el('div', `${CLASS}-row ${CLASS}-${row.kind}`);
    line.style.paddingLeft = `${8 + row.depth * 14}px`;
    line.setAttribute('role', 'treeitem');
    switch (row.kind) {
      case 'source':
      case 'database':
      case 'table': {
        line.setAttribute('aria-expanded', String(row.open));
        line.classList.toggle('jp-mod-open', row.open);
        const name = row.kind === 'source' ? row.source.label : row.kind === 'database' ? row.database : row.table.name;
        line.append(el('span', `${CLASS}-twist`, row.open ? '▾' : '▸'), el('span', `${CLASS}-name`, name));
        line.addEventListener('click', () => this._model.toggle(row));
        if (row.kind === 'table') {
          line.title = describeTable(row.table) || row.table.name;
          line.append(el('span', `${CLASS}-kind`, row.table.type ?? ''), ...this._tableActions(row.source, row.table));
        }
        break;
      }
      case 'column':
        line.append(el('span', `${CLASS}-name`, row.column.name), el('span', `${CLASS}-type`, row.column.type));
        line.title = row.column.comment ?? `${row.column.name}: ${row.column.type}`;
        break;
      case 'more':
        line.textContent = `Loading more tables (${row.loaded} of ${row.total})…`;
        break;
      case 'message':
        line.textContent = row.text;
        line.classList.toggle('jp-mod-error', row.error);
        break;
    }
    return line;
  }

  private _tableActions(source: ICatalogSourceInfo, table: ICatalogTable): HTMLElement[] {
    const action = (label: string, title: string, run: () => void): HTMLElement => {
      const button = el('button', `${CLASS}-action`, label);
      button.title = title;
      button.addEventListener('click', event => {
        event.stopPropagation();
        run();
      });
      return button;
    };
    return [
      action('SELECT', `Insert a cell below: ${selectCell(source, table.database, table.name)}`, () => this._actions.insertCell(selectCell(source, table.database, table.name))),
      action('Preview', 'Show the first 20 rows here', () => void this._model.showPreview(source, table)),
      action('Copy', `Copy ${qualifiedName(table.database, table.name)}`, () => this._actions.copy(qualifiedName(table.database, table.name)))
    ];
  }

  private _drawPreview(): void {
    const preview = this._model.preview;
    this._preview.replaceChildren();
    if (!preview) {
      return;
    }
    const close = el('button', `${CLASS}-action`, 'Close');
    close.addEventListener('click', () => this._model.closePreview());
    this._preview.append(el('div', `${CLASS}-preview-title`, undefined, [el('span', undefined, `Preview of ${preview.title}`), close]));
    const { result } = preview;
    if (result.state !== 'loaded') {
      this._preview.append(el('div', result.state === 'failed' ? 'jp-mod-error' : '', result.state === 'failed' ? result.error : 'Loading rows…'));
      return;
    }
    const head = el(
      'tr',
      undefined,
      undefined,
      result.value.columns.map(column => el('th', undefined, column))
    );
    const body = result.value.rows.map(values =>
      el(
        'tr',
        undefined,
        undefined,
        values.map(value => el('td', undefined, value === null ? 'NULL' : String(value)))
      )
    );
    this._preview.append(el('table', `${CLASS}-preview-table`, undefined, [el('thead', undefined, undefined, [head]), el('tbody', undefined, undefined, body)]));
  }
}
