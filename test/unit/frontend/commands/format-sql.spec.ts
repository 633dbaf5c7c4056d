import { formatSqlCell, SqlFormatError } from '../../../../src/commands/format-sql';
import { COMMANDS_DEFAULTS } from '../settings';

// Spark's grammar puts LATERAL VIEW on a line of its own; Hive's keeps it after the table name.
const LATERAL_VIEW = 'select a from t lateral view outer explode(x) e as y';

describe('formatSqlCell', () => {
  it('keeps the magic line byte for byte and formats the body', () => {
    const source = '%%sql   --limit 10  -o df\nselect a,b from t where a>1';
    expect(formatSqlCell(source, COMMANDS_DEFAULTS)).toBe('%%sql   --limit 10  -o df\nSELECT\n  a,\n  b\nFROM\n  t\nWHERE\n  a > 1');
  });

  it('formats %%sql with the Spark dialect', () => {
    const lines = formatSqlCell(`%%sql\n${LATERAL_VIEW}`, COMMANDS_DEFAULTS).split('\n');
    expect(lines).toContain('LATERAL VIEW OUTER EXPLODE (x) e AS y');
  });

  it('formats %%hive with the Hive dialect', () => {
    const lines = formatSqlCell(`%%hive\n${LATERAL_VIEW}`, COMMANDS_DEFAULTS).split('\n');
    expect(lines).toContain('  t LATERAL VIEW OUTER explode(x) e AS y');
  });

  it('formats %%aurora with standard SQL and keeps its --target line', () => {
    expect(formatSqlCell('%%aurora --target silver-pg\nselect a,count(*) from public.events group by a', COMMANDS_DEFAULTS)).toBe(
      '%%aurora --target silver-pg\nSELECT\n  a,\n  count(*)\nFROM\n  public.events\nGROUP BY\n  a'
    );
  });

  it('uses the dialect the settings give a magic', () => {
    const settings = { ...COMMANDS_DEFAULTS, dialects: { sql: 'hive' as const, hive: 'hive' as const } };
    expect(formatSqlCell(`%%sql\n${LATERAL_VIEW}`, settings)).toBe(formatSqlCell(`%%hive\n${LATERAL_VIEW}`, settings).replace('%%hive', '%%sql'));
  });

  it('applies keyword case, indent width and blank lines between statements', () => {
    const settings = { ...COMMANDS_DEFAULTS, keywordCase: 'lower' as const, tabWidth: 4, linesBetweenQueries: 2 };
    expect(formatSqlCell('%%sql\nSELECT a FROM t; SELECT b FROM u', settings)).toBe('%%sql\nselect\n    a\nfrom\n    t;\n\n\nselect\n    b\nfrom\n    u');
  });

  it.each([
    ['a Scala cell', 'val df = spark.sql("select 1")'],
    ['a %%scala cell', '%%scala\nselect a from t'],
    ['a %%pyspark cell', '%%pyspark\nspark.sql("select a from t").show()'],
    ['a magic that only starts like sql', '%%sqlite\nselect a from t'],
    ['a line magic', '%sql select a from t'],
    ['a Zeppelin %sql paragraph with code on its prefix line', '%sql select a\nfrom t'],
    ['a %%sql cell with an empty body', '%%sql --limit 5\n  \n'],
    ['a bare %%hive line', '%%hive'],
    ['a %%silver cell, whose body may be empty (--from)', '%%silver --table public.t\nselect a from t'],
    ['a %%configure cell', '%%configure\n{"conf": {}}']
  ])('returns %s unchanged', (_name, source) => {
    expect(formatSqlCell(source, COMMANDS_DEFAULTS)).toBe(source);
  });

  it('formats a cell whose magic follows blank lines, as the kernel runs it, keeping those lines', () => {
    const formatted = formatSqlCell('\n%%sql\nselect a from t', COMMANDS_DEFAULTS);
    expect(formatted).toBe(`\n${formatSqlCell('%%sql\nselect a from t', COMMANDS_DEFAULTS)}`);
    expect(formatted).not.toBe('\n%%sql\nselect a from t');
  });

  it('formats a Zeppelin %sql paragraph below its prefix line', () => {
    expect(formatSqlCell('%sql\nselect a from t', COMMANDS_DEFAULTS)).toBe(`%sql\n${formatSqlCell('%%sql\nselect a from t', COMMANDS_DEFAULTS).split('\n').slice(1).join('\n')}`);
  });

  it('throws instead of guessing when the body is not SQL it can parse, naming the cell line', () => {
    const source = '%%sql\nselect a\nfrom t where )';
    expect(() => formatSqlCell(source, COMMANDS_DEFAULTS)).toThrow(SqlFormatError);
    expect(() => formatSqlCell(source, COMMANDS_DEFAULTS)).toThrow(/^Parse error.* at line 3 column \d+$/);
  });
});
