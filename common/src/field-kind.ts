/** How a chart treats a column, in Vega-Lite's terms. */
export type FieldKind = 'quantitative' | 'temporal' | 'nominal';

const QUANTITATIVE = /^(byte|short|integer|long|float|double|tinyint|smallint|int|bigint|decimal(\(\s*\d+\s*,\s*\d+\s*\))?)$/i;
const TEMPORAL = /^(date|timestamp|timestamp_ntz|timestamp_ltz)$/i;
const COMPLEX = /^(array|map|struct)<|^binary$/i;

/** The kind of a column from the engine's type name (Spark's `simpleString`). */
export function fieldKind(type: string): FieldKind {
  if (QUANTITATIVE.test(type.trim())) {
    return 'quantitative';
  }
  return TEMPORAL.test(type.trim()) ? 'temporal' : 'nominal';
}

/**
 * Arrays, maps, structs and bytes are nominal too, but an axis of them says nothing; an automatic
 * chart leaves them out (an explicit option may still name one).
 */
export function isComplexType(type: string): boolean {
  return COMPLEX.test(type.trim());
}
