import { describeView, ITablePayload, ResultFilter } from '@jupyterlab-emr/common';

import type { RemoteRows } from './remote-rows';

export function rows(count: number): string {
  return `${count.toLocaleString()} ${count === 1 ? 'row' : 'rows'}`;
}

/** The result's total when the kernel counted it; a truncated result may not have been counted. */
export function countedTotal(payload: ITablePayload): number | undefined {
  return payload.truncated && payload.rowCount > payload.rows.length ? payload.rowCount : payload.truncated ? undefined : payload.rows.length;
}

/**
 * The footer line under a table. A partial table must say so, and say why, because a chart or a
 * decision made from the first thousand rows of a million is a different thing.
 */
export function summarizeRows(payload: ITablePayload): string {
  const received = payload.rows.length;
  if (!payload.truncated) {
    return rows(received);
  }
  const total = countedTotal(payload);
  return total === undefined
    ? `Showing the first ${rows(received)}; the kernel's row limit left out the rest.`
    : `Showing ${received.toLocaleString()} of ${rows(total)}, cut by the kernel's row limit.`;
}

/**
 * The footer of a table with a view: what the view is and how many rows it holds of the whole,
 * "sorted by bytes desc, filtered status = 500: 2,113 of 12,345,678 rows". A partial table the
 * kernel keeps counts in Spark (`remote`); a complete one counts the rows it has (`shown`).
 */
export function viewSummary(payload: ITablePayload, { remote, shown, filters }: { remote?: RemoteRows; shown: number; filters: readonly ResultFilter[] }): string {
  if (remote) {
    const view = describeView(remote.view);
    return view === ''
      ? `${rows(remote.total)}, all in Spark: scrolling, sorting and filtering ask it (the first ${payload.rows.length.toLocaleString()} came with the output).`
      : `${view}: ${remote.rowCount.toLocaleString()} of ${rows(remote.total)}`;
  }
  if (filters.length === 0) {
    return summarizeRows(payload);
  }
  return `${describeView({ filters: [...filters] })}: ${shown.toLocaleString()} of ${rows(payload.rows.length)}${payload.truncated ? ' received' : ''}`;
}

/** A chart as the toolbar shows it, in the terms of the magic-line options. */
export interface IChartOptions {
  mark: string;
  x?: string;
  y?: string;
  color?: string;
  aggregate?: string;
}

/** The magic-line options that ask the kernel for this chart. */
function asOptions(options: IChartOptions): string {
  const value = (text: string) => (/^[\w.]+$/.test(text) ? text : JSON.stringify(text));
  const parts = [`--chart ${options.mark}`];
  for (const [flag, text] of [
    ['--x', options.x],
    ['--y', options.y],
    ['--color', options.color],
    ['--agg', options.aggregate]
  ] as const) {
    if (text !== undefined) {
      parts.push(`${flag} ${value(text)}`);
    }
  }
  return parts.join(' ');
}

/**
 * The line under a chart drawn from the table's rows. When the kernel's row limit cut the result,
 * the chart shows only those rows, which may not look like the whole result's chart; the kernel
 * computes it over every row when the cell asks for it.
 */
export function chartNote(payload: ITablePayload, options: IChartOptions): string {
  if (!payload.truncated) {
    return '';
  }
  const total = countedTotal(payload);
  const of = total === undefined ? 'the result has more' : `the result has ${rows(total)}`;
  return `Chart over the table's ${rows(payload.rows.length)} only; ${of}. To chart every row, re-run the cell with ${asOptions(options)}.`;
}
