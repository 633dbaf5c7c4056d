import { escapeHtml, VegaLiteSpec } from '@jupyterlab-emr/common';
import type { Result } from 'vega-embed';

import { IChartLook } from './chart-look';

type VegaEmbed = typeof import('vega-embed');

let loading: Promise<VegaEmbed> | undefined;

/**
 * Vega, Vega-Lite and vega-embed are most of a megabyte: loaded the first time a chart is drawn,
 * never with the extension itself, so notebooks that only show tables do not pay for them.
 */
function loadVegaEmbed(): Promise<VegaEmbed> {
  loading ??= import('vega-embed');
  return loading;
}

/** Widest and narrowest plot, in pixels; between them the chart takes the output's width. */
const MAX_WIDTH = 900;
const MIN_WIDTH = 260;
/** The plot's width while the output is not laid out yet (a notebook still opening). */
const UNLAID_WIDTH = 640;
/** Room left of and right of the plot for the axis titles and the legend. */
const GUIDES_WIDTH = 180;
const HEIGHT = 300;
const PIE_SIZE = 320;

/**
 * The spec with the plot's size. Set in the spec rather than on the view, because a band scale
 * (bars of categories) otherwise sizes itself per category and ignores the view's width.
 */
function sized(spec: VegaLiteSpec, available: number): VegaLiteSpec {
  const mark = (spec.mark as { type?: unknown } | undefined)?.type;
  if (mark === 'arc') {
    return { ...spec, width: PIE_SIZE, height: PIE_SIZE };
  }
  const width = available > 0 ? Math.max(MIN_WIDTH, Math.min(MAX_WIDTH, available - GUIDES_WIDTH)) : UNLAID_WIDTH;
  return { ...spec, width, height: HEIGHT };
}

/** Tooltip text goes into the page as HTML (vega-tooltip's design); every value is escaped first. */
function sanitizeTooltip(value: unknown): string {
  return escapeHtml(String(value));
}

/** Draws Vega-Lite specs into one element and exports what it drew. */
export class ChartView {
  constructor(readonly node: HTMLElement) {}

  /** Replaces the drawn chart. A draw that an earlier one overtakes is thrown away. */
  async draw(spec: VegaLiteSpec, look: IChartLook): Promise<void> {
    const generation = ++this._generation;
    const { default: embed, vega } = await loadVegaEmbed();
    if (generation !== this._generation) {
      return;
    }
    this._clear();
    const target = this.node.ownerDocument.createElement('div');
    this.node.append(target);
    const loader = vega.loader();
    const result = await embed(target, sized(spec, this.node.clientWidth) as Parameters<typeof embed>[1], {
      mode: 'vega-lite',
      renderer: 'svg',
      // vega-embed's menu offers "Open in Vega Editor", which would post the data to a website.
      actions: false,
      config: look.config,
      tooltip: { theme: look.tooltipTheme, sanitize: sanitizeTooltip },
      // The data is inline; a chart never fetches a URL, even one a hand-edited notebook put in.
      loader: { ...loader, sanitize: () => Promise.reject(new Error('jupyterlab-emr charts load no URLs.')) }
    });
    if (generation !== this._generation) {
      result.finalize();
      return;
    }
    this._result = result;
  }

  /** The drawn chart as a PNG data URL, at twice the screen's resolution for print. */
  async png(): Promise<string | undefined> {
    return this._result?.view.toImageURL('png', 2);
  }

  async svg(): Promise<string | undefined> {
    return this._result?.view.toSVG();
  }

  get isDrawn(): boolean {
    return this._result !== undefined;
  }

  /** Removes the chart and stops its event listeners and timers. */
  clear(): void {
    this._generation++;
    this._clear();
  }

  private _clear(): void {
    this._result?.finalize();
    this._result = undefined;
    this.node.replaceChildren();
  }

  private _generation = 0;
  private _result: Result | undefined;
}
