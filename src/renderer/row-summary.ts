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
  if (!payload.truncated && drawn === received) {
    return rows(received);
  }
  const knownTotal = payload.truncated ? (payload.rowCount > received ? payload.rowCount : undefined) : received;
  const shown =
    knownTotal === undefined
      ? `Showing the first ${rows(drawn)}; the result has more`
      : `Showing ${drawn.toLocaleString()} of ${rows(knownTotal)}`;
  const reasons: string[] = [];
  if (payload.truncated) {
    reasons.push(`the kernel's row limit sent ${rows(received)}`);
  }
  if (drawn < received) {
    reasons.push(`${rows(received - drawn)} more are in the output but not drawn ("Rows drawn per table" setting)`);
  }
  return `${shown}: ${reasons.join('; ')}.`;
}
