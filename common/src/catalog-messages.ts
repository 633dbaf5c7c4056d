/**
 * The data catalog as the kernel reads it and the side panel shows it: sources (the Spark
 * session's catalog, HiveServer2, the AWS Glue Data Catalog, each Aurora target), their databases,
 * tables and columns. Kept apart from the status comm's shapes: the catalog has its own cache and
 * its own invalidation, and completion reads the same shapes without any comm.
 */

import { IAwsTarget } from './comm-messages';

/** Where a catalog comes from; each kind is one module in the kernel's catalog/ folder. */
export type CatalogSourceKind = 'spark' | 'hive' | 'glue' | 'aurora';

/** A table's kind in the words of the catalog that has it, folded to the four a reader needs. */
export type CatalogTableType = 'managed' | 'external' | 'view' | 'temporary';

export interface ICatalogSourceInfo {
  /** Stable for the kernel's life: the cache key and the panel's group key (e.g. `aurora:silver-pg`). */
  id: string;
  kind: CatalogSourceKind;
  /** What the panel titles the group with, e.g. "Spark session 3", "Glue (us-east-1)". */
  label: string;
  /** The magic line of a cell that queries this source's tables: `%%sql`, `%%hive`, `%%aurora --target silver-pg`. */
  magic: string;
}

export interface ICatalogColumn {
  name: string;
  /** The type as the source spells it (Spark's `bigint`, PostgreSQL's `character varying`). */
  type: string;
  comment?: string;
}

export interface ICatalogTable {
  database: string;
  name: string;
  /** Unknown when the listing does not say (Spark's SHOW TABLES) until the table is opened. */
  type?: CatalogTableType;
  location?: string;
  /** The storage format or provider: parquet, csv, hive text, InnoDB … */
  format?: string;
  partitionColumns?: string[];
}

/** A table opened: its facts as the detailed look-up knows them, and its columns. */
export interface ICatalogTableDetail extends ICatalogTable {
  columns: ICatalogColumn[];
}

/** The `emr-livy.catalog` comm: the side panel's Catalog section asks, the kernel answers from its cache. */
export const CATALOG_COMM_TARGET = 'emr-livy.catalog';

/** Tables come in pages, so a database of 10,000 tables reaches the panel as it scrolls. */
export interface ICatalogTablePage {
  tables: ICatalogTable[];
  /** Where this page starts, and how many tables the database has in all. */
  offset: number;
  total: number;
}

/** The first rows of a table, as the panel's preview shows them. */
export interface ICatalogPreview {
  columns: string[];
  rows: unknown[][];
}

/** Every request the Catalog section can make: params in, result out. */
export interface ICatalogMethods {
  /** `aws`: the panel's region and profile, which the Glue source reads (else the kernel's). */
  listSources: { params: { aws?: IAwsTarget }; result: { sources: ICatalogSourceInfo[] } };
  listDatabases: { params: { source: string }; result: { databases: string[] } };
  /** `filter` keeps the tables whose name contains it (any case); the page counts among those. */
  listTables: { params: { source: string; database: string; offset: number; limit: number; filter?: string }; result: ICatalogTablePage };
  describeTable: { params: { source: string; database: string; table: string }; result: ICatalogTableDetail };
  previewTable: { params: { source: string; database: string; table: string }; result: ICatalogPreview };
  /** Forgets one source's cache (or every source's); the next listing asks the source again. */
  refresh: { params: { source?: string; aws?: IAwsTarget }; result: { sources: ICatalogSourceInfo[] } };
}

export type CatalogMethod = keyof ICatalogMethods;
export type CatalogParams<M extends CatalogMethod> = ICatalogMethods[M]['params'];
export type CatalogResult<M extends CatalogMethod> = ICatalogMethods[M]['result'];

export const CATALOG_METHODS: readonly CatalogMethod[] = ['listSources', 'listDatabases', 'listTables', 'describeTable', 'previewTable', 'refresh'];

export interface ICatalogRequest<M extends CatalogMethod = CatalogMethod> {
  requestId: string;
  method: M;
  params: CatalogParams<M>;
}

export type CatalogReply<M extends CatalogMethod = CatalogMethod> =
  { requestId: string; method: M; ok: true; result: CatalogResult<M> } | { requestId: string; method: M; ok: false; error: { message: string } };

export function isCatalogReply(value: unknown): value is CatalogReply {
  const reply = value as Partial<CatalogReply> | null;
  return typeof reply === 'object' && reply !== null && typeof reply.requestId === 'string' && typeof reply.ok === 'boolean' && CATALOG_METHODS.includes(reply.method as CatalogMethod);
}

/** The cell the panel inserts for a table: the source's magic line, then a first look at the table. */
export function selectCell(source: ICatalogSourceInfo, database: string, table: string, limit = 100): string {
  return `${source.magic}\nSELECT * FROM ${qualifiedName(database, table)} LIMIT ${limit}`;
}

/** `database.table`, each part quoted only when it is not a plain identifier. */
export function qualifiedName(database: string, table: string): string {
  const part = (name: string): string => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `\`${name.replace(/`/g, '``')}\``);
  return database === '' ? part(table) : `${part(database)}.${part(table)}`;
}
