import { ITablePayload } from '@jupyterlab-emr/common';
import fc from 'fast-check';
import { renderHtmlTable } from '../../../../kernel/src/bundles/html-table';
import { tableFromSqlOutput } from '../../../../kernel/src/bundles/result-table';
import { recordedSqlOutput } from './sql-fixtures';

function oneCell(name: string, type: string, value: unknown): ITablePayload {
  return { schema: { fields: [{ name, type }] }, rows: [[value]], rowCount: 1, truncated: false };
}

describe('renderHtmlTable', () => {
  it('shows markup in values, names and types as text', () => {
    const html = renderHtmlTable(oneCell('<i>n</i>', 'string"><script>', '<img src=x onerror=alert(1)>'));
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&lt;i&gt;n&lt;/i&gt;');
    expect(html).toContain('title="string&quot;&gt;&lt;script&gt;"');
    expect(html).not.toMatch(/<img|<script|<i>/);
  });

  it('never lets a value open a tag of its own, whatever it holds', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (name, value) => {
        const html = renderHtmlTable(oneCell(name, 'string', value));
        const tags = html.match(/<[a-z/][^>]*>/g) ?? [];
        expect(tags.every(tag => /^<\/?(table|thead|tbody|tr|th|td|p)[\s>]/.test(tag))).toBe(true);
      })
    );
  });

  it('says how many rows and whether Livy may have cut the result short', () => {
    const rows = recordedSqlOutput('statement-sql-rows');
    expect(renderHtmlTable(tableFromSqlOutput(rows, 1000))).toContain('<p class="jp-emr-ResultTable-footer">3 rows</p>');
    expect(renderHtmlTable(tableFromSqlOutput(rows, 3))).toContain('the result may have more');
  });

  it('right-aligns numeric columns', () => {
    const html = renderHtmlTable(tableFromSqlOutput(recordedSqlOutput('statement-sql-rows'), 1000));
    expect(html).toContain('<td style="text-align: right; white-space: pre">1.5</td>');
    expect(html).toContain('<td style="text-align: left; white-space: pre">row-1</td>');
  });
});
