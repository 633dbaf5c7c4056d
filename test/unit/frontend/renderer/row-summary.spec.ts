import { ITablePayload } from '@jupyterlab-emr/common';

import { summarizeRows } from '../../../../src/renderer/row-summary';

function received(count: number, rowCount: number, truncated: boolean): ITablePayload {
  return {
    schema: { fields: [{ name: 'n', type: 'integer' }] },
    rows: Array.from({ length: count }, (_, i) => [i]),
    rowCount,
    truncated
  };
}

describe('summarizeRows', () => {
  it.each([
    ['a whole result', received(3, 3, false), 3, '3 rows'],
    ['one row', received(1, 1, false), 1, '1 row'],
    ['no rows', received(0, 0, false), 0, '0 rows'],
    [
      'a result the kernel cut and counted',
      received(5, 120, true),
      5,
      "Showing 5 of 120 rows, cut by the kernel's row limit."
    ],
    [
      'a result the kernel cut without counting',
      received(5, 5, true),
      5,
      "Showing the first 5 rows; the kernel's row limit left out the rest."
    ],
    [
      'rows received but not drawn',
      received(5, 5, false),
      2,
      'Showing 2 of 5 rows; 3 rows more in the output are not drawn (setting "Rows drawn per table").'
    ],
    [
      'both limits at once',
      received(5, 120, true),
      2,
      "Showing 2 of 120 rows: the kernel's row limit sent 5, and 3 of those are not drawn (setting \"Rows drawn per table\")."
    ],
    [
      'a cut, uncounted result not fully drawn',
      received(5, 5, true),
      2,
      "Showing the first 2 rows: the kernel's row limit sent 5, and 3 of those are not drawn (setting \"Rows drawn per table\")."
    ]
  ])('describes %s', (_name, payload, drawn, expected) => {
    expect(summarizeRows(payload, drawn)).toBe(expected);
  });
});
