import { ChartAggregate, chartSpec, IChartChoice, IChartColumn, IFullResultChart, ITablePayload, ITableSchema, VegaLiteSpec } from '@jupyterlab-emr/common';
import { checkVegaLite } from '../bundles/vegalite';
import { aggregateSql, IAggregation, ResultSource, sampleSql } from './result-sql';

/** Runs one generated statement and returns its rows; the handler binds it to the session. */
export type RunQuery = (sql: string) => Promise<ITablePayload>;

/** Where a chart's groups or sample come from: Spark over the whole result, or the rows in hand. */
export interface IChartData {
  /** Says in the note who computed the groups, e.g. "computed by Spark". */
  readonly by?: string;
  /** The dimensions as d0, d1, … and the measure as m, ordered by the dimensions, at most groupLimit + 1 groups. */
  aggregate(aggregation: IAggregation): Promise<ITablePayload>;
  /** `size` rows at random, of the named columns. */
  sample(columns: string[], size: number): Promise<ITablePayload>;
}

/** The chart's data computed by Spark, each in its own statement over the source. */
export function sparkChartData(source: ResultSource, run: RunQuery): IChartData {
  return {
    by: 'computed by Spark',
    aggregate: aggregation => run(aggregateSql(source, aggregation)),
    sample: (columns, size) => run(sampleSql(source, columns, size))
  };
}

export interface IFullChartLimits {
  /** Groups an aggregated chart keeps (Vega-Lite draws every datum inline). */
  groupLimit: number;
  /** Rows a scatter plot samples. */
  sampleSize: number;
}

export interface IFullChartInput {
  choice: IChartChoice;
  schema: ITableSchema;
  /** Rows of the whole result, as counted. */
  total: number;
  /** Rows the table shows. */
  shown: number;
}

/** Why a chart cannot be computed over the full result; the handler falls back to the rows shown. */
export class FullChartUnavailable extends Error {}

type Plan = { kind: 'aggregate'; aggregation: IAggregation } | { kind: 'sample'; columns: IChartColumn[] };

/** A scatter without --agg samples rows; every other chart is one aggregate per group. */
function planFor(choice: IChartChoice, limits: IFullChartLimits): Plan {
  if (choice.mark === 'point' && choice.aggregate === undefined && choice.y) {
    return { kind: 'sample', columns: [choice.x, choice.y, ...(choice.color ? [choice.color] : [])] };
  }
  const [dimensions, measure] = choice.mark === 'heatmap' ? [[choice.x, choice.y as IChartColumn], choice.color] : [[choice.x, ...(choice.color ? [choice.color] : [])], choice.y];
  // Without --agg a bar, line, area or pie of several rows per x draws their sum (Vega-Lite stacks them).
  const aggregate: ChartAggregate = choice.aggregate ?? (measure ? 'sum' : 'count');
  return { kind: 'aggregate', aggregation: { dimensions: dimensions.map(column => column.name), measure: measure?.name, aggregate, groupLimit: limits.groupLimit } };
}

/** Generated SQL names columns; a name the result repeats (case-insensitively, as Spark resolves) is ambiguous there. */
function requireUniqueNames(choice: IChartChoice, schema: ITableSchema): void {
  for (const column of [choice.x, choice.y, choice.color]) {
    if (column && schema.fields.filter(field => field.name.toLowerCase() === column.name.toLowerCase()).length > 1) {
      throw new FullChartUnavailable(`the column name ${column.name} appears more than once in the result; alias the columns apart to chart all rows`);
    }
  }
}

function column(index: number, original: IChartColumn, table: ITablePayload, name = original.name): IChartColumn {
  return { index, name, type: table.schema.fields[index]?.type ?? original.type, kind: original.kind };
}

/** The chart over the engine's answer: the same marks and axes, its columns in their new positions. */
function choiceOver(choice: IChartChoice, plan: Plan, table: ITablePayload): IChartChoice {
  if (plan.kind === 'sample') {
    return { mark: 'point', x: column(0, choice.x, table), y: column(1, choice.y as IChartColumn, table), color: choice.color && column(2, choice.color, table) };
  }
  const { aggregation } = plan;
  const measureIndex = aggregation.dimensions.length;
  const measureName = aggregation.measure ?? 'count';
  const measure: IChartColumn = { index: measureIndex, name: measureName, type: table.schema.fields[measureIndex]?.type ?? 'double', kind: 'quantitative' };
  // Each group is one datum now, so aggregating it again changes nothing, and keeps the spec's
  // unstacking of averages, minima and maxima. Counts are summed, not counted again.
  const aggregate: ChartAggregate = aggregation.aggregate === 'count' ? 'sum' : aggregation.aggregate;
  if (choice.mark === 'heatmap') {
    return { mark: 'heatmap', x: column(0, choice.x, table), y: column(1, choice.y as IChartColumn, table), color: measure, aggregate };
  }
  return { mark: choice.mark, x: column(0, choice.x, table), color: choice.color && column(1, choice.color, table), y: measure, aggregate };
}

const MEASURE_CHANNEL = { heatmap: 'color', pie: 'theta' } as Record<string, string>;

function measureTitle(aggregation: IAggregation): string {
  return aggregation.measure === undefined ? 'count' : `${aggregation.aggregate}(${aggregation.measure})`;
}

function withMeasureTitle(spec: VegaLiteSpec, mark: string, title: string): VegaLiteSpec {
  const encoding = spec.encoding as Record<string, Record<string, unknown>>;
  const channel = MEASURE_CHANNEL[mark] ?? 'y';
  return { ...spec, encoding: { ...encoding, [channel]: { ...encoding[channel], title } } };
}

const count = (n: number): string => n.toLocaleString('en-US');

function noteFor(plan: Plan, input: IFullChartInput, points: number, capped: boolean, by: string | undefined): string {
  const table = input.shown < input.total ? `, table shows the first ${count(input.shown)}` : '';
  if (plan.kind === 'sample') {
    return `Chart over a random sample of ${count(points)} of ${count(input.total)} rows${table}.`;
  }
  const { aggregation } = plan;
  const cap = capped ? `; only the first ${count(points)} groups by ${aggregation.dimensions.join(', ')} are drawn` : '';
  return `Chart over ${count(input.total)} rows${table} (${[`${measureTitle(aggregation)} per ${aggregation.dimensions.join(' and ')}`, by].filter(Boolean).join(', ')}${cap}).`;
}

/**
 * The chart of a result the table shows only part of, computed by Spark over every row in its own
 * statement: one aggregate per group (capped), or a sample for a scatter. Never drawn from the
 * truncated rows, which would silently misstate sums and counts.
 */
export async function fullResultChart(input: IFullChartInput, data: IChartData, limits: IFullChartLimits): Promise<IFullResultChart> {
  const { choice } = input;
  requireUniqueNames(choice, input.schema);
  const plan = planFor(choice, limits);
  const answer =
    plan.kind === 'sample'
      ? await data.sample(
          plan.columns.map(c => c.name),
          limits.sampleSize
        )
      : await data.aggregate(plan.aggregation);
  const capped = plan.kind === 'aggregate' && answer.rows.length > limits.groupLimit;
  const drawnRows = capped ? { ...answer, rows: answer.rows.slice(0, limits.groupLimit) } : answer;
  const over = choiceOver(choice, plan, drawnRows);
  const drawn = chartSpec(over, drawnRows);
  const spec = plan.kind === 'aggregate' ? withMeasureTitle(drawn, choice.mark, measureTitle(plan.aggregation)) : drawn;
  checkVegaLite(spec);
  return {
    spec,
    rowCount: input.total,
    basis: plan.kind,
    points: drawnRows.rows.length,
    capped,
    choice: {
      mark: choice.mark,
      x: choice.x.name,
      ...(choice.y ? { y: choice.y.name } : {}),
      ...(choice.color ? { color: choice.color.name } : {}),
      ...(plan.kind === 'aggregate' ? { aggregate: plan.aggregation.aggregate } : {})
    },
    note: noteFor(plan, input, drawnRows.rows.length, capped, data.by)
  };
}
