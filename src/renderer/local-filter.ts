import { FieldKind, fieldKind, ITableField, ResultFilter } from '@jupyterlab-emr/common';

import { cellText } from './cell-text';

const isNumber = (text: string) => text.trim() !== '' && Number.isFinite(Number(text));

/**
 * Whether one value passes one filter, by the rules the kernel writes in SQL for a partial result
 * (paging/view-sql.ts), so a filter means the same on both sides: text compares the value's text,
 * a number column equals and ranges as numbers, a time column ranges as ISO text (which sorts as
 * time does). Nulls pass no filter, as in SQL.
 */
function passes(value: unknown, filter: ResultFilter, kind: FieldKind): boolean {
  if (value === null || value === undefined) {
    return false;
  }
  const text = cellText(value);
  switch (filter.op) {
    case 'contains':
      return text.includes(filter.value);
    case 'equals':
      return kind === 'quantitative' && isNumber(filter.value) ? Number(value) === Number(filter.value) : text === filter.value;
    case 'range': {
      const asText = (bound: string) => bound.trim().replace('T', ' ');
      const compare = (bound: string) => (kind === 'quantitative' ? Number(value) - Number(bound) : text < asText(bound) ? -1 : text > asText(bound) ? 1 : 0);
      return (filter.min === undefined || filter.min === '' || compare(filter.min) >= 0) && (filter.max === undefined || filter.max === '' || compare(filter.max) <= 0);
    }
  }
}

/** Positions of the rows that pass every filter (a filter naming no column passes nothing). */
export function matchingRows(rows: readonly (readonly unknown[])[], fields: readonly ITableField[], filters: readonly ResultFilter[]): Set<number> {
  // The column and its kind are looked up once per filter, not once per row.
  const resolved = filters.map(filter => {
    const index = fields.findIndex(field => field.name === filter.column);
    return { filter, index, kind: index >= 0 ? fieldKind(fields[index].type) : ('nominal' as FieldKind) };
  });
  const kept = new Set<number>();
  rows.forEach((row, position) => {
    if (resolved.every(({ filter, index, kind }) => index >= 0 && passes(row[index], filter, kind))) {
      kept.add(position);
    }
  });
  return kept;
}
