/**
 * The text shown for one value. Structured Spark values (arrays, maps, structs) arrive as JSON
 * and are shown as compact JSON; `null` is spelled out so it is not mistaken for an empty string.
 */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) {
    return 'null';
  }
  if (typeof value === 'object') {
    return JSON.stringify(value);
  }
  return String(value);
}
