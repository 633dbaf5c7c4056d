/**
 * What a magic's body is written in. The kernel's is_complete and completion and the front end's
 * Format SQL all go by this, so a magic that gains a body language gains all three at once.
 */
export type CellLanguage = 'scala' | 'python' | 'spark-sql' | 'hiveql' | 'database-sql' | 'json' | 'none';

/** The SQL dialects a body can be in: Spark's, Hive's, or a database target's (PostgreSQL or MySQL). */
export type SqlCellLanguage = Extract<CellLanguage, 'spark-sql' | 'hiveql' | 'database-sql'>;

/**
 * The body language of each of the kernel's magics, by the magic's name (aliases resolve through
 * the kernel's registry). The front end cannot load the kernel's magic specs, which pull in Node
 * modules, so the specs read their language from here and the two cannot disagree.
 */
export const MAGIC_LANGUAGES = {
  scala: 'scala',
  pyspark: 'python',
  sql: 'spark-sql',
  hive: 'hiveql',
  aurora: 'database-sql',
  // Its body is an optional Spark SQL query (empty with --from): as SQL, is_complete would keep a
  // complete --from cell open, so it is left undeclared, as it always was.
  silver: 'none',
  configure: 'json',
  connect: 'none',
  info: 'none',
  logs: 'none',
  cleanup: 'none',
  emr: 'none',
  help: 'none'
} as const satisfies Readonly<Record<string, CellLanguage>>;

export function isSqlLanguage(language: CellLanguage | undefined): language is SqlCellLanguage {
  return language === 'spark-sql' || language === 'hiveql' || language === 'database-sql';
}

/** The language of the magic called `name`, if it is one of the kernel's own. */
export function magicLanguage(name: string): CellLanguage | undefined {
  return Object.prototype.hasOwnProperty.call(MAGIC_LANGUAGES, name) ? MAGIC_LANGUAGES[name as keyof typeof MAGIC_LANGUAGES] : undefined;
}
