import { UserError } from '../core/errors';
import type { AuroraEngine } from './connection';

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

/**
 * What a column type holds, as far as a write is concerned: which Spark types fit it. Each engine
 * sorts its own type names into these (typeFamily); a type it does not sort is 'other', and the
 * database alone judges what goes in.
 */
export type TypeFamily = 'integer' | 'decimal' | 'float' | 'text' | 'boolean' | 'date' | 'timestamp' | 'binary' | 'other';

/** Identifier quoting, column types and the few statements that differ between engines; each engine module (engines/) has one. */
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
  /**
   * Columns of a table in order, by schema and name: its name, its type (as typeFamily reads it),
   * whether it takes NULL ('YES'/'NO'), and whether the database fills it when an INSERT leaves it
   * out (a default, an identity or auto-increment, a generated column).
   */
  readonly columnsSql: string;
  /** The family of a column type as columnsSql names it. */
  typeFamily(columnType: string): TypeFamily;
  /** The columns of a table's primary key in order, by schema and name (no rows when it has none). */
  readonly primaryKeySql: string;
  /** Deletes the target's rows whose key is in the staging table: the delete of an upsert by delete+insert. */
  deleteMatchingSql(target: ITableRef, staging: ITableRef, keys: string[]): string;
  /** Tables matching a schema and name case-insensitively. */
  readonly findTableSql: string;
  /** Whether DDL commits the open transaction (MySQL), so creating and dropping happen outside it. */
  readonly ddlCommits: boolean;
  readonly beginSql: string;
  /** Settings for the merge's transaction only (SET LOCAL), run right after beginSql. */
  readonly mergeSettingsSql: string[];
  /** Keeps other writers out of the target while it is merged, so the counts are exact (none on MySQL). */
  lockSql(target: ITableRef): string | undefined;
  /** The column type for a Spark type name (`long`, `decimal(10,2)`), or undefined when the engine has none. */
  columnType(sparkType: string, isKey: boolean): string | undefined;
  /** The Spark type names (besides decimals) the engine has a column type for; the writer in the session checks against them. */
  readonly writableSparkTypes: string[];
}

/** Spark's decimal(p,s), which every engine spells with its own name for an exact decimal. */
export const SPARK_DECIMAL = /^decimal\((\d+),\s*(\d+)\)$/;

export function qualified(dialect: ISqlDialect, table: ITableRef): string {
  return `${dialect.quote(table.schema)}.${dialect.quote(table.name)}`;
}

/** Spark's name for a type, for messages: `array<string>` rather than its JSON. */
export function sparkTypeText(type: unknown): string {
  return typeof type === 'string' ? type : String((type as { type?: unknown })?.type ?? 'complex');
}

/** Refuses columns no database column can take, naming them and the fix. */
export function checkWritableFields(dialect: ISqlDialect, fields: ISparkField[]): void {
  const unwritable = fields.filter(field => typeof field.type !== 'string' || dialect.columnType(field.type, false) === undefined);
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

/** The column list of a new table made from Spark's types (checkWritableFields has refused the rest); keys are NOT NULL. */
export function columnDefinitions(dialect: ISqlDialect, fields: ISparkField[], keys: string[]): string {
  return fields
    .map(field => `${dialect.quote(field.name)} ${dialect.columnType(String(field.type), keys.includes(field.name))}${field.nullable && !keys.includes(field.name) ? '' : ' NOT NULL'}`)
    .join(', ');
}

export const list = (dialect: ISqlDialect, columns: string[], prefix = ''): string => columns.map(column => `${prefix}${dialect.quote(column)}`).join(', ');

/** Makes `keys` the table's primary key (none when there are no keys). */
export function addPrimaryKeySql(dialect: ISqlDialect, table: ITableRef, keys: string[]): string[] {
  return keys.length > 0 ? [`ALTER TABLE ${qualified(dialect, table)} ADD PRIMARY KEY (${list(dialect, keys)})`] : [];
}

/**
 * A unique index on the staging table's key columns. Building it proves no key occurs twice in the
 * result (as the database compares keys), in a third of the time a GROUP BY of the keys takes.
 * Index names are per schema (PostgreSQL) or per table (MySQL): the staging table's name keeps it unique.
 */
export function uniqueKeysIndexSql(dialect: ISqlDialect, table: ITableRef, keys: string[]): string {
  return `CREATE UNIQUE INDEX ${dialect.quote(`${table.name}_keys`)} ON ${qualified(dialect, table)} (${list(dialect, keys)})`;
}

/** The statements that create a missing target from the staging table, with the keys as primary key. */
export function createTargetSql(dialect: ISqlDialect, target: ITableRef, staging: ITableRef, keys: string[]): string[] {
  return [dialect.createTargetLike(target, staging), ...addPrimaryKeySql(dialect, target, keys)];
}

/** The DDL of a table made from Spark's types, as a new target gets it (for --dry-run to show). */
export function newTableSql(dialect: ISqlDialect, table: ITableRef, fields: ISparkField[], keys: string[]): string[] {
  return [`CREATE TABLE ${qualified(dialect, table)} (${columnDefinitions(dialect, fields, keys)})`, ...addPrimaryKeySql(dialect, table, keys)];
}

/** Adds a nullable column (--evolve): never a NOT NULL or a default, so no existing row changes. */
export function addColumnSql(dialect: ISqlDialect, table: ITableRef, column: string, type: string): string {
  return `ALTER TABLE ${qualified(dialect, table)} ADD COLUMN ${dialect.quote(column)} ${type}`;
}

/** The key columns of the target and the staging table compared, for the joins of an upsert. */
export function keysMatch(dialect: ISqlDialect, keys: string[], target = 't', staging = 's'): string {
  return keys.map(key => `${target}.${dialect.quote(key)} = ${staging}.${dialect.quote(key)}`).join(' AND ');
}

/**
 * The keys that occur more than once in the staging table: up to `examples` of them with their row
 * counts, each row also carrying how many such keys there are in all.
 */
export function duplicateKeysSql(dialect: ISqlDialect, staging: ITableRef, keys: string[], examples: number): string {
  return (
    `SELECT ${list(dialect, keys)}, count(*) AS emr_rows, count(*) OVER () AS emr_keys FROM ${qualified(dialect, staging)} ` +
    `GROUP BY ${list(dialect, keys)} HAVING count(*) > 1 ORDER BY ${list(dialect, keys)} LIMIT ${examples}`
  );
}

/** One row when any staged row has a NULL in a key column (none otherwise). */
export function nullKeySql(dialect: ISqlDialect, staging: ITableRef, keys: string[]): string {
  return `SELECT 1 FROM ${qualified(dialect, staging)} WHERE ${keys.map(key => `${dialect.quote(key)} IS NULL`).join(' OR ')} LIMIT 1`;
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
  const match = keysMatch(dialect, keys);
  return (
    `SELECT count(*) FROM (SELECT DISTINCT ${list(dialect, keys, 's.')} FROM ${qualified(dialect, staging)} s ` + `WHERE NOT EXISTS (SELECT 1 FROM ${qualified(dialect, target)} t WHERE ${match})) n`
  );
}

export function countSql(dialect: ISqlDialect, table: ITableRef): string {
  return `SELECT count(*) FROM ${qualified(dialect, table)}`;
}
