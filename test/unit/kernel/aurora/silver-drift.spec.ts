import { acceptedSparkTypes, checkDrift, ITargetColumn, requiredColumns, schemaDifferences } from '../../../../kernel/src/aurora/silver/drift';

const column = (name: string, type: string, family: ITargetColumn['family'], nullable = true, filled = false): ITargetColumn => ({ name, type, family, nullable, filled });

const TABLE: ITargetColumn[] = [
  column('id', 'bigint', 'integer', false),
  column('name', 'text', 'text'),
  column('amount', 'numeric', 'decimal'),
  column('day', 'date', 'date'),
  column('loaded_at', 'timestamp with time zone', 'timestamp', false, true),
  column('owner', 'text', 'text', false)
];

describe("%%silver's schema drift check", () => {
  it('finds every kind of difference: a column only the result has, a required column it lacks, a type that does not fit', () => {
    const fields = [
      { name: 'ID', type: 'long', nullable: false },
      { name: 'name', type: 'string', nullable: true },
      { name: 'amount', type: 'string', nullable: true },
      { name: 'day', type: 'timestamp', nullable: true },
      { name: 'extra', type: 'decimal(10,2)', nullable: true }
    ];
    expect(schemaDifferences(TABLE, fields)).toEqual([
      { column: 'amount', result: 'string', table: 'numeric', difference: 'a string does not fit a numeric column' },
      { column: 'day', result: 'timestamp', table: 'date', difference: 'a timestamp does not fit a date column' },
      { column: 'extra', result: 'decimal(10,2)', table: '', difference: 'not in the table' },
      { column: 'owner', result: '', table: 'text', difference: 'not in the result, and NOT NULL without a default' }
    ]);
  });

  it('lets numbers widen, dates become timestamps and anything but bytes become text; the database judges widths', () => {
    const fields = [
      { name: 'id', type: 'integer', nullable: false },
      { name: 'name', type: 'timestamp', nullable: true },
      { name: 'amount', type: 'double', nullable: true },
      { name: 'day', type: 'date', nullable: true },
      { name: 'loaded_at', type: 'date', nullable: true },
      { name: 'owner', type: 'string', nullable: false }
    ];
    expect(schemaDifferences(TABLE, fields)).toEqual([]);
    expect(schemaDifferences([column('blob', 'bytea', 'binary')], [{ name: 'blob', type: 'string', nullable: true }])).toHaveLength(1);
    expect(schemaDifferences([column('doc', 'jsonb', 'other')], [{ name: 'doc', type: 'string', nullable: true }])).toEqual([]);
  });

  it('refuses with a table of the differences and the remedies, and with --evolve returns the columns to add', () => {
    const fields = [
      { name: 'id', type: 'long', nullable: false },
      { name: 'owner', type: 'string', nullable: false },
      { name: 'extra', type: 'string', nullable: true }
    ];
    expect(() => checkDrift('public.t', TABLE, fields, false)).toThrow(
      /the result does not fit public\.t \(its columns: id, name, amount, day, loaded_at, owner\); nothing was written\. 1 difference:\n\ncolumn \| result \| table \| difference\n-+\+.*\nextra {2}\| string \|\s+\| not in the table[\s\S]*add the new columns with --evolve/
    );
    expect(checkDrift('public.t', TABLE, fields, true)).toEqual([fields[2]]);
    // --evolve adds columns; it does not make a type fit or fill a required column.
    expect(() => checkDrift('public.t', TABLE, [fields[0], fields[2]], true)).toThrow(/owner .*not in the result, and NOT NULL without a default/);
  });

  it('tells the writer in the session which Spark types a column takes and which columns the rows must have', () => {
    expect(acceptedSparkTypes(column('n', 'numeric', 'decimal'))).toEqual(['byte', 'short', 'integer', 'long', 'float', 'double', 'decimal']);
    expect(acceptedSparkTypes(column('d', 'date', 'date'))).toEqual(['date']);
    expect(acceptedSparkTypes(column('x', 'inet', 'other'))).toHaveLength(13);
    expect(requiredColumns(TABLE)).toEqual(['id', 'owner']);
  });
});
