import { CHART_AGGREGATES, CHART_MARKS, IChartRequest, MAGIC_LANGUAGES } from '@jupyterlab-emr/common';
import { buildSilverCommand, SILVER_OPTIONS, TARGET_OPTION } from '../aurora/cell-commands';
import { UserError } from '../core/errors';
import { checkViewName } from '../results/result-sql';
import { EMR_MAGIC } from '../emr/emr-command';
import { HIVE_OPTIONS, hiveCommand } from '../hive/hive-magic';
import { CellCommand, ConnectTarget } from './commands';
import { ISqlCommand, SqlEngine } from '../cell-kit/sql-command';
import { parseConfigureBody } from './configure-body';
import { IOptionSpec, OptionValues } from '../cell-kit/options';
import { IMagicInput, IMagicSpec } from '../cell-kit/registry';

const SQL_OPTIONS: readonly IOptionSpec[] = [
  { name: 'limit', short: 'n', type: 'integer', valueName: 'N', min: 1, description: 'rows the table shows (the SQL results setting, 1000 unless changed); a chart covers all rows' },
  { name: 'max-rows', type: 'integer', valueName: 'N', min: 1, description: 'the same as --limit, for older notebooks' },
  { name: 'view', type: 'string', valueName: 'NAME', description: 'also register the query as the temporary view NAME for later cells' },
  { name: 'quiet', short: 'q', type: 'flag', description: 'run the statement and show no result' },
  { name: 'chart', type: 'string', choices: [...CHART_MARKS, 'none'], description: 'the chart beside the table (chosen from the columns unless given)' },
  { name: 'x', type: 'string', valueName: 'COL', description: 'the column on the x axis (a pie: the slices)' },
  { name: 'y', type: 'string', valueName: 'COL', description: 'the column on the y axis (a pie: the slice sizes)' },
  { name: 'color', type: 'string', valueName: 'COL', description: 'a column that colours the marks (a heatmap: the cell value)' },
  { name: 'agg', type: 'string', choices: CHART_AGGREGATES, description: 'aggregate y over rows with the same x' },
  { name: 'no-chart', type: 'flag', description: 'show the table without a chart' }
];

/** The chart options of a %%sql line; --no-chart is the same as --chart none. */
function chartRequest(label: string, options: OptionValues): IChartRequest {
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

const CLUSTER_ID = /^j-[A-Z0-9]+$/i;

function connectTarget(label: string, word: string | undefined): ConnectTarget | undefined {
  if (word === undefined) {
    return undefined;
  }
  if (CLUSTER_ID.test(word)) {
    return { kind: 'cluster', clusterId: `j-${word.slice(2).toUpperCase()}` };
  }
  if (/^https?:\/\//i.test(word)) {
    try {
      new URL(word);
      return { kind: 'url', url: word.replace(/\/+$/, '') };
    } catch {
      // Reported below, as for any other word.
    }
  }
  throw new UserError(`${label} needs a Livy URL (http://host:8998 or https://…) or an EMR cluster id (j-…), not "${word}".`);
}

function sqlCommand(engine: SqlEngine) {
  return ({ label, args, body, bodyLine }: IMagicInput): ISqlCommand => ({
    kind: 'sql',
    engine,
    query: body,
    bodyLine,
    limit: (args.options.limit ?? args.options['max-rows']) as number | undefined,
    view: args.options.view === undefined ? undefined : checkViewName(args.options.view as string),
    quiet: args.options.quiet === true,
    chart: chartRequest(label, args.options)
  });
}

/** Every magic the kernel knows. */
export const MAGIC_SPECS: readonly IMagicSpec<CellCommand>[] = [
  {
    name: 'scala',
    aliases: ['spark'],
    body: 'code',
    language: MAGIC_LANGUAGES.scala,
    summary: 'Scala on the Spark session (the default for cells without a magic; `%spark` and `%livy.spark` also work)',
    args: { options: [] },
    build: ({ body, bodyLine }) => ({ kind: 'code', language: 'scala', code: body, bodyLine })
  },
  {
    name: 'pyspark',
    aliases: [],
    body: 'code',
    language: MAGIC_LANGUAGES.pyspark,
    summary: 'Python on the same Spark session (`%pyspark`, `%livy.pyspark` also work)',
    args: { options: [] },
    build: ({ body, bodyLine }) => ({ kind: 'code', language: 'pyspark', code: body, bodyLine })
  },
  {
    name: 'sql',
    aliases: [],
    body: 'code',
    language: MAGIC_LANGUAGES.sql,
    summary: 'one Spark SQL statement; the result is a typed table (`%sql`, `%livy.sql` also work)',
    details: 'A query (SELECT, WITH, VALUES, TABLE, FROM) shows its first -n rows with the total counted by Spark; its chart is computed by Spark over all rows. Livy returns at most livy.rsc.sql.num-rows rows per statement (1000 by default).',
    args: { options: SQL_OPTIONS },
    build: sqlCommand('sql')
  },
  {
    name: 'hive',
    aliases: [],
    body: 'code',
    language: MAGIC_LANGUAGES.hive,
    summary: 'HiveQL statements (separated by ;) on HiveServer2, or on the Spark session; --step submits the cell as an EMR step',
    details:
      'Runs on HiveServer2 when one is configured (EMR_HIVESERVER2_URL) or found on the cluster %connect named, else on the Spark session, ' +
      'which needs Hive support (spark.sql.catalogImplementation=hive, as on EMR). Every statement with columns shows its table; the last one is the result. ' +
      'Example: %%hive --step --wait --name nightly',
    args: { options: [...SQL_OPTIONS, ...HIVE_OPTIONS] },
    build: input => hiveCommand(input, sqlCommand('hive')(input))
  },
  {
    name: 'connect',
    aliases: [],
    body: 'none',
    language: MAGIC_LANGUAGES.connect,
    lineMagic: true,
    summary: 'use another Livy: a URL, or an EMR cluster id (j-…) looked up with DescribeCluster; --session ID attaches to an existing session',
    details: 'Examples: %connect https://livy.example.com:8998 · %connect j-2AXXXXXXGAPLF · %connect --session 12',
    args: {
      options: [{ name: 'session', short: 's', type: 'integer', valueName: 'ID', min: 0, description: 'attach to this existing Livy session' }],
      positionals: [{ name: 'target', description: 'Livy URL or EMR cluster id' }]
    },
    build: ({ label, args }) => {
      const target = connectTarget(label, args.positionals[0]);
      const sessionId = args.options.session as number | undefined;
      if (!target && sessionId === undefined) {
        throw new UserError(`${label} needs a Livy URL, an EMR cluster id (j-…) or --session ID. Example: %connect j-2AXXXXXXGAPLF`);
      }
      return { kind: 'connect', target, sessionId };
    }
  },
  {
    name: 'configure',
    aliases: [],
    body: 'json',
    language: MAGIC_LANGUAGES.configure,
    summary: "session settings as Livy's create-session JSON (driverMemory, executorMemory, conf, jars, …); -f restarts a running session with them",
    details: 'Example: %%configure -f\n{"executorMemory": "4g", "conf": {"spark.sql.shuffle.partitions": "64"}}',
    args: { options: [{ name: 'force', short: 'f', type: 'flag', description: 'restart the running session with these settings (its state is lost)' }] },
    build: ({ args, body, bodyLine }) => ({ kind: 'configure', force: args.options.force === true, request: parseConfigureBody(body, bodyLine) })
  },
  {
    name: 'info',
    aliases: [],
    body: 'none',
    language: MAGIC_LANGUAGES.info,
    summary: 'the endpoint, the session (state, kind, Spark UI, driver log, idle timeout) and the other sessions on it',
    args: { options: [] },
    build: () => ({ kind: 'info' })
  },
  {
    name: 'logs',
    aliases: [],
    body: 'none',
    language: MAGIC_LANGUAGES.logs,
    summary: "the last lines of the session's driver log",
    args: { options: [{ name: 'lines', short: 'n', type: 'integer', valueName: 'N', min: 1, description: 'how many lines (100 by default)' }] },
    build: ({ args }) => ({ kind: 'logs', lines: (args.options.lines as number | undefined) ?? 100 })
  },
  {
    name: 'cleanup',
    aliases: [],
    body: 'none',
    language: MAGIC_LANGUAGES.cleanup,
    summary: 'delete the Livy sessions this kernel started; -f deletes every session on the endpoint',
    args: { options: [{ name: 'force', short: 'f', type: 'flag', description: "delete every session on the endpoint, other people's too" }] },
    build: ({ args }) => ({ kind: 'cleanup', everything: args.options.force === true })
  },
  EMR_MAGIC,
  {
    name: 'aurora',
    aliases: [],
    body: 'code',
    language: MAGIC_LANGUAGES.aurora,
    summary: 'SQL straight to an Aurora (PostgreSQL / MySQL) target through the kernel, shown as a table like %%sql',
    details: 'Example: %%aurora --target silver-pg\nSELECT count(*) FROM public.events',
    args: { options: [TARGET_OPTION, ...SQL_OPTIONS.filter(option => option.name !== 'view')] },
    build: ({ label, args, body, bodyLine }) => ({
      kind: 'aurora',
      target: args.options.target as string | undefined,
      query: body,
      bodyLine,
      maxRows: (args.options.limit ?? args.options['max-rows']) as number | undefined,
      quiet: args.options.quiet === true,
      chart: chartRequest(label, args.options)
    })
  },
  {
    name: 'silver',
    aliases: [],
    body: 'code',
    language: MAGIC_LANGUAGES.silver,
    summary: 'write a query result (or --from a view/DataFrame) from Spark into an Aurora table: staged, one transaction, verified',
    details:
      'Example: %%silver --table public.daily_hits --mode upsert --key day,path\nSELECT day, path, count(*) AS hits FROM bronze.access GROUP BY day, path\n' +
      'Rows go from the executors to a staging table; one transaction then replaces, appends or merges them into the table, so a failure leaves it unchanged.',
    args: { options: SILVER_OPTIONS },
    build: buildSilverCommand
  },
  {
    name: 'help',
    aliases: [],
    body: 'none',
    language: MAGIC_LANGUAGES.help,
    summary: 'this list; %%help NAME explains one magic',
    args: { options: [], positionals: [{ name: 'magic', description: 'a magic name' }] },
    build: ({ args }) => ({ kind: 'help', topic: args.positionals[0]?.replace(/^%+/, '') })
  }
];
