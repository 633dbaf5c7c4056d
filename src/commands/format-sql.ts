import { formatDialect, hive, spark, sql } from 'sql-formatter';

import type { ICommandsSettings } from '../settings/settings';
import { parseSqlCell } from './sql-magic';

// Named imports rather than sql-formatter's `format`, so the bundle carries three grammars, not twenty.
const DIALECTS = { spark, hive, sql } as const;

/**
 * Formats the SQL body of a %%sql or %%hive cell and keeps its magic line byte for byte, so the
 * kernel options written there survive. Any other cell, and a SQL cell with an empty body, comes
 * back unchanged. Throws sql-formatter's parse error when the body is not SQL it can read.
 */
export function formatSqlCell(source: string, settings: ICommandsSettings): string {
  const cell = parseSqlCell(source);
  if (!cell || cell.body.trim() === '') {
    return source;
  }
  const formatted = formatDialect(cell.body, {
    dialect: DIALECTS[settings.dialects[cell.magic]],
    keywordCase: settings.keywordCase,
    tabWidth: settings.tabWidth,
    linesBetweenQueries: settings.linesBetweenQueries
  });
  return `${cell.magicLine}\n${formatted}`;
}
