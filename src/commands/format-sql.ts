import { formatDialect, hive, spark, sql } from 'sql-formatter';

import type { ICommandsSettings } from '../settings/settings';
import { ISqlCell, parseSqlCell } from './sql-magic';

// Named imports rather than sql-formatter's `format`, so the bundle carries three grammars, not twenty.
const DIALECTS = { spark, hive, sql } as const;

/** The body is not SQL the formatter can read; the message names the cell line where it stopped. */
export class SqlFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SqlFormatError';
  }
}

/**
 * sql-formatter's message is a first line with the position, then a dump of its token; and it
 * counts lines in the body, while the user sees the magic line as line 1.
 */
function toCellError(error: unknown): SqlFormatError {
  const firstLine = String(error instanceof Error ? error.message : error).split('\n')[0];
  return new SqlFormatError(firstLine.replace(/\bline (\d+)/, (_match, line: string) => `line ${Number(line) + 1}`));
}

/**
 * The grammar for a cell's dialect: Spark SQL and HiveQL as the settings choose; a database
 * target's SQL (PostgreSQL or MySQL, unknown until the kernel resolves --target) as standard SQL.
 */
function dialectOf(cell: ISqlCell, settings: ICommandsSettings): keyof typeof DIALECTS {
  switch (cell.language) {
    case 'spark-sql':
      return settings.dialects.sql;
    case 'hiveql':
      return settings.dialects.hive;
    case 'database-sql':
      return 'sql';
  }
}

/**
 * Formats the SQL body of a %%sql, %%hive or %%aurora cell and keeps its magic line byte for byte, so the
 * kernel options written there survive. Any other cell, and a SQL cell with an empty body, comes
 * back unchanged. Throws a SqlFormatError when the body is not SQL it can read.
 */
export function formatSqlCell(source: string, settings: ICommandsSettings): string {
  const cell = parseSqlCell(source);
  if (!cell || cell.body.trim() === '') {
    return source;
  }
  let formatted: string;
  try {
    formatted = formatDialect(cell.body, {
      dialect: DIALECTS[dialectOf(cell, settings)],
      keywordCase: settings.keywordCase,
      tabWidth: settings.tabWidth,
      linesBetweenQueries: settings.linesBetweenQueries
    });
  } catch (error) {
    throw toCellError(error);
  }
  return `${cell.magicLine}\n${formatted}`;
}
