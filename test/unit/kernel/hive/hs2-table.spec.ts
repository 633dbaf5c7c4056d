import { Hs2Column, Hs2Type, IHs2ColumnDesc, tableFromHs2 } from '../../../../kernel/src/hive/hs2-table';
import { LosslessNumber } from '../../../../kernel/src/json/lossless-json';

function column(columnName: string, position: number, type: number, qualifiers: Record<string, { i32Value: number }> = {}): IHs2ColumnDesc {
  return { columnName, position, typeDesc: { types: [{ primitiveEntry: { type, typeQualifiers: { qualifiers } } }] } };
}

/** A thrift i64 as node-int64 carries it: 8 big-endian bytes. */
function int64(value: bigint): { buffer: Buffer; offset: number } {
  const buffer = Buffer.alloc(8);
  buffer.writeBigInt64BE(value);
  return { buffer, offset: 0 };
}

describe('tableFromHs2', () => {
  it('turns column-wise row sets into rows with Hive type names and exact values', () => {
    const columns = [
      column('t.id', 0, Hs2Type.Int),
      column('big', 1, Hs2Type.BigInt),
      column('price', 2, Hs2Type.Decimal, { precision: { i32Value: 10 }, scale: { i32Value: 2 } }),
      column('tags', 3, Hs2Type.Map),
      column('raw', 4, Hs2Type.Binary),
      column('code', 5, Hs2Type.Varchar, { characterMaximumLength: { i32Value: 8 } })
    ];
    const rowSet: Hs2Column[] = [
      { i32Val: { values: [1, 0], nulls: Buffer.from([0b10]) } },
      { i64Val: { values: [int64(9007199254740993n), int64(-5n)], nulls: Buffer.from([]) } },
      { stringVal: { values: ['2.50', '-0.01'], nulls: null } },
      { stringVal: { values: ['{"k":12345678901234567890}', 'not json'], nulls: null } },
      { binaryVal: { values: [Buffer.from([1, 255]), Buffer.from([])], nulls: null } },
      { stringVal: { values: ['ab', 'cd'], nulls: null } }
    ];
    const table = tableFromHs2(columns, [rowSet], false);
    expect(table.schema.fields).toEqual([
      { name: 'id', type: 'int' },
      { name: 'big', type: 'bigint' },
      { name: 'price', type: 'decimal(10,2)' },
      { name: 'tags', type: 'map' },
      { name: 'raw', type: 'binary' },
      { name: 'code', type: 'varchar(8)' }
    ]);
    expect(JSON.parse(JSON.stringify(table.rows))).toEqual([
      [1, '9007199254740993', '2.50', { k: '12345678901234567890' }, '01 ff', 'ab'],
      [null, -5, '-0.01', 'not json', '', 'cd']
    ]);
    expect(table.rows[0][1]).toBeInstanceOf(LosslessNumber);
    expect(table.rowCount).toBe(2);
  });

  it('orders columns by position and concatenates row sets', () => {
    const columns = [column('b', 1, Hs2Type.String), column('a', 0, Hs2Type.Boolean)];
    const table = tableFromHs2(
      columns,
      [
        [{ boolVal: { values: [true] } }, { stringVal: { values: ['x'] } }],
        [{ boolVal: { values: [false] } }, { stringVal: { values: ['y'] } }]
      ],
      true
    );
    expect(table.schema.fields.map(field => field.name)).toEqual(['a', 'b']);
    expect(table.rows).toEqual([
      [true, 'x'],
      [false, 'y']
    ]);
    expect(table.truncated).toBe(true);
  });
});
