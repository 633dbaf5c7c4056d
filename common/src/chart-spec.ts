import { ChartAggregate, IChartChoice, IChartColumn } from './chart-choice';
import { ITablePayload } from './mime';

/** A Vega-Lite spec as plain JSON; the kernel checks it by compiling it. */
export type VegaLiteSpec = Record<string, unknown>;

type ChannelDef = Record<string, unknown>;

const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json';

/** SQL's names for Vega-Lite's aggregates. `count` with a column counts its non-null values, as COUNT(col) does. */
const AGGREGATES: Record<ChartAggregate, string> = { sum: 'sum', avg: 'mean', count: 'valid', min: 'min', max: 'max' };

const MARKS = { bar: 'bar', line: 'line', area: 'area', point: 'point', pie: 'arc', heatmap: 'rect' } as const;

/**
 * Data keys are column positions, not names: Spark results may repeat a name, and Vega-Lite
 * reads dots and brackets in a field name as a path into the datum. Titles carry the real names.
 */
function key(column: IChartColumn): string {
  return `c${column.index}`;
}

/**
 * Values as the chart needs them. The kernel keeps numbers a double cannot hold exactly as their
 * digits (a string once serialised); a chart can only plot the nearest double. Nested values
 * become their JSON text, a readable category.
 */
function chartValue(value: unknown, column: IChartColumn): unknown {
  if (value === null || value === undefined) {
    return null;
  }
  if (column.kind === 'quantitative') {
    const number = typeof value === 'number' ? value : Number(String(value));
    return Number.isFinite(number) ? number : null;
  }
  return typeof value === 'object' ? JSON.stringify(value) : value;
}

function field(column: IChartColumn, type: string = column.kind): ChannelDef {
  return { field: key(column), type, title: column.name };
}

function measure(column: IChartColumn | undefined, aggregate: ChartAggregate | undefined): ChannelDef {
  if (!column) {
    return { aggregate: 'count', type: 'quantitative', title: 'count' };
  }
  if (!aggregate) {
    return field(column);
  }
  // Vega-Lite stacks coloured bars and areas; a stack of averages, minima or maxima adds up to nothing.
  const unstacked = aggregate === 'sum' || aggregate === 'count' ? {} : { stack: null };
  return { ...field(column, 'quantitative'), aggregate: AGGREGATES[aggregate], title: `${aggregate}(${column.name})`, ...unstacked };
}

function encoding(choice: IChartChoice): Record<string, ChannelDef> {
  switch (choice.mark) {
    case 'pie':
      return { theta: measure(choice.y, choice.aggregate), color: field(choice.x, 'nominal') };
    case 'heatmap':
      return { x: field(choice.x, 'ordinal'), y: field(choice.y as IChartColumn, 'ordinal'), color: measure(choice.color, choice.aggregate) };
    default:
      // A bar per number is a bar per category: on a continuous axis bars for 200, 404 and 500 are slivers far apart.
      return {
        x: field(choice.x, choice.mark === 'bar' && choice.x.kind === 'quantitative' ? 'ordinal' : choice.x.kind),
        y: measure(choice.y, choice.aggregate),
        ...(choice.color ? { color: field(choice.color) } : {})
      };
  }
}

function usedColumns(choice: IChartChoice): IChartColumn[] {
  const columns = [choice.x, choice.y, choice.color].filter((column): column is IChartColumn => column !== undefined);
  return columns.filter((column, position) => columns.findIndex(other => other.index === column.index) === position);
}

/**
 * The Vega-Lite spec of a chart over the table's rows, data inline. No colours, fonts or sizes:
 * the front end's Vega renderer applies the JupyterLab theme, which a baked-in config would override.
 */
export function chartSpec(choice: IChartChoice, table: ITablePayload): VegaLiteSpec {
  const columns = usedColumns(choice);
  const values = table.rows.map(row => Object.fromEntries(columns.map(column => [key(column), chartValue(row[column.index], column)])));
  // Points on a line or area give the tooltip something to attach to for each row.
  const withPoints = choice.mark === 'line' || choice.mark === 'area' ? { point: true } : {};
  return {
    $schema: VEGA_LITE_SCHEMA,
    data: { values },
    mark: { type: MARKS[choice.mark], tooltip: true, ...withPoints },
    encoding: encoding(choice)
  };
}
