/**
 * Rows of a result read by column name, case-insensitively: HiveServer2's metadata calls name
 * them in capitals (TABLE_SCHEM), Spark's SHOW commands in camel case (tableName), MySQL's
 * information_schema as the server pleases.
 */
export function rowsByName(fields: readonly { name: string }[], rows: readonly unknown[][]): Array<(column: string) => string | undefined> {
  const index = new Map(fields.map((field, position) => [field.name.toLowerCase(), position]));
  return rows.map(row => (column: string) => {
    const position = index.get(column.toLowerCase());
    const value = position === undefined ? undefined : row[position];
    return value === null || value === undefined ? undefined : String(value);
  });
}
