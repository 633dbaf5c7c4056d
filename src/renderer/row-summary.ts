import type { ITablePayload } from '@jupyterlab-emr/common';

function rows(count: number): string {
  return `${count.toLocaleString()} ${count === 1 ? 'row' : 'rows'}`;
}

/**
 * The footer line under a table. A partial table must say so, and say why, because a chart or a
 * decision made from the first thousand rows of a million is a different thing.
 */
export function summarizeRows(payload: ITablePayload, drawn: number): string {
  const received = payload.rows.length;
  const notDrawn = received - drawn;
  const setting = '(setting "Rows drawn per table")';
  if (!payload.truncated) {
    return notDrawn === 0
      ? rows(received)
      : `Showing ${drawn.toLocaleString()} of ${rows(received)}; ${rows(notDrawn)} more in the output are not drawn ${setting}.`;
  }
  // A truncated result's total is known only if the kernel counted it.
  const total = payload.rowCount > received ? payload.rowCount : undefined;
  const shown = total === undefined ? `Showing the first ${rows(drawn)}` : `Showing ${drawn.toLocaleString()} of ${rows(total)}`;
  if (notDrawn === 0) {
    return total === undefined ? `${shown}; the kernel's row limit left out the rest.` : `${shown}, cut by the kernel's row limit.`;
  }
  return `${shown}: the kernel's row limit sent ${received.toLocaleString()}, and ${notDrawn.toLocaleString()} of those are not drawn ${setting}.`;
}
