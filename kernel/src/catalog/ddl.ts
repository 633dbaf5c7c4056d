/**
 * Whether SQL a cell ran may have changed a catalog: CREATE, DROP, ALTER, RENAME or TRUNCATE …
 * TABLE/VIEW/DATABASE/SCHEMA (a CTAS too), MSCK REPAIR, USE. Comments and string literals are left out
 * first, so `SELECT 'drop table'` changes nothing.
 */
export function changesCatalog(sql: string): boolean {
  const code = sql
    .replace(/--[^\n]*/g, ' ')
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/'(?:[^'\\]|\\.|'')*'/g, "''")
    .replace(/"(?:[^"\\]|\\.|"")*"/g, '""');
  // USE changes no catalog but what its unqualified names mean, which the cache keeps too.
  return /(^|;)\s*(create|drop|alter|rename|msck|truncate|use)\b/i.test(code);
}
