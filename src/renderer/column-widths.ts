import { fieldKind, ITableField } from '@jupyterlab-emr/common';

import { cellText } from './cell-text';

const MIN_CH = 4;
const MAX_CH = 40;
/** Rows measured per column; enough to see a column's usual width without reading 100,000 rows. */
const SAMPLE = 200;
const PARTIAL_NUMBER_CH = 10;

/**
 * Column widths in characters, fixed when the table is first drawn. A virtualized table only
 * has the rows in view, so widths taken from them would jump while scrolling; these come from
 * the header and rows spread over the whole result. Longer values are cut with an ellipsis and
 * shown whole in their tooltip.
 */
export function columnWidths(fields: readonly ITableField[], rows: readonly (readonly unknown[])[], showTypes: boolean, partial = false): number[] {
  const step = Math.max(1, Math.floor(rows.length / SAMPLE));
  return fields.map((field, column) => {
    // Rows of a partial result not received yet may hold longer numbers: ids of millions after
    // the first thousand. Room for ten digits, so they are not cut.
    const roomForLater = partial && fieldKind(field.type) === 'quantitative' ? PARTIAL_NUMBER_CH : 0;
    let widest = Math.max(field.name.length, showTypes ? field.type.length : 0, roomForLater) + 2;
    for (let row = 0; row < rows.length; row += step) {
      widest = Math.max(widest, cellText(rows[row][column]).length);
    }
    // A cell's padding is about two characters.
    return Math.min(MAX_CH, Math.max(MIN_CH, widest + 2));
  });
}
