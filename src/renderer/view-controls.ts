import { describeView, ExportFormat, ITableField, ResultFilter } from '@jupyterlab-emr/common';

import { el } from '../panel/dom';

const CLASS = 'jp-emr-ViewControls';

export interface IViewControlsHandlers {
  /** The filters changed (added or removed). */
  filters(filters: ResultFilter[]): void;
  /** Write the whole result (in its view) with Spark; resolves to the line to show. Absent: a complete result, nothing to write in Spark. */
  export?(path: string, format: ExportFormat): Promise<string>;
}

function option(value: string, text = value): HTMLOptionElement {
  const node = el('option', undefined, text);
  node.value = value;
  return node;
}

function input(className: string, placeholder: string, label: string): HTMLInputElement {
  const node = el('input', `${CLASS}-${className}`);
  node.type = 'text';
  node.placeholder = placeholder;
  node.setAttribute('aria-label', label);
  return node;
}

/**
 * A filter box per column (contains / equals / range, one at a time, added to the list) and, for
 * a partial result, the whole-result export Spark writes. It holds the filters; the table asks
 * Spark (partial) or filters its rows (complete).
 */
export class ViewControls {
  readonly node: HTMLDivElement;

  constructor(fields: readonly ITableField[], handlers: IViewControlsHandlers) {
    this._handlers = handlers;
    const column = el(
      'select',
      `${CLASS}-column`,
      undefined,
      fields.map(field => option(field.name))
    );
    column.setAttribute('aria-label', 'Filter column');
    const op = el('select', `${CLASS}-op`, undefined, [option('contains'), option('equals', '='), option('range', 'from … to')]);
    op.setAttribute('aria-label', 'Filter kind');
    const value = input('value', 'value', 'Filter value');
    const max = input('max', 'to', 'Filter upper bound');
    max.hidden = true;
    op.addEventListener('change', () => {
      max.hidden = op.value !== 'range';
      value.placeholder = op.value === 'range' ? 'from' : 'value';
    });
    const add = el('button', `${CLASS}-add`, 'Filter');
    add.type = 'button';
    add.title = 'Keep the rows where the column matches';
    const apply = () => {
      const filter: ResultFilter =
        op.value === 'range'
          ? { column: column.value, op: 'range', ...(value.value.trim() ? { min: value.value.trim() } : {}), ...(max.value.trim() ? { max: max.value.trim() } : {}) }
          : { column: column.value, op: op.value as 'contains' | 'equals', value: value.value };
      if (filter.op === 'range' && filter.min === undefined && filter.max === undefined) {
        return;
      }
      this._set([...this._filters, filter]);
      value.value = '';
      max.value = '';
    };
    add.addEventListener('click', apply);
    for (const box of [value, max]) {
      box.addEventListener('keydown', event => {
        if (event.key === 'Enter') {
          apply();
        }
      });
    }
    this._chips = el('span', `${CLASS}-filters`);
    const filterRow = el('div', `${CLASS}-filterRow`, undefined, [column, op, value, max, add, this._chips]);
    this._status = el('span', `${CLASS}-status`);
    this._status.setAttribute('role', 'status');
    this.node = el('div', CLASS, undefined, [filterRow, handlers.export ? this._exportRow(handlers.export) : null]);
  }

  get filters(): ResultFilter[] {
    return this._filters;
  }

  private _exportRow(write: (path: string, format: ExportFormat) => Promise<string>): HTMLDivElement {
    const path = input('path', 'folder on the cluster or s3://bucket/prefix/', 'Export path');
    const format = el('select', `${CLASS}-format`, undefined, [option('csv', 'CSV'), option('parquet', 'Parquet')]);
    format.setAttribute('aria-label', 'Export format');
    const button = el('button', `${CLASS}-write`, 'Write whole result with Spark');
    button.type = 'button';
    button.title = 'Spark writes every row of the result in this view (sorted, filtered) to the path; it refuses a path that exists';
    button.addEventListener('click', () => {
      if (path.value.trim() === '') {
        this._status.textContent = 'Give a path first: a folder on the cluster (file:/…, hdfs:/…) or s3://bucket/prefix/.';
        return;
      }
      button.disabled = true;
      this._status.textContent = `Spark is writing ${path.value.trim()}…`;
      write(path.value.trim(), format.value as ExportFormat)
        .then(line => (this._status.textContent = line))
        .catch(error => (this._status.textContent = error instanceof Error ? error.message : String(error)))
        .finally(() => (button.disabled = false));
    });
    return el('div', `${CLASS}-exportRow`, undefined, [path, format, button, this._status]);
  }

  private _set(filters: ResultFilter[]): void {
    this._filters = filters;
    this._chips.replaceChildren(
      ...filters.map((filter, index) => {
        const remove = el('button', `${CLASS}-remove`, '×');
        remove.type = 'button';
        const words = describeView({ filters: [filter] }).replace(/^filtered /, '');
        remove.title = `Remove the filter ${words}`;
        remove.addEventListener('click', () => this._set(filters.filter((_, other) => other !== index)));
        return el('span', `${CLASS}-chip`, words, [remove]);
      })
    );
    this._handlers.filters(filters);
  }

  private readonly _handlers: IViewControlsHandlers;
  private readonly _chips: HTMLSpanElement;
  private readonly _status: HTMLSpanElement;
  private _filters: ResultFilter[] = [];
}
