/**
 * Splitting a cell into its magic and body. Shared by the kernel (which runs the magic) and the
 * front end (Format SQL must know which cells hold SQL and keep their first line), so both agree
 * on what counts as a magic.
 */

/**
 * Zeppelin paragraphs name their interpreter with one percent sign; notebooks moved from Zeppelin
 * keep working when these map onto our cell magics.
 */
export const ZEPPELIN_PREFIXES: ReadonlyMap<string, string> = new Map([
  ['spark', 'scala'],
  ['livy.spark', 'scala'],
  ['sql', 'sql'],
  ['livy.sql', 'sql'],
  ['pyspark', 'pyspark'],
  ['livy.pyspark', 'pyspark'],
  ['md', 'md']
]);

export interface ICellMagicSplit {
  /**
   * `cell` for `%%name`, `line` for `%name` (a line magic), `zeppelin` for a Zeppelin prefix
   * (already mapped onto the cell magic it means), `none` when the cell is plain code.
   */
  form: 'cell' | 'line' | 'zeppelin' | 'none';
  /** The magic's name without percent signs, lower-cased; '' when form is `none`. */
  name: string;
  /** What follows the name on the magic line. */
  args: string;
  body: string;
  /** Lines before the body (blank lines and the magic line), so positions in the body map back to the cell. */
  bodyLineOffset: number;
}

const MAGIC_LINE = /^(%%?)([^\s%]*)(.*)$/;

export function splitCellMagic(cell: string): ICellMagicSplit {
  const lines = cell.split('\n');
  let first = 0;
  while (first < lines.length && lines[first].trim() === '') {
    first++;
  }
  const match = first < lines.length ? MAGIC_LINE.exec(lines[first].trim()) : null;
  if (!match) {
    return { form: 'none', name: '', args: '', body: cell, bodyLineOffset: 0 };
  }
  const [, percents, rawName, rest] = match;
  const name = rawName.toLowerCase();
  const body = lines.slice(first + 1).join('\n');
  if (percents === '%%') {
    return { form: 'cell', name, args: rest.trim(), body, bodyLineOffset: first + 1 };
  }
  // A Map, not an object: a cell starting `%__proto__` or `%constructor` must not match inherited keys.
  const zeppelin = ZEPPELIN_PREFIXES.get(name);
  if (zeppelin !== undefined) {
    // Zeppelin takes text after the prefix as the paragraph's first line of code.
    const sameLine = rest.trim();
    return {
      form: 'zeppelin',
      name: zeppelin,
      args: '',
      body: sameLine ? `${sameLine}\n${body}` : body,
      bodyLineOffset: sameLine ? first : first + 1
    };
  }
  return { form: 'line', name, args: rest.trim(), body, bodyLineOffset: first + 1 };
}
