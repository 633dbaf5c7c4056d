import { ExportFormat as WholeExportFormat, isTablePayload, ITablePayload, ResultFilter, retainedOf, TABLE_MIME_TYPE, VegaLiteSpec } from '@jupyterlab-emr/common';
import type { IRenderMime } from '@jupyterlab/rendermime-interfaces';
import type { ISignal } from '@lumino/signaling';
import type { Message } from '@lumino/messaging';
import { Widget } from '@lumino/widgets';

import { el } from '../panel/dom';
import type { IRendererSettings } from '../settings/settings';
import { chartLook } from './chart-look';
import { resolveChart, stateForMark, stateForPick } from './chart-state';
import { ChartView } from './chart-view';
import { toCsv } from './csv';
import { downloadText, downloadUrl } from './download';
import { IKernelChart, kernelChart } from './kernel-chart';
import { ChartPick, ExportFormat, ResultToolbar, ViewChoice } from './result-toolbar';
import { RemoteRows } from './remote-rows';
import { IResultViewChannel, ResultViewError } from './result-channel';
import { chartNote, viewSummary } from './row-summary';
import { ViewControls } from './view-controls';
import { DEFAULT_VIEW_STATE, IResultViewState, readViewState, sameViewState, withViewState } from './view-state';
import { VirtualTable } from './virtual-table';

export interface ITableViewOptions {
  settings: IRendererSettings;
  /** JupyterLab's theme change signal; charts are redrawn in the new theme's colours. */
  themeChanged?: ISignal<unknown, unknown>;
  /**
   * The result-view channel of the kernel whose notebook holds `node`; undefined where there is
   * none (no notebook, another kernel). Asked when the table first needs it, as an output is
   * rendered before it is attached.
   */
  channelFor?: (node: HTMLElement) => IResultViewChannel | undefined;
}

const CLASS = 'jp-emr-TableView';

/** The elements drawn for one payload; a new payload gets new ones. */
interface IResultParts {
  payload: ITablePayload;
  /** The chart the kernel sent, drawn as sent while the toolbar shows its choice. */
  kernel: IKernelChart | undefined;
  toolbar: ResultToolbar;
  table: VirtualTable;
  /** The whole result as the kernel serves it, for a partial table it keeps; else undefined. */
  remote: RemoteRows | undefined;
  controls: ViewControls;
  message: HTMLDivElement;
  note: HTMLDivElement;
  footer: HTMLDivElement;
}

/** A chart to draw with the line that says what it covers, or the sentence that says why there is none. */
type ShownChart = { kind: 'chart'; spec: VegaLiteSpec; note: string } | { kind: 'message'; text: string };

const UNREADABLE =
  'This table output cannot be shown: it does not have the schema, rows, rowCount and truncated ' +
  'fields jupyterlab-emr expects. It may come from another version of the emr-livy kernel; ' +
  're-run the cell to produce it again.';

/**
 * One result output: a toolbar, then the table or a chart of it, then a line on how many rows it
 * holds. Safe for untrusted notebooks: data only ever becomes text nodes, attributes and
 * escaped tooltip text. The toolbar's choice is written to the output's metadata.
 */
export class TableView extends Widget implements IRenderMime.IRenderer {
  constructor(options: ITableViewOptions) {
    super();
    this._settings = options.settings;
    // jp-RenderedHTMLCommon gives the table JupyterLab's own look (borders, stripes, hover) in every theme.
    this.addClass(CLASS);
    this.addClass('jp-RenderedHTMLCommon');
    this._chart = new ChartView(el('div', `${CLASS}-chart`));
    this._themeChanged = options.themeChanged;
    this._themeChanged?.connect(this._onThemeChanged, this);
    this._channelFor = options.channelFor;
  }

  async renderModel(model: IRenderMime.IMimeModel): Promise<void> {
    const payload = model.data[TABLE_MIME_TYPE];
    this._model = model;
    if (!isTablePayload(payload)) {
      this._parts = undefined;
      this._chart.clear();
      this.node.replaceChildren(el('div', `${CLASS}-error`, UNREADABLE));
      return;
    }
    // Writing the state to the metadata makes the output area render the same model again.
    if (payload === this._parts?.payload && sameViewState(readViewState(model.metadata) ?? this._state, this._state)) {
      return;
    }
    if (payload !== this._parts?.payload) {
      this._parts = this._build(payload, kernelChart(payload, model.data));
    }
    // A result opens as the kernel drew it (its chart, or the table when it sent none) until the user chooses.
    this._state = readViewState(model.metadata) ?? this._parts.kernel?.state ?? DEFAULT_VIEW_STATE;
    await this._show();
  }

  protected onAfterAttach(msg: Message): void {
    super.onAfterAttach(msg);
    this._parts?.table.refresh();
  }

  protected onAfterShow(msg: Message): void {
    super.onAfterShow(msg);
    this._parts?.table.refresh();
  }

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this._themeChanged?.disconnect(this._onThemeChanged, this);
    this._chart.clear();
    this._release();
    super.dispose();
  }

  private _build(payload: ITablePayload, kernel: IKernelChart | undefined): IResultParts {
    this._release();
    const toolbar = new ResultToolbar(payload.schema.fields, {
      view: choice => this._onView(payload, choice),
      pick: pick => this._onPick(payload, pick),
      export: format => void this._onExport(format)
    });
    const retained = payload.truncated && this._channelFor && !this._lost ? retainedOf(payload) : undefined;
    const remote = retained && new RemoteRows(this._channel(), retained.id, payload, { changed: () => this._rowsChanged(), failed: error => this._rowsFailed(error) });
    const controls = new ViewControls(payload.schema.fields, {
      filters: filters => this._onFilters(filters),
      ...(remote ? { export: (path: string, format: WholeExportFormat) => this._writeWhole(path, format) } : {})
    });
    const table = new VirtualTable(payload, this._settings, remote);
    const parts: IResultParts = {
      payload,
      kernel,
      toolbar,
      table,
      remote,
      controls,
      message: el('div', `${CLASS}-chartMessage`),
      note: el('div', `${CLASS}-chartNote`),
      footer: el('div', `${CLASS}-footer${payload.truncated ? ' jp-mod-partial' : ''}`)
    };
    parts.footer.textContent = viewSummary(payload, { remote, shown: table.rowCount, filters: controls.filters });
    this.node.replaceChildren(toolbar.node, controls.node, parts.table.node, this._chart.node, parts.message, parts.note, parts.footer);
    return parts;
  }

  /** A channel that finds the kernel when first asked (the output is in a notebook by then). */
  private _channel(): IResultViewChannel {
    return {
      request: (method, params) => {
        const channel = this._channelFor?.(this.node);
        return channel
          ? channel.request(method, params)
          : Promise.reject(new ResultViewError('This table is not in a notebook on its emr-livy kernel, so only the rows it came with can be shown.', true));
      }
    };
  }

  private _rowsChanged(): void {
    const parts = this._parts;
    if (parts) {
      parts.table.invalidate();
      parts.footer.textContent = viewSummary(parts.payload, { remote: parts.remote, shown: parts.table.rowCount, filters: parts.controls.filters });
    }
  }

  /** A result the kernel no longer keeps shows the rows it came with, and says why. */
  private _rowsFailed(error: ResultViewError): void {
    let parts = this._parts;
    if (!parts) {
      return;
    }
    if (error.gone && parts.remote) {
      this._lost = true;
      parts = this._parts = this._build(parts.payload, parts.kernel);
      void this._show();
    }
    parts.message.textContent = error.message;
    parts.message.hidden = false;
  }

  private _onFilters(filters: ResultFilter[]): void {
    const parts = this._parts;
    if (!parts) {
      return;
    }
    if (parts.remote) {
      // To the top first: setView redraws (through _rowsChanged), and the rows it asks Spark for are then the new view's first.
      parts.table.node.scrollTop = 0;
      parts.remote.setView({ ...parts.remote.view, filters });
    } else {
      parts.table.filterLocally(filters);
      this._rowsChanged();
    }
  }

  private async _writeWhole(path: string, format: WholeExportFormat): Promise<string> {
    const remote = this._parts?.remote;
    if (!remote) {
      return 'This table has only the rows it shows.';
    }
    const written = await this._channel().request('export', { resultId: remote.resultId, view: remote.view, path, format });
    return `Spark wrote ${written.rows.toLocaleString()} rows to ${written.path} (${written.format === 'csv' ? 'CSV' : 'Parquet'}).`;
  }

  /** The output is gone (cleared, re-run, closed): the kernel need not keep its result. */
  private _release(): void {
    const remote = this._parts?.remote;
    if (remote) {
      this._channel()
        .request('release', { resultId: remote.resultId })
        .catch(() => undefined);
    }
  }

  private async _show(): Promise<void> {
    const parts = this._parts;
    if (!parts) {
      return;
    }
    const showChart = this._state.view === 'chart';
    parts.table.node.hidden = showChart;
    this._chart.node.hidden = !showChart;
    const outcome = showChart ? this._chartOutcome(parts) : undefined;
    let message = outcome?.kind === 'message' ? outcome.text : '';
    if (outcome?.kind === 'chart') {
      try {
        await this._chart.draw(outcome.spec, chartLook(this.node.ownerDocument, this._settings.chartsFollowTheme));
      } catch (error) {
        this._chart.clear();
        message = `The chart could not be drawn: ${error instanceof Error ? error.message : String(error)}`;
      }
    }
    parts.message.textContent = message;
    parts.message.hidden = message === '';
    parts.note.textContent = outcome?.kind === 'chart' && message === '' ? outcome.note : '';
    parts.note.hidden = parts.note.textContent === '';
    if (outcome?.kind !== 'chart') {
      this._chart.clear();
      parts.table.refresh();
    }
    parts.toolbar.update(this._state, this._chart.isDrawn);
  }

  /** The kernel's chart while the toolbar shows its choice (it may cover every row); else one from the table's rows. */
  private _chartOutcome(parts: IResultParts): ShownChart {
    const { kernel, payload } = parts;
    if (kernel && sameViewState({ ...kernel.state, view: 'chart' }, { ...this._state, view: 'chart' })) {
      return { kind: 'chart', spec: kernel.spec, note: kernel.note ?? chartNote(payload, this._state) };
    }
    const outcome = resolveChart(payload, this._state);
    return outcome.kind === 'chart' ? { kind: 'chart', spec: outcome.spec, note: chartNote(payload, this._state) } : outcome;
  }

  private _onView(payload: ITablePayload, choice: ViewChoice): void {
    const next = choice === 'table' ? { ...this._state, view: 'table' as const } : stateForMark(payload, this._state, choice);
    void this._change(next);
  }

  private _onPick(payload: ITablePayload, pick: ChartPick): void {
    void this._change(stateForPick(payload, this._state, pick));
  }

  /** Shows the new state and keeps it in the output's metadata, so the saved notebook carries it. */
  private async _change(state: IResultViewState): Promise<void> {
    this._state = state;
    this._model?.setData({ metadata: withViewState(this._model.metadata, state) });
    await this._show();
  }

  private async _onExport(format: ExportFormat): Promise<void> {
    const doc = this.node.ownerDocument;
    if (format === 'csv') {
      const parts = this._parts;
      if (parts) {
        downloadText(doc, toCsv(parts.payload.schema.fields, parts.payload.rows, parts.table.order), 'text/csv', 'result.csv');
      }
      return;
    }
    if (format === 'png') {
      const url = await this._chart.png();
      if (url) {
        downloadUrl(doc, url, 'chart.png');
      }
      return;
    }
    const svg = await this._chart.svg();
    if (svg) {
      downloadText(doc, svg, 'image/svg+xml', 'chart.svg');
    }
  }

  private _onThemeChanged(): void {
    if (this._parts && this._state.view === 'chart' && this._settings.chartsFollowTheme) {
      void this._show();
    }
  }

  private readonly _settings: IRendererSettings;
  private readonly _chart: ChartView;
  private readonly _themeChanged: ISignal<unknown, unknown> | undefined;
  private readonly _channelFor: ITableViewOptions['channelFor'];
  /** The kernel let go of this output's result: it shows the received rows from now on. */
  private _lost = false;
  private _model: IRenderMime.IMimeModel | undefined;
  private _parts: IResultParts | undefined;
  private _state: IResultViewState = DEFAULT_VIEW_STATE;
}
