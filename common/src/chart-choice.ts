import { FieldKind, fieldKind, isComplexType } from './field-kind';
import { IChartOptions, ITableField, ITableSchema } from './mime';

export const CHART_MARKS = ['bar', 'line', 'area', 'point', 'pie', 'heatmap'] as const;
export type ChartMark = (typeof CHART_MARKS)[number];

export const CHART_AGGREGATES = ['sum', 'avg', 'count', 'min', 'max'] as const;
export type ChartAggregate = (typeof CHART_AGGREGATES)[number];

/** What the user asked for (magic-line options, or the toolbar); every part optional. */
export interface IChartRequest {
  mark?: ChartMark | 'none';
  x?: string;
  y?: string;
  color?: string;
  aggregate?: ChartAggregate;
}

/** A column the chart uses, by position, because Spark results may repeat a name. */
export interface IChartColumn {
  index: number;
  name: string;
  /** The engine's type name, as in the schema. */
  type: string;
  kind: FieldKind;
}

/**
 * A complete chart choice. `y` is absent only when counting rows. For a pie, `x` gives the slices
 * and `y` their sizes; for a heatmap, `x` and `y` are the two axes and `color` the cell value
 * (absent: the row count).
 */
export interface IChartChoice {
  mark: ChartMark;
  x: IChartColumn;
  y?: IChartColumn;
  color?: IChartColumn;
  aggregate?: ChartAggregate;
}

/** A chart option that cannot apply to this result; the message says what would. */
export class ChartOptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ChartOptionError';
  }
}

type Columns = IChartColumn[];

function columnsOf(schema: ITableSchema): Columns {
  return schema.fields.map((field: ITableField, index) => ({ index, name: field.name, type: field.type, kind: fieldKind(field.type) }));
}

function listColumns(columns: Columns): string {
  return columns.map(column => `${column.name} (${column.kind === 'quantitative' ? 'number' : column.kind === 'temporal' ? 'time' : 'category'})`).join(', ');
}

/** Exact name first; a case-insensitive match too, as Spark SQL resolves names that way. */
function resolve(option: string, name: string | undefined, columns: Columns): IChartColumn | undefined {
  if (name === undefined) {
    return undefined;
  }
  const exact = columns.filter(column => column.name === name);
  const matches = exact.length > 0 ? exact : columns.filter(column => column.name.toLowerCase() === name.toLowerCase());
  if (matches.length === 1) {
    return matches[0];
  }
  const problem = matches.length === 0 ? 'is not a column of this result' : 'names more than one column of this result; alias them apart in the query';
  throw new ChartOptionError(`--${option} ${name} ${problem}. The columns are: ${listColumns(columns)}.`);
}

function first(columns: Columns, accept: (column: IChartColumn) => boolean, ...taken: (IChartColumn | undefined)[]): IChartColumn | undefined {
  return columns.find(column => accept(column) && !taken.some(used => used?.index === column.index));
}

/**
 * Integral numbers with at most this many distinct values are codes or ordinals (HTTP statuses,
 * weekdays, months, a few decades of years) rather than measurements: each value is a category.
 */
export const FEW_DISTINCT_VALUES = 30;

const INTEGRAL = /^(byte|short|integer|long|tinyint|smallint|int|bigint|decimal\(\s*\d+\s*,\s*0\s*\))$/i;

/** Whether the rows' values of a numeric column are few whole numbers, so a bar per value reads better than a scatter. */
function hasFewWholeValues(column: IChartColumn, rows: readonly unknown[][] | undefined): boolean {
  if (!rows || rows.length === 0 || !INTEGRAL.test(column.type.trim())) {
    return false;
  }
  const distinct = new Set<string>();
  for (const row of rows) {
    distinct.add(String(row[column.index]));
    if (distinct.size > FEW_DISTINCT_VALUES) {
      return false;
    }
  }
  return true;
}

function automaticMark(x: IChartColumn, rows: readonly unknown[][] | undefined): ChartMark {
  if (x.kind === 'quantitative') {
    return hasFewWholeValues(x, rows) ? 'bar' : 'point';
  }
  return x.kind === 'temporal' ? 'line' : 'bar';
}

/**
 * Picks a chart for a result: time or category against a number is a line or a bar, two numbers
 * a scatter, unless the x values in `rows` (the result's rows at hand) are a few whole numbers,
 * which get a bar each. Options override any part and are checked against the columns. Without
 * options, a result of one row (or none) gets no chart, since one mark shows nothing a table does not.
 */
export function chooseChart(schema: ITableSchema, rowCount: number, request: IChartRequest = {}, rows?: readonly unknown[][]): IChartChoice | undefined {
  if (request.mark === 'none') {
    return undefined;
  }
  const columns = columnsOf(schema);
  const explicit = { x: resolve('x', request.x, columns), y: resolve('y', request.y, columns), color: resolve('color', request.color, columns) };
  const asked = request.mark !== undefined || request.x !== undefined || request.y !== undefined || request.color !== undefined || request.aggregate !== undefined;
  if (rowCount === 0 || (rowCount === 1 && !asked)) {
    return undefined;
  }
  const choice = request.mark === 'heatmap' ? heatmap(columns, explicit, request.aggregate) : xyChart(columns, explicit, request, rows);
  if (!choice && asked) {
    throw new ChartOptionError(`This result has no columns for a ${request.mark ?? 'chart'}: it needs a number column (or --agg count). The columns are: ${listColumns(columns)}.`);
  }
  return choice;
}

interface IExplicitColumns {
  x?: IChartColumn;
  y?: IChartColumn;
  color?: IChartColumn;
}

const isNumber = (column: IChartColumn) => column.kind === 'quantitative';
const isAxis = (column: IChartColumn) => column.kind !== 'quantitative' && !isComplexType(column.type);
const isTemporal = (column: IChartColumn) => column.kind === 'temporal';
const isCategory = (column: IChartColumn) => column.kind === 'nominal' && !isComplexType(column.type);
const isScalar = (column: IChartColumn) => !isComplexType(column.type);

function needsNumber(option: string, column: IChartColumn, purpose: string, columns: Columns): void {
  if (!isNumber(column)) {
    const numbers = columns.filter(isNumber).map(c => c.name);
    const hint = numbers.length > 0 ? `the number columns are ${numbers.join(', ')}` : 'this result has no number column';
    throw new ChartOptionError(`--${option} ${column.name} is a ${column.kind === 'temporal' ? 'time' : 'category'} column, but ${purpose} needs numbers (${hint}); --agg count counts rows instead.`);
  }
}

/** Bar, line, area, point and pie: one axis (or the slices) against a number. */
function xyChart(columns: Columns, explicit: IExplicitColumns, request: IChartRequest, rows: readonly unknown[][] | undefined): IChartChoice | undefined {
  const counting = request.aggregate === 'count';
  // Slices of a pie read best as categories, and a scatter needs a number on both axes.
  const axisOrder = request.mark === 'point' ? [isNumber] : request.mark === 'pie' ? [isCategory, isAxis] : [isTemporal, isAxis, isNumber];
  const defaultX = axisOrder.map(accept => first(columns, accept, explicit.y)).find(column => column !== undefined);
  const x = explicit.x ?? defaultX;
  if (!x) {
    return undefined;
  }
  const mark = request.mark === undefined || request.mark === 'none' || request.mark === 'heatmap' ? automaticMark(x, rows) : request.mark;
  // Counting needs no y: it counts rows, or with --y the rows where that column is not null.
  const y = explicit.y ?? (counting ? undefined : first(columns, isNumber, x));
  if (!y && !counting) {
    return undefined;
  }
  if (y && !counting && (mark !== 'point' || request.aggregate)) {
    needsNumber('y', y, request.aggregate ? `--agg ${request.aggregate}` : `a ${mark} chart`, columns);
  }
  if (mark === 'pie' && explicit.color) {
    throw new ChartOptionError('--color does not apply to a pie chart: its slices are coloured by the --x column.');
  }
  return { mark, x, y, color: explicit.color, aggregate: request.aggregate };
}

/** A heatmap: two axes of categories, each cell coloured by a number (or the row count). */
function heatmap(columns: Columns, explicit: IExplicitColumns, aggregate: IChartRequest['aggregate']): IChartChoice | undefined {
  const x = explicit.x ?? first(columns, isAxis, explicit.y, explicit.color) ?? first(columns, isScalar, explicit.y, explicit.color);
  const y = explicit.y ?? first(columns, isAxis, x, explicit.color) ?? first(columns, isScalar, x, explicit.color);
  if (!x || !y) {
    return undefined;
  }
  const color = aggregate === 'count' ? explicit.color : (explicit.color ?? first(columns, isNumber, x, y));
  if (color && aggregate !== 'count') {
    needsNumber('color', color, 'the colour of a heatmap', columns);
  }
  return { mark: 'heatmap', x, y, color, aggregate: color ? aggregate : 'count' };
}

/** A choice by column names (what the kernel puts in the table payload beside its chart). */
export function chartOptionsOf(choice: IChartChoice): IChartOptions {
  return {
    mark: choice.mark,
    x: choice.x.name,
    ...(choice.y ? { y: choice.y.name } : {}),
    ...(choice.color ? { color: choice.color.name } : {}),
    ...(choice.aggregate ? { aggregate: choice.aggregate } : {})
  };
}
