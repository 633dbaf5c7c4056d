import { CHART_AGGREGATES, ChartAggregate, ChartMark, ITableField } from '@jupyterlab-emr/common';

import { el } from '../panel/dom';
import { IResultViewState } from './view-state';

export type ExportFormat = 'csv' | 'png' | 'svg';
export type ViewChoice = 'table' | ChartMark;
export type ChartPick = Partial<Pick<IResultViewState, 'x' | 'y' | 'color' | 'aggregate'>>;

export interface IToolbarHandlers {
  view(choice: ViewChoice): void;
  pick(pick: ChartPick): void;
  export(format: ExportFormat): void;
}

const CLASS = 'jp-emr-ResultToolbar';

/** The toolbar's chart types, in Zeppelin's order; `point` is Vega-Lite's name for a scatter plot. */
const VIEWS: readonly [ViewChoice, string][] = [
  ['table', 'Table'],
  ['bar', 'Bar'],
  ['line', 'Line'],
  ['area', 'Area'],
  ['point', 'Scatter'],
  ['pie', 'Pie'],
  ['heatmap', 'Heatmap']
];

type Picker = 'x' | 'y' | 'color' | 'aggregate';

/** What the empty choice of each picker means. */
const UNSET: Record<Picker, string> = { x: '(automatic)', y: '(automatic; rows when counting)', color: '(none)', aggregate: '(none: each row)' };

function option(value: string, label: string): HTMLOptionElement {
  const node = el('option', undefined, label);
  node.value = value;
  return node;
}

/**
 * The row above a result: table or chart type, the chart's columns and aggregate (like Zeppelin's
 * settings), and export. It holds no state of its own; `update` shows the view's state.
 */
export class ResultToolbar {
  readonly node: HTMLDivElement;

  constructor(fields: readonly ITableField[], handlers: IToolbarHandlers) {
    const views = el('div', `${CLASS}-views`);
    views.setAttribute('role', 'group');
    views.setAttribute('aria-label', 'Show as');
    for (const [choice, label] of VIEWS) {
      const button = el('button', `${CLASS}-view`, label);
      button.type = 'button';
      button.dataset.view = choice;
      button.addEventListener('click', () => handlers.view(choice));
      this._views.set(choice, button);
      views.append(button);
    }
    const columnNames = fields.map(field => field.name);
    this._pickers = el('div', `${CLASS}-pickers`);
    for (const picker of ['x', 'y', 'color', 'aggregate'] as const) {
      const values = picker === 'aggregate' ? [...CHART_AGGREGATES] : columnNames;
      const select = el('select', `${CLASS}-picker`, undefined, [option('', UNSET[picker]), ...values.map(value => option(value, value))]);
      select.dataset.picker = picker;
      select.addEventListener('change', () => handlers.pick({ [picker]: select.value === '' ? undefined : (select.value as ChartAggregate) }));
      this._selects.set(picker, select);
      this._pickers.append(el('label', `${CLASS}-pickerLabel`, picker, [select]));
    }
    const exports = el('div', `${CLASS}-exports`);
    for (const format of ['csv', 'png', 'svg'] as const) {
      const button = el('button', `${CLASS}-export`, format.toUpperCase());
      button.type = 'button';
      button.dataset.export = format;
      button.title =
        format === 'csv'
          ? 'Download the rows in this output as CSV, in their current order (of a partial result, only the rows received: Spark writes the whole)'
          : `Download the chart as ${format.toUpperCase()}`;
      button.addEventListener('click', () => handlers.export(format));
      this._exports.set(format, button);
      exports.append(button);
    }
    this.node = el('div', CLASS, undefined, [views, this._pickers, exports]);
  }

  /** Shows `state`; image exports are offered only while a chart is drawn. */
  update(state: IResultViewState, chartDrawn: boolean): void {
    const current: ViewChoice = state.view === 'table' ? 'table' : state.mark;
    for (const [choice, button] of this._views) {
      button.setAttribute('aria-pressed', String(choice === current));
      button.classList.toggle('jp-mod-active', choice === current);
    }
    this._pickers.hidden = state.view === 'table';
    for (const [picker, select] of this._selects) {
      select.value = state[picker] ?? '';
      // A pie's slices are coloured by its x column; a colour column would be refused.
      select.disabled = picker === 'color' && state.mark === 'pie';
    }
    this._exports.get('png')!.disabled = !chartDrawn;
    this._exports.get('svg')!.disabled = !chartDrawn;
  }

  private readonly _views = new Map<ViewChoice, HTMLButtonElement>();
  private readonly _selects = new Map<Picker, HTMLSelectElement>();
  private readonly _exports = new Map<ExportFormat, HTMLButtonElement>();
  private readonly _pickers: HTMLDivElement;
}
