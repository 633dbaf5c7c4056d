import { fieldKind, ITableField } from '@jupyterlab-emr/common';

import { valueCompare } from './value-order';

export type SortDirection = 'ascending' | 'descending';

export interface ISortKey {
  column: number;
  direction: SortDirection;
}

/** A header click cycles its column through ascending, descending and back to the received order. */
export function nextSort(current: ISortKey | undefined, column: number): ISortKey | undefined {
  if (current?.column !== column) {
    return { column, direction: 'ascending' };
  }
  return current.direction === 'ascending' ? { column, direction: 'descending' } : undefined;
}

function isNull(value: unknown): boolean {
  return value === null || value === undefined;
}

/**
 * Row positions in display order. Nulls go last in both directions, since they are the rows a
 * sort is usually done to get away from; equal values keep their received order (the sort is stable).
 */
export function sortedOrder(rows: readonly (readonly unknown[])[], fields: readonly ITableField[], key: ISortKey | undefined): number[] {
  const order = rows.map((_, index) => index);
  if (!key || key.column >= fields.length) {
    return order;
  }
  const compare = valueCompare(fieldKind(fields[key.column].type));
  const sign = key.direction === 'ascending' ? 1 : -1;
  const column = key.column;
  return order.sort((i, j) => {
    const a = rows[i][column];
    const b = rows[j][column];
    if (isNull(a) || isNull(b)) {
      return Number(isNull(a)) - Number(isNull(b));
    }
    return sign * compare(a, b);
  });
}
