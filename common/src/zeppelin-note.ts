/**
 * A Zeppelin note (its JSON export, 0.7 to 0.12) as a notebook for the emr-livy kernel. Shared by
 * the `emr-zeppelin-import` command line and the JupyterLab command, so both import alike.
 */
import { emrLivyNotebookMetadata, INotebookCell, INotebookJson, notebookCell, PARAMETERS_TAG, parametersCellSource } from './notebook-json';
import { IFormField, replaceForms } from './zeppelin-forms';

export class ZeppelinNoteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZeppelinNoteError';
  }
}

export interface IZeppelinImport {
  notebook: INotebookJson;
  /** The note's form fields, now the notebook's parameters. */
  parameters: IFormField[];
  /** What did not carry over as it was, one sentence each (paragraph numbers count from 1). */
  warnings: string[];
}

type Target = { kind: 'code'; magic: '' | '%%sql' | '%%hive' | '%%pyspark' } | { kind: 'markdown' } | { kind: 'raw' };

/** Every interpreter name a Livy- or Spark-based Zeppelin note uses, and the cell it becomes. */
const INTERPRETERS: ReadonlyMap<string, Target> = new Map<string, Target>([
  ...['spark', 'spark.spark', 'livy', 'livy.spark', 'livy.shared'].map(name => [name, { kind: 'code', magic: '' }] as const),
  ...['sql', 'spark.sql', 'livy.sql'].map(name => [name, { kind: 'code', magic: '%%sql' }] as const),
  ...['hive', 'jdbc(hive)'].map(name => [name, { kind: 'code', magic: '%%hive' }] as const),
  ...['pyspark', 'spark.pyspark', 'livy.pyspark', 'livy.pyspark3'].map(name => [name, { kind: 'code', magic: '%%pyspark' }] as const),
  ...['md', 'markdown', 'html'].map(name => [name, { kind: 'markdown' }] as const)
]);

// `%livy.sql`, `%jdbc(hive)`, `%spark.sql(saveAs=x)`, code may follow on the same line.
const PREFIX = /^\s*%([\w.-]+)(\(([^)]*)\))?[ \t]*/;

interface IParagraph {
  text: string;
  title?: string;
}

function paragraphsOf(note: unknown): IParagraph[] {
  const paragraphs = (note as { paragraphs?: unknown } | null)?.paragraphs;
  if (typeof note !== 'object' || note === null || !Array.isArray(paragraphs)) {
    throw new ZeppelinNoteError(
      'This is not a Zeppelin note: a note export is a JSON object with a "paragraphs" array. In Zeppelin, use the note\'s "Export this note" button and import the .json (or .zpln) file it saves.'
    );
  }
  return paragraphs.map(paragraph => {
    const { text, title } = (paragraph ?? {}) as { text?: unknown; title?: unknown };
    return { text: typeof text === 'string' ? text : '', title: typeof title === 'string' && title.trim() !== '' ? title.trim() : undefined };
  });
}

/** The interpreter a paragraph without a prefix runs on: the note's default group. */
function defaultInterpreter(note: Record<string, unknown>): string {
  const group = note.defaultInterpreterGroup ?? (note.config as Record<string, unknown> | undefined)?.defaultInterpreterGroup;
  return typeof group === 'string' && group !== '' ? group.toLowerCase() : 'spark';
}

function splitPrefix(text: string, fallback: string): { interpreter: string; body: string } {
  const match = PREFIX.exec(text);
  if (!match) {
    return { interpreter: fallback, body: text };
  }
  const name = match[1].toLowerCase();
  // `%jdbc(hive)` names its data source in parentheses; other properties (saveAs=…) do not change the language.
  const interpreter = name === 'jdbc' && match[3]?.trim().toLowerCase() === 'hive' ? 'jdbc(hive)' : name;
  return { interpreter, body: text.slice(match[0].length).replace(/^\n/, '') };
}

function noteName(note: Record<string, unknown>): string {
  return typeof note.name === 'string' && note.name.trim() !== '' ? note.name.trim() : 'Zeppelin note';
}

const PARAMETERS_COMMENT = "Parameters: Zeppelin's form fields, with their defaults. SQL and Hive cells use them as ${name};\n" + 'change them here, or run headless with papermill -p NAME VALUE.';

export function importZeppelinNote(note: unknown): IZeppelinImport {
  const paragraphs = paragraphsOf(note);
  const record = note as Record<string, unknown>;
  const fallback = defaultInterpreter(record);
  const fields = new Map<string, IFormField>();
  const warnings: string[] = [];
  const cells: INotebookCell[] = [notebookCell('zeppelin-title', 'markdown', `# ${noteName(record)}\n\nImported from Zeppelin.`)];

  paragraphs.forEach((paragraph, index) => {
    const number = index + 1;
    if (paragraph.title) {
      cells.push(notebookCell(`zeppelin-${number}-title`, 'markdown', `### ${paragraph.title}`));
    }
    if (paragraph.text.trim() === '') {
      return;
    }
    const { interpreter, body } = splitPrefix(paragraph.text, fallback);
    const target = INTERPRETERS.get(interpreter);
    const id = `zeppelin-${number}`;
    if (!target) {
      warnings.push(`Paragraph ${number} runs on %${interpreter}, which this kernel does not run; it is kept as a raw cell.`);
      cells.push(notebookCell(id, 'raw', paragraph.text));
      return;
    }
    if (target.kind !== 'code') {
      cells.push(notebookCell(id, target.kind, body));
      return;
    }
    const conflicts: string[] = [];
    // Livy substitutes forms only in SQL paragraphs; in Scala and Python, `${…}` is the language's own.
    const usesForms = target.magic === '%%sql' || target.magic === '%%hive';
    const code = usesForms ? replaceForms(body, fields, conflicts) : body;
    warnings.push(...conflicts.map(conflict => `Paragraph ${number}: ${conflict}.`));
    cells.push(notebookCell(id, 'code', target.magic === '' ? code : `${target.magic}\n${code}`));
  });

  const parameters = [...fields.values()];
  if (parameters.length > 0) {
    const source = parametersCellSource(
      PARAMETERS_COMMENT,
      parameters.map(({ name, defaultValue }) => ({ name, value: defaultValue }))
    );
    cells.splice(1, 0, notebookCell('zeppelin-parameters', 'code', source, [PARAMETERS_TAG]));
  }
  const notebook: INotebookJson = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: emrLivyNotebookMetadata({ jupyterlab_emr: { imported_from: { zeppelin_note: noteName(record), id: typeof record.id === 'string' ? record.id : undefined } } }),
    cells
  };
  return { notebook, parameters, warnings };
}

/** The JSON of a note export file, or a ZeppelinNoteError that says how to get a proper one. */
export function parseZeppelinExport(text: string, fileName: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ZeppelinNoteError(`${fileName} is not JSON (${(error as Error).message}). Export the note from Zeppelin ("Export this note") and import that file.`);
  }
}

/** `errors.zpln` or `errors.json` → `errors`, the imported notebook's name. */
export function notebookBaseName(noteFileName: string): string {
  const base = noteFileName.split(/[\\/]/).pop() ?? noteFileName;
  return base.replace(/\.(json|zpln)$/i, '') || 'zeppelin-note';
}
