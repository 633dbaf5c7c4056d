/**
 * The parts of an nbformat 4 notebook this project writes (Zeppelin imports, templates), and the
 * parameters cell both write: Scala `val`s that papermill's Scala translator also produces and
 * that the emr-livy kernel reads itself, so they work with or without a Spark session.
 */

export type NotebookCellType = 'code' | 'markdown' | 'raw';

export interface INotebookCell {
  id: string;
  cell_type: NotebookCellType;
  source: string;
  metadata: { tags?: string[]; [key: string]: unknown };
  outputs?: unknown[];
  execution_count?: number | null;
}

export interface INotebookJson {
  nbformat: 4;
  nbformat_minor: number;
  metadata: Record<string, unknown>;
  cells: INotebookCell[];
}

/** The papermill convention: the cell tagged `parameters` holds the defaults. */
export const PARAMETERS_TAG = 'parameters';

export const EMR_LIVY_KERNELSPEC = { name: 'emr-livy', display_name: 'Spark on EMR (Livy)', language: 'scala' };

/** The metadata papermill reads to pick its Scala translator (kernelspec.language, language_info.name). */
export function emrLivyNotebookMetadata(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    kernelspec: { ...EMR_LIVY_KERNELSPEC },
    language_info: { name: 'scala', mimetype: 'text/x-scala', file_extension: '.scala', codemirror_mode: 'text/x-scala' },
    ...extra
  };
}

export function notebookCell(id: string, cellType: NotebookCellType, source: string, tags: string[] = []): INotebookCell {
  const cell: INotebookCell = { id, cell_type: cellType, source, metadata: tags.length > 0 ? { tags } : {} };
  if (cellType === 'code') {
    cell.outputs = [];
    cell.execution_count = null;
  }
  return cell;
}

const SCALA_ESCAPES: Record<string, string> = { '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };

/**
 * A Scala string literal. Only named escapes: Scala 2.12 turns `\u…` into characters before it
 * reads a literal, so a `\u0022` would end the string.
 */
export function scalaStringLiteral(value: string): string {
  return `"${value.replace(/[\\"\n\r\t\b\f]/g, char => SCALA_ESCAPES[char])}"`;
}

/** The source of a parameters cell: a comment, then `val name = "value"` per parameter. */
export function parametersCellSource(comment: string, parameters: ReadonlyArray<{ name: string; value: string }>): string {
  const comments = comment
    .split('\n')
    .map(line => `// ${line}`.trimEnd())
    .join('\n');
  return [comments, ...parameters.map(({ name, value }) => `val ${name} = ${scalaStringLiteral(value)}`)].join('\n');
}
