import { FieldKind, fieldKind, IResultView, ITableSchema, ResultFilter } from '@jupyterlab-emr/common';
import { UserError } from '../../core/errors';
import { fromClause, quoteIdentifier, ResultSource } from '../result-sql';

/**
 * The Spark SQL over a retained result (its query, or the cached table of it) that a table's view asks for: a page at an offset of the
 * sorted, filtered whole, and its count. Pure text building, so each statement is checked by a
 * unit test and run as it is on a real Spark. Every value the browser sends enters as a literal.
 */

/**
 * A Spark SQL string literal. Printable ASCII without quotes or backslashes as it is; anything
 * else through Base64, whose alphabet holds nothing Spark's parser reads as an escape or a quote.
 */
export function sqlString(text: string): string {
  if (/^[\x20-\x7e]*$/.test(text) && !/['"\\]/.test(text)) {
    return `'${text}'`;
  }
  return `decode(unbase64('${Buffer.from(text, 'utf8').toString('base64')}'), 'UTF-8')`;
}

const NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?$/;

/** A range bound as a literal of the column's kind; refused with the form it takes. */
function boundLiteral(column: string, kind: FieldKind, type: string, bound: string): string {
  const value = bound.trim();
  if (kind === 'quantitative' && NUMBER.test(value)) {
    // Checked digits only: a number literal cannot carry anything else into the statement.
    return value;
  }
  if (kind === 'temporal' && DATE.test(value)) {
    return `DATE'${value}'`;
  }
  if (kind === 'temporal' && TIMESTAMP.test(value)) {
    return `TIMESTAMP'${value.replace('T', ' ')}'`;
  }
  const form = kind === 'temporal' ? 'a date (2026-12-07) or a timestamp (2026-12-07 10:30:00)' : kind === 'quantitative' ? 'a number' : 'nothing: a range applies to number and time columns';
  throw new UserError(`The range filter on ${column} (${type}) takes ${form}, not "${bound}".`);
}

/** Resolves a column by name as Spark does (exactly, else case-insensitively), refusing a repeated or unknown one. */
function columnOf(schema: ITableSchema, name: string): { name: string; type: string; kind: FieldKind } {
  const exact = schema.fields.filter(field => field.name === name);
  const matches = exact.length > 0 ? exact : schema.fields.filter(field => field.name.toLowerCase() === name.toLowerCase());
  if (matches.length !== 1) {
    const problem = matches.length === 0 ? 'is not a column of this result' : 'names more than one column of this result; alias them apart in the query to sort or filter by it';
    throw new UserError(`${name} ${problem}.`);
  }
  return { name: matches[0].name, type: matches[0].type, kind: fieldKind(matches[0].type) };
}

/** One filter as a condition; text compares the column's text form, as the table shows it. */
export function filterCondition(schema: ITableSchema, filter: ResultFilter): string {
  const column = columnOf(schema, filter.column);
  const field = quoteIdentifier(column.name);
  switch (filter.op) {
    case 'contains':
      return `instr(CAST(${field} AS STRING), ${sqlString(filter.value)}) > 0`;
    case 'equals':
      return column.kind === 'quantitative' && NUMBER.test(filter.value.trim()) ? `${field} = ${filter.value.trim()}` : `CAST(${field} AS STRING) = ${sqlString(filter.value)}`;
    case 'range': {
      const bounds = [
        ...(filter.min !== undefined && filter.min !== '' ? [`${field} >= ${boundLiteral(column.name, column.kind, column.type, filter.min)}`] : []),
        ...(filter.max !== undefined && filter.max !== '' ? [`${field} <= ${boundLiteral(column.name, column.kind, column.type, filter.max)}`] : [])
      ];
      if (bounds.length === 0) {
        throw new UserError(`The range filter on ${column.name} needs a lower bound, an upper bound or both.`);
      }
      return bounds.join(' AND ');
    }
  }
}

/** Maps, alone or nested, have no order in Spark: a sort on them, or a tie-break over them, fails in analysis. */
const UNORDERABLE = /map</i;

/**
 * The view's ORDER BY: the sorted column, then every other orderable column, so rows that tie on
 * the sorted column keep one order from one page to the next (Spark's sort is not stable across
 * runs). Without a sort, none: the result's own order, which is as stable as its plan.
 */
function orderBy(schema: ITableSchema, view: IResultView): string {
  if (!view.sort) {
    return '';
  }
  const sorted = columnOf(schema, view.sort.column);
  if (UNORDERABLE.test(sorted.type)) {
    throw new UserError(`Spark cannot sort by ${sorted.name}: its type ${sorted.type} has no order.`);
  }
  // Nulls last either way, as the browser sorts a complete table: they are what a sort gets away from.
  const direction = view.sort.descending ? 'DESC NULLS LAST' : 'ASC NULLS LAST';
  const ties = schema.fields.filter(field => field.name !== sorted.name && !UNORDERABLE.test(field.type) && schema.fields.filter(other => other.name === field.name).length === 1);
  return `\nORDER BY ${[`${quoteIdentifier(sorted.name)} ${direction}`, ...ties.map(field => quoteIdentifier(field.name))].join(', ')}`;
}

function where(schema: ITableSchema, view: IResultView): string {
  return view.filters.length === 0 ? '' : `\nWHERE ${view.filters.map(filter => `(${filterCondition(schema, filter)})`).join(' AND ')}`;
}

/** The whole result in the view, as one query (what an export writes). */
export function viewSql(source: ResultSource, schema: ITableSchema, view: IResultView): string {
  return `SELECT * FROM ${fromClause(source)}${where(schema, view)}${orderBy(schema, view)}`;
}

/** `rows` rows from `offset` (Spark 3.4+'s OFFSET) of the view. */
export function pageSql(source: ResultSource, schema: ITableSchema, view: IResultView, offset: number, rows: number): string {
  if (!Number.isSafeInteger(offset) || offset < 0 || !Number.isSafeInteger(rows) || rows < 1) {
    throw new UserError(`A page needs an offset of 0 or more and at least one row, not offset ${offset} and ${rows} rows.`);
  }
  return `${viewSql(source, schema, view)}\nLIMIT ${rows} OFFSET ${offset}`;
}

export function viewCountSql(source: ResultSource, schema: ITableSchema, view: IResultView): string {
  return `SELECT count(1) AS \`rows\` FROM ${fromClause(source)}${where(schema, view)}`;
}
