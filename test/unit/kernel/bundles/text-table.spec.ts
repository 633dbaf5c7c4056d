import { ITablePayload } from '@jupyterlab-emr/common';
import { tableFromSqlOutput } from '../../../../kernel/src/bundles/result-table';
import { renderTextTable } from '../../../../kernel/src/bundles/text-table';
import { recordedSqlOutput } from './sql-fixtures';

describe('renderTextTable', () => {
  it('aligns columns, numbers to the right, with a row count below', () => {
    const text = renderTextTable(tableFromSqlOutput(recordedSqlOutput('statement-sql-rows'), 1000));
    expect(text.split('\n')).toEqual(['id | half | label', '---+------+------', ' 0 |  0.0 | row-0', ' 1 |  1.5 | row-1', ' 2 |  3.0 | row-2', '(3 rows)']);
  });

  it('keeps a value with line breaks and tabs on one line', () => {
    const table: ITablePayload = { schema: { fields: [{ name: 'v', type: 'string' }] }, rows: [['a\nb\tc']], rowCount: 1, truncated: false };
    expect(renderTextTable(table).split('\n')[2]).toBe('a\\nb\\tc');
  });

  it('counts an emoji as one column', () => {
    const table: ITablePayload = { schema: { fields: [{ name: 'v', type: 'string' }] }, rows: [['😀'], ['ab']], rowCount: 2, truncated: false };
    expect(renderTextTable(table).split('\n')[1]).toBe('--');
  });

  it('renders nothing for a statement without columns', () => {
    expect(renderTextTable({ schema: { fields: [] }, rows: [], rowCount: 0, truncated: false })).toBe('');
  });
});
