// Names as the database spells them: the user types `id` for a column PostgreSQL has as `id` and
// MySQL may have as `ID`. The inspection reads the keys this way, the drift check and the plan the columns.

/** The name in `names` that `wanted` means: the exact spelling, else the one that differs only in case. */
export function byName(names: string[], wanted: string): string | undefined {
  return names.find(name => name === wanted) ?? names.find(name => name.toLowerCase() === wanted.toLowerCase());
}
