import { splitCellMagic } from '@jupyterlab-emr/common';

/** The cell magics whose body is SQL, and so can be formatted. */
export type SqlMagic = 'sql' | 'hive';

export interface ISqlCell {
  magic: SqlMagic;
  /** The lines up to and including the magic line, exactly as written (`%%sql --limit 10`). */
  magicLine: string;
  /** Everything after the magic line. */
  body: string;
}

function isSqlMagic(name: string): name is SqlMagic {
  return name === 'sql' || name === 'hive';
}

/**
 * Splits a SQL cell (`%%sql`, `%%hive`, or a Zeppelin `%sql` paragraph) into its magic line and
 * body; anything else gives `null`. The kernel reads cells through the same splitter, so what
 * Format SQL treats as SQL is exactly what the kernel runs as SQL.
 */
export function parseSqlCell(source: string): ISqlCell | null {
  const split = splitCellMagic(source);
  if ((split.form !== 'cell' && split.form !== 'zeppelin') || !isSqlMagic(split.name)) {
    return null;
  }
  const lines = source.split('\n');
  const body = lines.slice(split.bodyLineOffset).join('\n');
  // A Zeppelin paragraph may carry code on its prefix line; formatting only the lines below it
  // would split one statement in two, so such a cell is left alone.
  if (split.body !== body) {
    return null;
  }
  return { magic: split.name, magicLine: lines.slice(0, split.bodyLineOffset).join('\n'), body };
}
