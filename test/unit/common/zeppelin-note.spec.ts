import { readFileSync } from 'fs';
import * as path from 'path';
import { importZeppelinNote, INotebookCell, parameterIdentifier, replaceForms, IFormField, scalaStringLiteral, ZeppelinNoteError } from '@jupyterlab-emr/common';

const NOTE_PATH = path.join(__dirname, '..', '..', 'fixtures', 'zeppelin', 'access-logs.zpln');
const note = (): unknown => JSON.parse(readFileSync(NOTE_PATH, 'utf8'));

function sources(cells: INotebookCell[]): Array<[string, string]> {
  return cells.map(cell => [cell.cell_type, cell.source]);
}

describe('importZeppelinNote', () => {
  const { notebook, parameters, warnings } = importZeppelinNote(note());

  it('writes a notebook for the emr-livy kernel that papermill reads as Scala', () => {
    expect(notebook.nbformat).toBe(4);
    expect(notebook.metadata.kernelspec).toEqual({ name: 'emr-livy', display_name: 'Spark on EMR (Livy)', language: 'scala' });
    expect((notebook.metadata.language_info as { name: string }).name).toBe('scala');
    const ids = notebook.cells.map(cell => cell.id);
    expect(new Set(ids).size).toBe(ids.length);
    ids.forEach(id => expect(id).toMatch(/^[A-Za-z0-9_-]{1,64}$/));
  });

  it('turns each paragraph into the matching cell, in order', () => {
    expect(sources(notebook.cells)).toEqual([
      ['markdown', '# Access logs/errors by path\n\nImported from Zeppelin.'],
      [
        'code',
        "// Parameters: Zeppelin's form fields, with their defaults. SQL and Hive cells use them as ${name};\n" +
          '// change them here, or run headless with papermill -p NAME VALUE.\n' +
          'val min_status = "400"\nval path = "/a"\nval statuses = "404,500"\nval team = "data"'
      ],
      ['markdown', '### About'],
      ['markdown', '## Access logs\nErrors by path, from the **bronze** logs.'],
      [
        'code',
        'case class Hit(path: String, status: Int)\nval hits = Seq(Hit("/a", 200), Hit("/a", 404), Hit("/b", 500), Hit("/b", 503), Hit("/c", 404)).toDF()\n' +
          'hits.createOrReplaceTempView("zeppelin_hits")\nprintln(s"${hits.count} hits")'
      ],
      ['code', '%%sql\nSELECT path, COUNT(*) AS errors\nFROM zeppelin_hits\nWHERE status >= ${min_status}\nGROUP BY path ORDER BY path'],
      ['code', "%%sql\nSELECT * FROM zeppelin_hits WHERE path = '${path}' AND status IN (${statuses})"],
      ['code', "%%pyspark\nprint(spark.table('zeppelin_hits').count())"],
      ['raw', '%sh\nls /tmp'],
      ['code', 'val again = 1'],
      ['code', "%%sql\nSELECT ${min_status} AS threshold, '${team}' AS team"]
    ]);
  });

  it('tags the parameters cell for papermill and lists the forms with their defaults', () => {
    const parametersCell = notebook.cells.find(cell => cell.metadata.tags?.includes('parameters'));
    expect(parametersCell?.id).toBe('zeppelin-parameters');
    expect(parameters).toEqual([
      { name: 'min_status', formName: 'min_status', defaultValue: '400' },
      { name: 'path', formName: 'path', defaultValue: '/a' },
      { name: 'statuses', formName: 'statuses', defaultValue: '404,500' },
      { name: 'team', formName: 'team', defaultValue: 'data' }
    ]);
  });

  it('says what did not carry over', () => {
    expect(warnings).toEqual([
      'Paragraph 6 runs on %sh, which this kernel does not run; it is kept as a raw cell.',
      'Paragraph 8: form min_status has the defaults "400" and "300"; the parameter keeps the first.'
    ]);
  });

  it('leaves ${…} in Scala and Python paragraphs alone (string interpolation there)', () => {
    const scala = notebook.cells.find(cell => cell.id === 'zeppelin-2');
    expect(scala?.source).toContain('s"${hits.count} hits"');
  });

  it('uses the note default interpreter for paragraphs without a prefix', () => {
    const { notebook: markdownNote } = importZeppelinNote({ defaultInterpreterGroup: 'md', paragraphs: [{ text: 'just *text*' }] });
    expect(sources(markdownNote.cells).slice(1)).toEqual([['markdown', 'just *text*']]);
  });

  it('maps %jdbc(hive) to %%hive and keeps other %jdbc sources raw', () => {
    const { notebook: jdbc, warnings: jdbcWarnings } = importZeppelinNote({
      paragraphs: [{ text: '%jdbc(hive)\nSELECT ${n=1}' }, { text: '%jdbc(mysql)\nSELECT 1' }]
    });
    expect(sources(jdbc.cells).slice(2)).toEqual([
      ['code', '%%hive\nSELECT ${n}'],
      ['raw', '%jdbc(mysql)\nSELECT 1']
    ]);
    expect(jdbcWarnings).toEqual(['Paragraph 2 runs on %jdbc, which this kernel does not run; it is kept as a raw cell.']);
  });

  it('writes no parameters cell for a note without forms', () => {
    const { notebook: plain, parameters: none } = importZeppelinNote({ paragraphs: [{ text: '%sql SELECT 1' }] });
    expect(none).toEqual([]);
    expect(plain.cells.some(cell => cell.metadata.tags?.includes('parameters'))).toBe(false);
  });

  it.each([null, 42, [], {}, { paragraphs: 'x' }])('refuses %p with a sentence that says how to export a note', input => {
    expect(() => importZeppelinNote(input)).toThrow(ZeppelinNoteError);
    expect(() => importZeppelinNote(input)).toThrow(/Export this note/);
  });
});

describe('Zeppelin forms', () => {
  it.each([
    ['${a}', 'a', ''],
    ['${a=1}', 'a', '1'],
    ['${a=x y}', 'a', 'x y'],
    ['${a=2,1|2|3}', 'a', '2'],
    ['${a=b,a(Alpha)|b(Beta)}', 'a', 'b'],
    ['${a(Label)=v}', 'a', 'v'],
    ['${checkbox:a=x|y,x|y|z}', 'a', 'x,y'],
    ['${checkbox( and ):a=x|y,x|y|z}', 'a', 'x and y'],
    ['${checkbox:a=x}', 'a', 'x'],
    ['$${a=note}', 'a', 'note']
  ])('%s becomes parameter %s with default "%s"', (form, name, defaultValue) => {
    const fields = new Map<string, IFormField>();
    expect(replaceForms(`[${form}]`, fields, [])).toBe(`[\${${name}}]`);
    expect(fields.get(name)?.defaultValue).toBe(defaultValue);
  });

  it.each([
    ['my param', 'my_param'],
    ['3rd', 'p_3rd'],
    ['type', 'type_'],
    ['class', 'class_'],
    ['é', '_']
  ])('names form %p %p', (formName, name) => {
    expect(parameterIdentifier(formName)).toBe(name);
  });

  it('gives two forms whose names clean up alike two parameters', () => {
    const fields = new Map<string, IFormField>();
    expect(replaceForms('${a b=1} ${a-b=2}', fields, [])).toBe('${a_b} ${a_b_2}');
    expect([...fields.values()].map(field => [field.formName, field.defaultValue])).toEqual([
      ['a b', '1'],
      ['a-b', '2']
    ]);
  });
});

describe('scalaStringLiteral', () => {
  it.each([
    ['plain', '"plain"'],
    ['say "hi"', '"say \\"hi\\""'],
    ['a\\b', '"a\\\\b"'],
    ['two\nlines\ttab', '"two\\nlines\\ttab"'],
    ['café €', '"café €"']
  ])('writes %p as %s', (value, literal) => {
    expect(scalaStringLiteral(value)).toBe(literal);
  });
});
