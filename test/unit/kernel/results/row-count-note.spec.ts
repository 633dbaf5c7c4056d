import { ITablePayload, TABLE_MIME_TYPE } from '@jupyterlab-emr/common';
import { renderHtmlTable } from '../../../../kernel/src/bundles/html-table';
import { rowCountNote } from '../../../../kernel/src/bundles/result-table';
import { tableBundle } from '../../../../kernel/src/bundles/table-bundle';
import { renderTextTable } from '../../../../kernel/src/bundles/text-table';

const rows = [[1], [2]];
const base: ITablePayload = { schema: { fields: [{ name: 'id', type: 'bigint' }] }, rows, rowCount: 2, truncated: false };

describe('rowCountNote', () => {
  it('says how many rows a complete result has', () => {
    expect(rowCountNote(base)).toBe('2 rows');
  });

  it('says how many of the counted rows a partial table shows', () => {
    expect(rowCountNote({ ...base, rowCount: 100_000, truncated: true })).toBe('100,000 rows, the table shows the first 2');
  });

  it('adds what the chart covers when Spark computed it over all rows, in the HTML and text fallbacks too', () => {
    const note = 'Chart over 100,000 rows, table shows the first 2 (sum(id) per id, computed by Spark).';
    const table: ITablePayload = {
      ...base,
      rowCount: 100_000,
      truncated: true,
      fullChart: { spec: {}, rowCount: 100_000, basis: 'aggregate', points: 2, capped: false, choice: { mark: 'bar', x: 'id' }, note }
    };
    expect(rowCountNote(table)).toBe(`100,000 rows, the table shows the first 2. ${note}`);
    expect(renderHtmlTable(table)).toContain(`<p class="jp-emr-ResultTable-footer">100,000 rows, the table shows the first 2. ${note}</p>`);
    expect(renderTextTable(table).split('\n').pop()).toBe(`(100,000 rows, the table shows the first 2. ${note})`);
  });

  it('keeps saying Livy may have cut a statement it could not count', () => {
    expect(rowCountNote({ ...base, truncated: true })).toBe("2 rows, Livy's row limit (livy.rsc.sql.num-rows); the result may have more");
  });
});

describe('renderTextTable of a large result', () => {
  it("aligns 200,000 rows (Livy's cap on the local stack) without overflowing the stack", () => {
    const many = Array.from({ length: 200_000 }, (_, i) => [i]);
    const text = renderTextTable({ ...base, rows: many, rowCount: many.length });
    expect(text.split('\n')[2]).toBe('     0');
    expect(text.split('\n')[200_001]).toBe('199999');
  });
});

describe('tableBundle of a large result', () => {
  it('keeps every row in the table type and the first 1,000 in the HTML and text fallbacks, saying so', () => {
    const many = Array.from({ length: 100_000 }, (_, i) => [i]);
    const bundle = tableBundle({ ...base, rows: many, rowCount: many.length }) as Record<string, unknown>;
    expect((bundle[TABLE_MIME_TYPE] as ITablePayload).rows).toHaveLength(100_000);
    expect(String(bundle['text/html']).match(/<tr>/g)).toHaveLength(1001);
    expect(String(bundle['text/html'])).toContain('>100,000 rows, the table shows the first 1,000</p>');
    expect(String(bundle['text/plain']).split('\n')).toHaveLength(1003);
  });
});
