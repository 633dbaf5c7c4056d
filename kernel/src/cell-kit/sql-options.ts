import { CHART_AGGREGATES, CHART_MARKS, IChartRequest } from '@jupyterlab-emr/common';
import { UserError } from '../core/errors';
import { checkViewName } from '../results/result-sql';
import { IOptionSpec, OptionValues } from './options';
import { IMagicInput } from './registry';
import { ISqlCommand, SqlEngine } from './sql-command';

/** The options of every magic whose result is a table with a chart (%%sql, %%hive, %%aurora). */
export const SQL_OPTIONS: readonly IOptionSpec[] = [
  { name: 'limit', short: 'n', type: 'integer', valueName: 'N', min: 1, description: 'rows the table shows (the SQL results setting, 1000 unless changed); a chart covers all rows' },
  { name: 'max-rows', type: 'integer', valueName: 'N', min: 1, description: 'the same as --limit, for older notebooks' },
  { name: 'view', type: 'string', valueName: 'NAME', description: 'also register the query as the temporary view NAME for later cells' },
  { name: 'quiet', short: 'q', type: 'flag', description: 'run the statement and show no result' },
  { name: 'cache', type: 'flag', description: 'cache a partial result in Spark while the table pages, sorts and filters it (recomputed per request otherwise)' },
  { name: 'chart', type: 'string', choices: [...CHART_MARKS, 'none'], description: 'the chart beside the table (chosen from the columns unless given)' },
  { name: 'x', type: 'string', valueName: 'COL', description: 'the column on the x axis (a pie: the slices)' },
  { name: 'y', type: 'string', valueName: 'COL', description: 'the column on the y axis (a pie: the slice sizes)' },
  { name: 'color', type: 'string', valueName: 'COL', description: 'a column that colours the marks (a heatmap: the cell value)' },
  { name: 'agg', type: 'string', choices: CHART_AGGREGATES, description: 'aggregate y over rows with the same x' },
  { name: 'no-chart', type: 'flag', description: 'show the table without a chart' }
];

/** The chart options of a %%sql line; --no-chart is the same as --chart none. */
export function chartRequest(label: string, options: OptionValues): IChartRequest {
  if (options['no-chart'] === true && options.chart !== undefined && options.chart !== 'none') {
    throw new UserError(`${label}: --no-chart and --chart ${options.chart} contradict each other; keep one.`);
  }
  return {
    mark: options['no-chart'] === true ? 'none' : (options.chart as IChartRequest['mark']),
    x: options.x as string | undefined,
    y: options.y as string | undefined,
    color: options.color as string | undefined,
    aggregate: options.agg as IChartRequest['aggregate']
  };
}

/** The %%sql command a magic line builds; %%hive builds on it. */
export function sqlCommand(engine: SqlEngine) {
  return ({ label, args, body, bodyLine }: IMagicInput): ISqlCommand => ({
    kind: 'sql',
    engine,
    query: body,
    bodyLine,
    limit: (args.options.limit ?? args.options['max-rows']) as number | undefined,
    view: args.options.view === undefined ? undefined : checkViewName(args.options.view as string),
    quiet: args.options.quiet === true,
    cache: args.options.cache === true,
    chart: chartRequest(label, args.options)
  });
}
