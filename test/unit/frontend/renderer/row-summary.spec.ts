import { ITablePayload } from '@jupyterlab-emr/common';

import { chartNote, summarizeRows } from '../../../../src/renderer/row-summary';

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
    ['a whole result', received(3, 3, false), '3 rows'],
    ['one row', received(1, 1, false), '1 row'],
    ['no rows', received(0, 0, false), '0 rows'],
    ['a large whole result', received(12_000, 12_000, false), `${(12_000).toLocaleString()} rows`],
    ['a result the kernel cut and counted', received(5, 120, true), "Showing 5 of 120 rows, cut by the kernel's row limit."],
    ['a result the kernel cut without counting', received(5, 5, true), "Showing the first 5 rows; the kernel's row limit left out the rest."]
  ])('describes %s', (_name, payload, expected) => {
    expect(summarizeRows(payload)).toBe(expected);
  });
});

describe('chartNote', () => {
  const bar = { mark: 'bar', x: 'n' };

  it('says nothing when the chart has every row of the result', () => {
    expect(chartNote(received(3, 3, false), bar)).toBe('');
  });

  it('says the chart has only the table rows when the kernel cut the result, and which options chart them all', () => {
    expect(chartNote(received(5, 120, true), { ...bar, y: 'amount', aggregate: 'sum' })).toBe(
      "Chart over the table's 5 rows only; the result has 120 rows. To chart every row, re-run the cell with --chart bar --x n --y amount --agg sum."
    );
    expect(chartNote(received(5, 5, true), { mark: 'point', x: 'first name', y: 'say "hi"', color: 'c' })).toBe(
      'Chart over the table\'s 5 rows only; the result has more. To chart every row, re-run the cell with --chart point --x "first name" --y "say \\"hi\\"" --color c.'
    );
  });
});
