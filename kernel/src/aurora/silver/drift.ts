import { renderTextTable } from '../../bundles/text-table';
import { UserError } from '../../core/errors';
import { ISparkField, SPARK_DECIMAL, sparkTypeText, TypeFamily } from '../sql-dialect';
import { byName } from './names';

// Schema drift: the result and the existing table disagree. A column only the result has, a
// column the table requires that the result lacks, or a type that would change what a value means
// is refused before a row is written, with every difference in one table, rather than one at a time
// by the database in the middle of a load. --evolve adds the result's new columns (as nullable);
// nothing is ever dropped or narrowed.

/** A column of the existing target, as the inspection read it. */
export interface ITargetColumn {
  name: string;
  /** The type as the engine names it (typeFamily's input). */
  type: string;
  family: TypeFamily;
  nullable: boolean;
  /** Whether the database fills it when an INSERT leaves it out (a default, an identity, a generated column). */
  filled: boolean;
}

/** One difference between the result and the table; `result` or `table` is '' where that side lacks the column. */
export interface IDifference {
  column: string;
  result: string;
  table: string;
  difference: string;
}

const NOT_IN_TABLE = 'not in the table';

const SPARK_FAMILIES: Record<string, TypeFamily> = {
  byte: 'integer',
  short: 'integer',
  integer: 'integer',
  long: 'integer',
  float: 'float',
  double: 'float',
  string: 'text',
  boolean: 'boolean',
  date: 'date',
  timestamp: 'timestamp',
  timestamp_ntz: 'timestamp',
  binary: 'binary'
};

/** The Spark type names a family check knows ('decimal' stands for every decimal(p,s)). */
const SPARK_TYPE_NAMES = [...Object.keys(SPARK_FAMILIES), 'decimal'];

/**
 * The families of result values a column of each family takes with their meaning intact: a number
 * into a wider kind of number or into text, a date into a timestamp. Widths (bigint into int, text
 * into varchar(10)) are left to the database, which refuses a value that does not fit.
 */
const TAKES: Record<TypeFamily, TypeFamily[] | 'all'> = {
  integer: ['integer'],
  decimal: ['integer', 'decimal', 'float'],
  float: ['integer', 'decimal', 'float'],
  text: ['integer', 'decimal', 'float', 'text', 'boolean', 'date', 'timestamp'],
  boolean: ['boolean'],
  date: ['date'],
  timestamp: ['timestamp', 'date'],
  binary: ['binary'],
  other: 'all'
};

function sparkFamily(type: unknown): TypeFamily | undefined {
  const name = sparkTypeText(type);
  return SPARK_DECIMAL.test(name) || name === 'decimal' ? 'decimal' : SPARK_FAMILIES[name];
}

function fits(column: ITargetColumn, sparkType: unknown): boolean {
  const takes = TAKES[column.family];
  const family = sparkFamily(sparkType);
  return takes === 'all' || (family !== undefined && takes.includes(family));
}

/** The Spark type names a column takes, for the writer in the session to check the rows against before it loads them. */
export function acceptedSparkTypes(column: ITargetColumn): string[] {
  return SPARK_TYPE_NAMES.filter(name => fits(column, name));
}

/** The table's columns an INSERT must give: NOT NULL, and nothing the database fills. */
export function requiredColumns(columns: ITargetColumn[]): string[] {
  return columns.filter(column => !column.nullable && !column.filled).map(column => column.name);
}

/** Every difference between the result's columns and the table's. */
export function schemaDifferences(columns: ITargetColumn[], fields: ISparkField[]): IDifference[] {
  const names = columns.map(column => column.name);
  const differences: IDifference[] = [];
  for (const field of fields) {
    const name = byName(names, field.name);
    const column = columns.find(candidate => candidate.name === name);
    if (!column) {
      differences.push({ column: field.name, result: sparkTypeText(field.type), table: '', difference: NOT_IN_TABLE });
    } else if (!fits(column, field.type)) {
      differences.push({ column: column.name, result: sparkTypeText(field.type), table: column.type, difference: `a ${sparkTypeText(field.type)} does not fit a ${column.type} column` });
    }
  }
  const sparkNames = fields.map(field => field.name);
  for (const name of requiredColumns(columns)) {
    if (byName(sparkNames, name) === undefined) {
      differences.push({ column: name, result: '', table: columns.find(column => column.name === name)?.type ?? '', difference: 'not in the result, and NOT NULL without a default' });
    }
  }
  return differences;
}

/**
 * Refuses a result that does not fit the table, naming every difference; with --evolve the
 * result's new columns are no refusal, and come back as the fields to add.
 */
export function checkDrift(table: string, columns: ITargetColumn[], fields: ISparkField[], evolve: boolean): ISparkField[] {
  const differences = schemaDifferences(columns, fields);
  const refused = evolve ? differences.filter(difference => difference.difference !== NOT_IN_TABLE) : differences;
  if (refused.length > 0) {
    throw new SilverDriftError(table, columns, differences, evolve);
  }
  return fields.filter(field => differences.some(difference => difference.difference === NOT_IN_TABLE && difference.column === field.name));
}

/** The result and the table differ: the error shows every difference as a table, and the remedies. */
export class SilverDriftError extends UserError {
  constructor(
    table: string,
    columns: ITargetColumn[],
    readonly differences: IDifference[],
    evolve: boolean
  ) {
    const added = differences.some(difference => difference.difference === NOT_IN_TABLE);
    const remedies = ['rename or cast in the query (AS, CAST)', added && !evolve ? `add the new columns with --evolve (as nullable columns)` : undefined, 'or change the table first'].filter(
      remedy => remedy !== undefined
    );
    super(
      `%%silver: the result does not fit ${table} (its columns: ${columns.map(column => column.name).join(', ')}); nothing was written. ` +
        `${differences.length} difference${differences.length > 1 ? 's' : ''}:\n\n${differencesTable(differences)}\n\nTo write it, ${remedies.join(', ')}.`,
      'SilverSchemaError'
    );
  }
}

function differencesTable(differences: IDifference[]): string {
  return renderTextTable({
    schema: {
      fields: ['column', 'result', 'table', 'difference'].map(name => ({ name, type: 'string' }))
    },
    rows: differences.map(difference => [difference.column, difference.result, difference.table, difference.difference]),
    rowCount: differences.length,
    truncated: false
  });
}
