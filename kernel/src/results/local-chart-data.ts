import { ChartAggregate, ITablePayload } from '@jupyterlab-emr/common';
import { IChartData } from './full-chart';

/**
 * A chart's groups or sample from the rows the kernel already holds, for a complete result too
 * long to chart inline: running the query again in Spark only to aggregate would double its cost.
 * The groups are what the chart's GROUP BY would give: nulls form a group, aggregates skip nulls,
 * groups ordered by their axes with nulls first, as Spark's ORDER BY … ASC does.
 */
export function localChartData(table: ITablePayload): IChartData {
  const index = (name: string): number => table.schema.fields.findIndex(field => field.name.toLowerCase() === name.toLowerCase());
  const typeOf = (name: string): string => table.schema.fields[index(name)]?.type ?? 'string';
  return {
    aggregate: async aggregation => {
      const keys = aggregation.dimensions.map(index);
      const measure = aggregation.measure === undefined ? undefined : index(aggregation.measure);
      const groups = new Map<string, { key: unknown[]; values: unknown[] }>();
      for (const row of table.rows) {
        const key = keys.map(column => row[column] ?? null);
        const id = JSON.stringify(key);
        const group = groups.get(id) ?? { key, values: [] };
        groups.set(id, group);
        group.values.push(measure === undefined ? 1 : (row[measure] ?? null));
      }
      const rows = [...groups.values()]
        .sort((a, b) => compareKeys(a.key, b.key))
        .slice(0, aggregation.groupLimit + 1)
        .map(group => [...group.key, aggregate(aggregation.aggregate, group.values)]);
      const fields = [...aggregation.dimensions.map((name, position) => ({ name: `d${position}`, type: typeOf(name) })), { name: 'm', type: 'double' }];
      return { schema: { fields }, rows, rowCount: rows.length, truncated: false };
    },
    sample: async (columns, size) => {
      const positions = columns.map(index);
      const rows = sampleRows(table.rows, size).map(row => positions.map(column => row[column] ?? null));
      return { schema: { fields: columns.map(name => ({ name, type: typeOf(name) })) }, rows, rowCount: rows.length, truncated: false };
    }
  };
}

function compareValues(a: unknown, b: unknown): number {
  if (a === null || b === null) {
    return a === b ? 0 : a === null ? -1 : 1;
  }
  if (typeof a === 'number' || typeof b === 'number') {
    return Number(a) - Number(b);
  }
  const [x, y] = [typeof a === 'object' ? JSON.stringify(a) : String(a), typeof b === 'object' ? JSON.stringify(b) : String(b)];
  return x < y ? -1 : x > y ? 1 : 0;
}

function compareKeys(a: unknown[], b: unknown[]): number {
  for (let i = 0; i < a.length; i += 1) {
    const order = compareValues(a[i], b[i]);
    if (order !== 0) {
      return order;
    }
  }
  return 0;
}

/** SQL's aggregates over one group; exact digits (a LosslessNumber) become the nearest double, as on a chart. */
function aggregate(kind: ChartAggregate, values: unknown[]): number | null {
  const numbers = values.filter(value => value !== null).map(value => Number(String(value)));
  if (kind === 'count') {
    return numbers.length;
  }
  if (numbers.length === 0) {
    return null;
  }
  switch (kind) {
    case 'sum':
      return numbers.reduce((total, value) => total + value, 0);
    case 'avg':
      return numbers.reduce((total, value) => total + value, 0) / numbers.length;
    case 'min':
      return numbers.reduce((least, value) => Math.min(least, value));
    case 'max':
      return numbers.reduce((most, value) => Math.max(most, value));
  }
}

/** `size` rows without replacement, the same ones for the same rows (a fixed-seed generator). */
function sampleRows<T>(rows: readonly T[], size: number): T[] {
  if (rows.length <= size) {
    return [...rows];
  }
  let seed = 4;
  const random = (): number => {
    // mulberry32
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const picked = [...rows];
  for (let i = 0; i < size; i += 1) {
    const j = i + Math.floor(random() * (picked.length - i));
    [picked[i], picked[j]] = [picked[j], picked[i]];
  }
  return picked.slice(0, size);
}
