import { UserError } from '../core/errors';
import { AuroraEngine } from './targets';

/** A column of the Spark result, as `df.schema.json` gives it. */
export interface ISparkField {
  name: string;
  /** Spark's type name (`long`, `decimal(10,2)`); complex types are objects and cannot be written. */
  type: unknown;
  nullable: boolean;
}

export interface ITableRef {
  schema: string;
  name: string;
}

/** Identifier quoting and the few statements that differ between PostgreSQL and MySQL. */
export interface ISqlDialect {
  readonly engine: AuroraEngine;
  quote(identifier: string): string;
  /** Positional parameter number `index` (1-based). */
  param(index: number): string;
  /** The schema (PostgreSQL) or database (MySQL) unqualified names resolve to. */
  readonly currentSchemaSql: string;
  /** A staging table shaped like the existing target (its columns, types, defaults and NOT NULLs). */
  createStagingLike(staging: ITableRef, target: ITableRef): string;
  /** A staging table made from Spark's types, for a target that does not exist yet. */
  createStagingFrom(staging: ITableRef, fields: ISparkField[], keys: string[]): string;
  /** The missing target, made from the staging table. */
  createTargetLike(target: ITableRef, staging: ITableRef): string;
  /** What an upsert's INSERT ends with: update the other columns of a row whose key exists. */
  onConflict(keys: string[], others: string[]): string;
  /** Unique indexes of a table: one row per index with its column names as a comma-separated list. */
  readonly uniqueIndexesSql: string;
  /** Columns of a table in order, by schema and name. */
  readonly columnsSql: string;
  /** Tables matching a schema and name case-insensitively. */
  readonly findTableSql: string;
  /** Whether DDL commits the open transaction (MySQL), so creating and dropping happen outside it. */
  readonly ddlCommits: boolean;
  readonly beginSql: string;
  /** Keeps other writers out of the target while it is merged, so the counts are exact (none on MySQL). */
  lockSql(target: ITableRef): string | undefined;
}

export function qualified(dialect: ISqlDialect, table: ITableRef): string {
  return `${dialect.quote(table.schema)}.${dialect.quote(table.name)}`;
}

const DECIMAL = /^decimal\((\d+),\s*(\d+)\)$/;

const POSTGRES_TYPES: Record<string, string> = {
  string: 'text',
  integer: 'integer',
  long: 'bigint',
  short: 'smallint',
  byte: 'smallint',
  double: 'double precision',
  float: 'real',
  boolean: 'boolean',
  date: 'date',
  timestamp: 'timestamptz',
  timestamp_ntz: 'timestamp',
  binary: 'bytea'
};

const MYSQL_TYPES: Record<string, string> = {
  string: 'LONGTEXT',
  integer: 'INT',
  long: 'BIGINT',
  short: 'SMALLINT',
  byte: 'TINYINT',
  double: 'DOUBLE',
  float: 'FLOAT',
  boolean: 'BOOLEAN',
  date: 'DATE',
  timestamp: 'DATETIME(6)',
  timestamp_ntz: 'DATETIME(6)',
  binary: 'LONGBLOB'
};

/** The Spark type names (besides decimals) an engine has a column type for; the writer in the session checks against them. */
export function writableSparkTypes(engine: AuroraEngine): string[] {
  return Object.keys(engine === 'postgres' ? POSTGRES_TYPES : MYSQL_TYPES);
}

/** A column type for a Spark type, or undefined when the engine has none (arrays, maps, structs). */
function columnType(engine: AuroraEngine, type: unknown, isKey: boolean): string | undefined {
  if (typeof type !== 'string') {
    return undefined;
  }
  const decimal = DECIMAL.exec(type);
  if (decimal) {
    return `${engine === 'postgres' ? 'numeric' : 'DECIMAL'}(${decimal[1]},${decimal[2]})`;
  }
  // A MySQL TEXT column cannot be a key without a prefix length.
  if (engine === 'mysql' && isKey && type === 'string') {
    return 'VARCHAR(255)';
  }
  const types = engine === 'postgres' ? POSTGRES_TYPES : MYSQL_TYPES;
  return Object.prototype.hasOwnProperty.call(types, type) ? types[type] : undefined;
}

/** Spark's name for a type, for messages: `array<string>` rather than its JSON. */
export function sparkTypeText(type: unknown): string {
  return typeof type === 'string' ? type : String((type as { type?: unknown })?.type ?? 'complex');
}

/** Refuses columns no database column can take, naming them and the fix. */
export function checkWritableFields(engine: AuroraEngine, fields: ISparkField[]): void {
  const unwritable = fields.filter(field => columnType(engine, field.type, false) === undefined);
  if (unwritable.length > 0) {
    throw new UserError(
      `%%silver cannot write ${unwritable.map(field => `${field.name} (${sparkTypeText(field.type)})`).join(', ')}: the database has no such column type. ` +
        'Convert them in the query, for example to_json(col) AS col, or leave them out.',
      'SilverSchemaError'
    );
  }
  if (fields.length === 0) {
    throw new UserError('%%silver: the result has no columns to write.', 'SilverSchemaError');
  }
}

function columnDefinitions(dialect: ISqlDialect, fields: ISparkField[], keys: string[]): string {
  return fields
    .map(field => `${dialect.quote(field.name)} ${columnType(dialect.engine, field.type, keys.includes(field.name))}${field.nullable && !keys.includes(field.name) ? '' : ' NOT NULL'}`)
    .join(', ');
}

const list = (dialect: ISqlDialect, columns: string[], prefix = ''): string => columns.map(column => `${prefix}${dialect.quote(column)}`).join(', ');

export const POSTGRES_DIALECT: ISqlDialect = {
  engine: 'postgres',
  quote: identifier => `"${identifier.replace(/"/g, '""')}"`,
  param: index => `$${index}`,
  currentSchemaSql: 'SELECT current_schema()',
  // UNLOGGED: the rows are in the staging table only until the merge, and skipping the WAL doubles COPY's speed.
  createStagingLike: (staging, target) => `CREATE UNLOGGED TABLE ${qualified(POSTGRES_DIALECT, staging)} (LIKE ${qualified(POSTGRES_DIALECT, target)} INCLUDING DEFAULTS)`,
  createStagingFrom: (staging, fields, keys) => `CREATE UNLOGGED TABLE ${qualified(POSTGRES_DIALECT, staging)} (${columnDefinitions(POSTGRES_DIALECT, fields, keys)})`,
  createTargetLike: (target, staging) => `CREATE TABLE ${qualified(POSTGRES_DIALECT, target)} (LIKE ${qualified(POSTGRES_DIALECT, staging)} INCLUDING DEFAULTS)`,
  onConflict: (keys, others) =>
    `ON CONFLICT (${list(POSTGRES_DIALECT, keys)}) ${others.length === 0 ? 'DO NOTHING' : `DO UPDATE SET ${others.map(column => `${POSTGRES_DIALECT.quote(column)} = EXCLUDED.${POSTGRES_DIALECT.quote(column)}`).join(', ')}`}`,
  uniqueIndexesSql:
    "SELECT string_agg(a.attname::text, ',' ORDER BY k.ord) FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace " +
    'CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord) JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum ' +
    'WHERE n.nspname = $1 AND c.relname = $2 AND i.indisunique AND i.indpred IS NULL GROUP BY i.indexrelid',
  columnsSql: 'SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position',
  findTableSql: "SELECT table_schema, table_name FROM information_schema.tables WHERE lower(table_schema) = lower($1) AND lower(table_name) = lower($2) AND table_type = 'BASE TABLE'",
  ddlCommits: false,
  beginSql: 'BEGIN',
  // Blocks other writers (not readers) until COMMIT, so the row counts checked before it are the ones committed.
  lockSql: target => `LOCK TABLE ${qualified(POSTGRES_DIALECT, target)} IN SHARE ROW EXCLUSIVE MODE`
};

export const MYSQL_DIALECT: ISqlDialect = {
  engine: 'mysql',
  quote: identifier => `\`${identifier.replace(/`/g, '``')}\``,
  param: () => '?',
  currentSchemaSql: 'SELECT DATABASE()',
  createStagingLike: (staging, target) => `CREATE TABLE ${qualified(MYSQL_DIALECT, staging)} LIKE ${qualified(MYSQL_DIALECT, target)}`,
  createStagingFrom: (staging, fields, keys) => `CREATE TABLE ${qualified(MYSQL_DIALECT, staging)} (${columnDefinitions(MYSQL_DIALECT, fields, keys)})`,
  createTargetLike: (target, staging) => `CREATE TABLE ${qualified(MYSQL_DIALECT, target)} LIKE ${qualified(MYSQL_DIALECT, staging)}`,
  // With no other column, "updating" a key to itself keeps the row: MySQL has no DO NOTHING.
  onConflict: (keys, others) => `ON DUPLICATE KEY UPDATE ${(others.length > 0 ? others : keys).map(column => `${MYSQL_DIALECT.quote(column)} = VALUES(${MYSQL_DIALECT.quote(column)})`).join(', ')}`,
  uniqueIndexesSql:
    "SELECT GROUP_CONCAT(column_name ORDER BY seq_in_index SEPARATOR ',') FROM information_schema.statistics WHERE table_schema = ? AND table_name = ? AND non_unique = 0 GROUP BY index_name",
  columnsSql: 'SELECT column_name FROM information_schema.columns WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position',
  findTableSql: "SELECT table_schema, table_name FROM information_schema.tables WHERE lower(table_schema) = lower(?) AND lower(table_name) = lower(?) AND table_type = 'BASE TABLE'",
  ddlCommits: true,
  beginSql: 'START TRANSACTION',
  lockSql: () => undefined
};

export function dialectFor(engine: AuroraEngine): ISqlDialect {
  return engine === 'postgres' ? POSTGRES_DIALECT : MYSQL_DIALECT;
}

/** The statements that create a missing target from the staging table, with the upsert keys as primary key. */
export function createTargetSql(dialect: ISqlDialect, target: ITableRef, staging: ITableRef, keys: string[]): string[] {
  const primaryKey = keys.length > 0 ? [`ALTER TABLE ${qualified(dialect, target)} ADD PRIMARY KEY (${list(dialect, keys)})`] : [];
  return [dialect.createTargetLike(target, staging), ...primaryKey];
}

/** Inserts the staging rows into the target; with keys, a row whose key exists is updated instead. */
export function insertFromStagingSql(dialect: ISqlDialect, target: ITableRef, staging: ITableRef, columns: string[], keys: string[]): string {
  const insert = `INSERT INTO ${qualified(dialect, target)} (${list(dialect, columns)}) SELECT ${list(dialect, columns)} FROM ${qualified(dialect, staging)}`;
  return keys.length === 0
    ? insert
    : `${insert} ${dialect.onConflict(
        keys,
        columns.filter(column => !keys.includes(column))
      )}`;
}

/** Counts the staging keys the target does not have yet: the rows an upsert adds (duplicates in the staging table count once). */
export function newKeysSql(dialect: ISqlDialect, target: ITableRef, staging: ITableRef, keys: string[]): string {
  const match = keys.map(key => `t.${dialect.quote(key)} = s.${dialect.quote(key)}`).join(' AND ');
  return (
    `SELECT count(*) FROM (SELECT DISTINCT ${list(dialect, keys, 's.')} FROM ${qualified(dialect, staging)} s ` + `WHERE NOT EXISTS (SELECT 1 FROM ${qualified(dialect, target)} t WHERE ${match})) n`
  );
}

export function countSql(dialect: ISqlDialect, table: ITableRef): string {
  return `SELECT count(*) FROM ${qualified(dialect, table)}`;
}
