import { LosslessNumber } from '../../../../kernel/src/json/lossless-json';
import { formatValue, rowCountNote, tableFromSqlOutput } from '../../../../kernel/src/bundles/result-table';
import { recordedSqlOutput } from './sql-fixtures';

describe('tableFromSqlOutput', () => {
  const table = tableFromSqlOutput(recordedSqlOutput('statement-sql-typed'), 1000);

  it("names every column with Spark's type, nested types included", () => {
    expect(table.schema.fields).toEqual([
      { name: 'i', type: 'integer' },
      { name: 'd', type: 'decimal(38,18)' },
      { name: 'd2', type: 'decimal(10,2)' },
      { name: 'big', type: 'long' },
      { name: 'dbl', type: 'double' },
      { name: 'f', type: 'float' },
      { name: 'dt', type: 'date' },
      { name: 'ts', type: 'timestamp' },
      { name: 'n', type: 'void' },
      { name: 's', type: 'string' },
      { name: 'b', type: 'boolean' },
      { name: 'arr', type: 'array<integer>' },
      { name: 'm', type: 'map<string,integer>' },
      { name: 'st', type: 'struct<a:integer,b:string>' },
      { name: 'bin', type: 'binary' }
    ]);
  });

  it('keeps values with their real types: exact longs, structs by field name, binary as hex', () => {
    const [row] = table.rows;
    expect(row[0]).toBe(1);
    expect(row[3]).toEqual(new LosslessNumber('9007199254740993'));
    expect(row[4]).toBe(0.30000000000000004);
    expect(row[8]).toBeNull();
    expect(row[10]).toBe(true);
    expect(row[11]).toEqual([1, 2]);
    expect(row[12]).toEqual({ k: 1 });
    expect(row[13]).toEqual({ a: 1, b: 'x' });
    expect(row[14]).toBe('01 02');
  });

  it('marks a result of exactly the server row limit as possibly cut short', () => {
    const rows = recordedSqlOutput('statement-sql-rows');
    expect(tableFromSqlOutput(rows, 3)).toMatchObject({ rowCount: 3, truncated: true });
    expect(tableFromSqlOutput(rows, 4)).toMatchObject({ rowCount: 3, truncated: false });
    expect(tableFromSqlOutput(rows, 0).truncated).toBe(false);
    expect(rowCountNote(tableFromSqlOutput(rows, 3))).toMatch(/^3 rows, Livy's row limit/);
  });

  it('gives DDL an empty table', () => {
    expect(tableFromSqlOutput(recordedSqlOutput('statement-sql-ddl'), 1000)).toEqual({ schema: { fields: [] }, rows: [], rowCount: 0, truncated: false });
  });
});

describe('formatValue', () => {
  it.each<[unknown, string]>([
    [null, 'NULL'],
    [new LosslessNumber('1.50'), '1.50'],
    [[1, [2, null]], '[1, [2, NULL]]'],
    [{ a: 1, b: { c: 'x' } }, '{a: 1, b: {c: x}}'],
    [false, 'false'],
    ['', '']
  ])('shows %j as %j', (value, text) => {
    expect(formatValue(value)).toBe(text);
  });
});
