import { NotebookParameters } from '../../../../kernel/src/parameters/notebook-parameters';
import { parseParameterCell } from '../../../../kernel/src/parameters/parameter-cell';

// What papermill 2.7's Scala translator writes for
// {region: 'café "q"\n€😀', limit: 3000000000, small: -5, ratio: 1.5e-7, dry_run: True, nothing: None}.
const PAPERMILL_CELL =
  '// Parameters\nval region = "caf\\xe9 \\"q\\"\\n\\u20ac\\U0001f600"\nval limit = 3000000000L\nval small = -5\n' + 'val ratio = 1.5e-07\nval dry_run = true\nval nothing = None\n';

describe('parseParameterCell', () => {
  it("reads papermill's injected cell, Python escapes included", () => {
    expect(parseParameterCell(PAPERMILL_CELL)).toEqual([
      { name: 'region', value: { kind: 'string', text: 'café "q"\n€😀' } },
      { name: 'limit', value: { kind: 'number', literal: '3000000000L' } },
      { name: 'small', value: { kind: 'number', literal: '-5' } },
      { name: 'ratio', value: { kind: 'number', literal: '1.5e-07' } },
      { name: 'dry_run', value: { kind: 'boolean', value: true } },
      { name: 'nothing', value: { kind: 'none' } }
    ]);
  });

  it('reads a hand-written parameters cell with types, semicolons, comments and %%scala', () => {
    const cell = '%%scala\n// Parameters: the defaults\n/* and more */\nval bucket: String = "bronze-logs"; // where the logs are\n\n  var days = 7\n';
    expect(parseParameterCell(cell)).toEqual([
      { name: 'bucket', value: { kind: 'string', text: 'bronze-logs' } },
      { name: 'days', value: { kind: 'number', literal: '7' } }
    ]);
  });

  it.each([
    ['a value without the // Parameters comment', 'val a = 1'],
    ['a comment that is not the marker', '// parameterless\nval a = 1'],
    ['an expression', '// Parameters\nval a = 1 + 2'],
    ['a call', '// Parameters\nval a = "x".toUpperCase'],
    ['a Seq (papermill lists)', '// Parameters\nval a = Seq(1, 2)'],
    ['two definitions on a line', '// Parameters\nval a = 1; val b = 2'],
    ['an unterminated string', '// Parameters\nval a = "x'],
    ['an unknown escape', '// Parameters\nval a = "\\q"'],
    ['a triple-quoted string', '// Parameters\nval a = """x"""'],
    ['other code after the values', '// Parameters\nval a = 1\nprintln(a)'],
    ['only comments', '// Parameters\n// nothing'],
    ['an empty cell', ''],
    ['another magic', '%%sql\n// Parameters\nval a = 1'],
    ['%%scala with arguments', '%%scala -x\n// Parameters\nval a = 1']
  ])('leaves %s to Spark', (_what, cell) => {
    expect(parseParameterCell(cell)).toBeUndefined();
  });
});

describe('NotebookParameters', () => {
  function parameters(cell: string): NotebookParameters {
    const notebook = new NotebookParameters();
    notebook.define(parseParameterCell(cell) ?? []);
    return notebook;
  }

  it('fills ${name} in magic cells with the value as text, keeping unknown names for Spark', () => {
    const notebook = parameters(PAPERMILL_CELL);
    expect(notebook.substitute('%%sql\nSELECT * FROM t WHERE r = "${region}" AND n < ${limit} AND x = ${small} LIMIT ${other}')).toBe(
      '%%sql\nSELECT * FROM t WHERE r = "café "q"\n€😀" AND n < 3000000000 AND x = -5 LIMIT ${other}'
    );
    expect(notebook.substitute('%livy.sql SELECT ${dry_run}, "${nothing}"')).toBe('%livy.sql SELECT true, ""');
    expect(notebook.substitute('%emr describe ${region}')).toBe('%emr describe café "q"\n€😀');
  });

  it.each(['val s = s"${region}"', '%%scala\ns"${region}"', '%spark s"${region}"', '%%pyspark\nf"${region}"'])('leaves Scala and Python cells alone: %p', cell => {
    expect(parameters(PAPERMILL_CELL).substitute(cell)).toBe(cell);
  });

  it('defines the values in each language once, until they change', async () => {
    const notebook = parameters(PAPERMILL_CELL);
    expect(notebook.pendingDefinitions('scala')).toBe('val region = "café \\"q\\"\\n€😀"\nval limit = 3000000000L\nval small = -5\nval ratio = 1.5e-07\nval dry_run = true\nval nothing = None');
    expect(notebook.pendingDefinitions('pyspark')).toBe('region = "café \\"q\\"\\n€😀"\nlimit = 3000000000\nsmall = -5\nratio = 1.5e-07\ndry_run = True\nnothing = None');
    const sent: string[] = [];
    await notebook.flush('scala', async code => void sent.push(code));
    await notebook.flush('scala', async code => void sent.push(code));
    expect(sent).toHaveLength(1);
    notebook.define(parseParameterCell('// Parameters\nval small = 6') ?? []);
    expect(notebook.pendingDefinitions('scala')).toBe('val small = 6');
  });

  it('keeps definitions pending when sending them failed', async () => {
    const notebook = parameters('// Parameters\nval a = 1');
    await expect(notebook.flush('scala', async () => Promise.reject(new Error('Livy is down')))).rejects.toThrow('Livy is down');
    expect(notebook.pendingDefinitions('scala')).toBe('val a = 1');
  });
});
