import { UserError } from '../../core/errors';
import type { AuroraEngine } from '../connection';
import { engineFor } from '../engines/registry';
import { checkWritableFields, ISparkField, ITableRef } from '../sql-dialect';

// Names as the database spells them: the user types `id` for a column PostgreSQL has as `id` and
// MySQL may have as `ID`. The inspection reads the key this way, the plan (for a new table) and the
// load (for an existing one, once the writer has reported the rows' schema) the columns.

/** The name in `names` that `wanted` means: the exact spelling, else the one that differs only in case. */
export function byName(names: string[], wanted: string): string | undefined {
  return names.find(name => name === wanted) ?? names.find(name => name.toLowerCase() === wanted.toLowerCase());
}

/**
 * Matches Spark's columns to the target's (`targetColumns`, or Spark's own for a table still to be
 * made), as the database spells them, and the upsert keys to Spark's columns; refuses types no
 * column can take and columns the target lacks.
 */
export function planColumns(engine: AuroraEngine, target: { ref: ITableRef; columns?: string[] }, fields: ISparkField[], requestKeys: string[]): { columns: string[]; keys: string[] } {
  checkWritableFields(engineFor(engine).dialect, fields);
  const { ref } = target;
  const sparkNames = fields.map(field => field.name);
  const targetColumns = target.columns ?? sparkNames;
  const missing = sparkNames.filter(name => byName(targetColumns, name) === undefined);
  if (missing.length > 0) {
    throw new UserError(
      `%%silver: ${ref.schema}.${ref.name} has no column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}, which the result has. ` +
        `Its columns are ${targetColumns.join(', ')}; rename with AS in the query or add the column to the table.`,
      'SilverSchemaError'
    );
  }
  const columns = sparkNames.map(name => byName(targetColumns, name) as string);
  const keys = requestKeys.map(key => byName(columns, key));
  if (keys.some(key => key === undefined)) {
    throw new UserError(`%%silver: --key ${requestKeys.join(',')} must name columns of the result (${sparkNames.join(', ')}).`, 'SilverSchemaError');
  }
  return { columns, keys: keys as string[] };
}
