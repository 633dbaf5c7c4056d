/** The cell magics whose body is SQL, and so can be formatted. */
export type SqlMagic = 'sql' | 'hive';

export interface ISqlCell {
  magic: SqlMagic;
  /** The first line exactly as written, options included (`%%sql --limit 10`). */
  magicLine: string;
  /** Everything after the first line break. */
  body: string;
}

const SQL_MAGIC_LINE = /^%%(sql|hive)(?:\s|$)/;

/**
 * Splits a %%sql or %%hive cell into its magic line and body; anything else gives `null`.
 *
 * Stand-in until `common/src/cell-magic.ts` exists: the kernel's parser is what decides which
 * magic a cell has, and this should then ask that shared splitter instead of its own pattern.
 */
export function parseSqlCell(source: string): ISqlCell | null {
  const lineEnd = source.indexOf('\n');
  const magicLine = lineEnd < 0 ? source : source.slice(0, lineEnd);
  const match = SQL_MAGIC_LINE.exec(magicLine);
  if (!match) {
    return null;
  }
  return {
    magic: match[1] as SqlMagic,
    magicLine,
    body: lineEnd < 0 ? '' : source.slice(lineEnd + 1)
  };
}
