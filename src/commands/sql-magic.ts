import { magicLanguage, isSqlLanguage, SqlCellLanguage, splitCellMagic } from '@jupyterlab-emr/common';

export interface ISqlCell {
  /** The magic's name (`sql`, `hive`, `aurora`). */
  magic: string;
  /** The dialect its body is in, as the kernel's magic declares it. */
  language: SqlCellLanguage;
  /** The lines up to and including the magic line, exactly as written (`%%sql --limit 10`). */
  magicLine: string;
  /** Everything after the magic line. */
  body: string;
}

/**
 * Splits a SQL cell (a cell magic whose body the kernel declares SQL, such as `%%sql`, `%%hive`,
 * `%%aurora`, or a Zeppelin `%sql` paragraph) into its magic line and body; anything else gives
 * `null`. The kernel reads cells through the same splitter and the same language table, so what
 * Format SQL treats as SQL is exactly what the kernel runs as SQL.
 */
export function parseSqlCell(source: string): ISqlCell | null {
  const split = splitCellMagic(source);
  const language = magicLanguage(split.name);
  if ((split.form !== 'cell' && split.form !== 'zeppelin') || !isSqlLanguage(language)) {
    return null;
  }
  const lines = source.split('\n');
  const body = lines.slice(split.bodyLineOffset).join('\n');
  // A Zeppelin paragraph may carry code on its prefix line; formatting only the lines below it
  // would split one statement in two, so such a cell is left alone.
  if (split.body !== body) {
    return null;
  }
  return { magic: split.name, language, magicLine: lines.slice(0, split.bodyLineOffset).join('\n'), body };
}
