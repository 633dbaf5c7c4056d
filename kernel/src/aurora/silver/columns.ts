import { UserError } from '../../core/errors';
import { IDatabase } from '../database';
import { engineFor } from '../engines/registry';
import { checkWritableFields, ISparkField } from '../sql-dialect';
import { checkDrift } from './drift';
import { ITargetFacts } from './inspect';
import { byName } from './names';

// The columns a run writes, decided from the rows' fields once they are known: by the plan (a new
// table, --evolve), by the load (an existing table, from the schema the writer printed) and by
// --dry-run. Each decides them the same way.

/** The columns of a plan, decided from the rows' fields before any table is made. */
export interface IColumnPlan {
  /** The rows' fields, which a new table is made from. */
  fields: ISparkField[];
  columns: string[];
  keys: string[];
  /** --evolve: the result's columns the table lacks, with the type each is added as. */
  addColumns: { name: string; type: string }[];
}

/**
 * Decides the columns from the rows' fields: refuses types no column can take and a result that
 * does not fit an existing table (unless --evolve adds what it lacks), and spells every column and
 * key as the database does.
 */
export function decideColumns(database: IDatabase, facts: ITargetFacts, fields: ISparkField[], evolve: boolean): IColumnPlan {
  const { dialect } = engineFor(database.engine);
  checkWritableFields(dialect, fields);
  const added = facts.exists ? checkDrift(`${facts.target.schema}.${facts.target.name}`, facts.columnTypes, fields, evolve) : [];
  const addColumns = added.map(field => ({ name: field.name, type: dialect.columnType(String(field.type), false) as string }));
  const targetColumns = facts.exists ? [...facts.columns, ...addColumns.map(column => column.name)] : undefined;
  return { fields, ...spellColumns(targetColumns, fields, facts.keys), addColumns };
}

/**
 * Spells Spark's columns as the table does (`targetColumns`; Spark's own names for a table still
 * to be made) and the keys as those columns; the drift check has refused a column the table lacks.
 */
function spellColumns(targetColumns: string[] | undefined, fields: ISparkField[], requestKeys: string[]): { columns: string[]; keys: string[] } {
  const sparkNames = fields.map(field => field.name);
  const columns = sparkNames.map(name => byName(targetColumns ?? sparkNames, name) ?? name);
  const keys = requestKeys.map(key => byName(columns, key));
  if (keys.some(key => key === undefined)) {
    throw new UserError(`%%silver: --key ${requestKeys.join(',')} must name columns of the result (${sparkNames.join(', ')}).`, 'SilverSchemaError');
  }
  return { columns, keys: keys as string[] };
}
