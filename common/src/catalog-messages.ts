/**
 * The data catalog as the kernel reads it and the side panel shows it: sources (the Spark
 * session's catalog, HiveServer2, the AWS Glue Data Catalog, each Aurora target), their databases,
 * tables and columns. Kept apart from the status comm's shapes: the catalog has its own cache and
 * its own invalidation, and completion reads the same shapes without any comm.
 */

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
