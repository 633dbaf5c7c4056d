import { ITablePayload, VEGA_LITE_MIME_TYPE, VegaLiteSpec } from '@jupyterlab-emr/common';
import { IOutputSink, MimeBundle } from '../core/output-sink';
import { chartOutputBundle } from './chart-output';
import { tableBundle } from './table-bundle';

/** A query result as the notebook holds it: the table, and its chart when it has one. */
export interface IResultOutputs {
  /** text/plain, text/html and the table MIME type (whose payload carries the chart's choice). */
  table: MimeBundle;
  /** Vega-Lite, an SVG image and the copy mark (bundles/chart-output.ts). */
  chart?: MimeBundle;
}

/**
 * Two outputs rather than one bundle: a front end shows one MIME type per output, and stock
 * JupyterLab, nbconvert and GitHub pick text/html over a chart, so a chart in the table's bundle
 * is never seen there. Undefined for a result without columns (DDL, SET).
 * `chart` is the Vega-Lite part withChart (or the full-result chart) gave; empty without a chart.
 */
export async function resultOutputs(table: ITablePayload, chart: MimeBundle): Promise<IResultOutputs | undefined> {
  const shown = tableBundle(table);
  if (!shown) {
    return undefined;
  }
  const spec = specOf(chart);
  return spec ? { table: shown, chart: await chartOutputBundle(spec) } : { table: shown };
}

function specOf(chart: MimeBundle): VegaLiteSpec | undefined {
  const spec = chart[VEGA_LITE_MIME_TYPE];
  return typeof spec === 'object' && spec !== null && !Array.isArray(spec) ? (spec as VegaLiteSpec) : undefined;
}

/**
 * Sends a result as resultOutputs composes it: the table as the cell's execute_result, then its
 * chart as a display_data, both with `metadata`. The table goes first, so it is not held back
 * while the SVG is drawn. False when the result has no columns and nothing was sent.
 */
export async function sendResult(sink: IOutputSink, table: ITablePayload, chart: MimeBundle, metadata?: Record<string, unknown>): Promise<boolean> {
  const shown = tableBundle(table);
  if (!shown) {
    return false;
  }
  sink.result(shown, metadata);
  const spec = specOf(chart);
  if (spec) {
    sink.display(await chartOutputBundle(spec), metadata);
  }
  return true;
}
