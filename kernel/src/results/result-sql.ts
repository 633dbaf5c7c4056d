import { ChartAggregate } from '@jupyterlab-emr/common';
import { UserError } from '../core/errors';

/**
 * The Spark SQL the kernel writes around a user's query: the view, the first rows, the count and
 * the chart's own aggregation or sample. Pure text building, so every statement can be checked
 * by a unit test and run as it is on a real Spark.
 */

/** A backquoted identifier; a backquote inside the name is doubled, as Spark's parser expects. */
export function quoteIdentifier(name: string): string {
  return `\`${name.replace(/`/g, '``')}\``;
}

const VIEW_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A --view name must be one a later cell can write unquoted; a temporary view has no database part. */
export function checkViewName(name: string): string {
  if (!VIEW_NAME.test(name)) {
    throw new UserError(
      `--view needs a plain name for the temporary view (letters, digits and _, not starting with a digit), such as daily_sales, not "${name}". ` +
        'A temporary view belongs to the session and has no database part.'
    );
  }
  return name;
}

/** What later statements read: a registered view, or the user's query as a subquery. */
export type ResultSource = { kind: 'view'; name: string } | { kind: 'query'; query: string };

/**
 * The query goes on lines of its own: a trailing `-- comment` cannot swallow the closing
 * parenthesis, and Spark's line numbers are the query's own plus one.
 */
export function fromClause(source: ResultSource): string {
  return source.kind === 'view' ? quoteIdentifier(source.name) : `(\n${source.query}\n) AS \`emr_livy_result\``;
}

/** The query's first line is the statement's second, as it is for a subquery. */
export function createViewSql(name: string, query: string): string {
  return `CREATE OR REPLACE TEMPORARY VIEW ${quoteIdentifier(name)} AS\n${query}`;
}

/** One row more than the table shows, so whether the result has more is known exactly. */
export function firstRowsSql(source: ResultSource, limit: number): string {
  return `SELECT * FROM ${fromClause(source)}\nLIMIT ${limit + 1}`;
}

export function countSql(source: ResultSource): string {
  return `SELECT count(1) AS \`rows\` FROM ${fromClause(source)}`;
}

/** A chart's aggregation: its axes (x, then color or heatmap y) and one aggregated measure. */
export interface IAggregation {
  dimensions: string[];
  /** The measured column; absent when counting rows. */
  measure?: string;
  aggregate: ChartAggregate;
  /** Groups kept; one more is asked for, to know when some were left out. */
  groupLimit: number;
}

const SQL_AGGREGATES: Record<ChartAggregate, string> = { sum: 'sum', avg: 'avg', count: 'count', min: 'min', max: 'max' };

/**
 * `SELECT x[, c], AGG(y) FROM … GROUP BY x[, c] ORDER BY x[, c] LIMIT n+1`. Output columns are
 * positional aliases, so a column called like an alias, or a name repeated, cannot confuse them.
 * Ordered by the axes, so a capped line keeps its first stretch and a re-run the same groups.
 */
export function aggregateSql(source: ResultSource, aggregation: IAggregation): string {
  const dimensions = aggregation.dimensions.map(quoteIdentifier);
  const aliases = dimensions.map((_, index) => `\`d${index}\``);
  const argument = aggregation.measure === undefined ? '1' : quoteIdentifier(aggregation.measure);
  const measure = `${SQL_AGGREGATES[aggregation.aggregate]}(${argument}) AS \`m\``;
  const select = [...dimensions.map((dimension, index) => `${dimension} AS ${aliases[index]}`), measure].join(', ');
  return `SELECT ${select} FROM ${fromClause(source)}\nGROUP BY ${dimensions.join(', ')}\nORDER BY ${aliases.join(', ')}\nLIMIT ${aggregation.groupLimit + 1}`;
}

/**
 * A uniform random sample of `size` rows of some columns, for a scatter plot. Spark plans
 * ORDER BY … LIMIT as a top-k per partition, so this does not sort the whole result. The fixed
 * seed gives the same sample when nothing changed.
 */
export function sampleSql(source: ResultSource, columns: string[], size: number): string {
  return `SELECT ${columns.map(quoteIdentifier).join(', ')} FROM ${fromClause(source)}\nORDER BY rand(4) LIMIT ${size}`;
}
