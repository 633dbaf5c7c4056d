import { ICatalogPreview, ICatalogSourceInfo, ICatalogTable, ICatalogTableDetail } from '@jupyterlab-emr/common';

/**
 * One catalog the kernel can read: the Spark session's, a HiveServer2's, the Glue Data Catalog, an
 * Aurora target's information_schema. Each answers the same three questions; the cache above it
 * decides when to ask, and bounds how long.
 */
export interface ICatalogSource {
  readonly info: ICatalogSourceInfo;
  /** The databases (schemas) it lists, by name. */
  databases(signal: AbortSignal): Promise<string[]>;
  /** The tables of `database`, or of the source's current database when undefined. */
  tables(database: string | undefined, signal: AbortSignal): Promise<ICatalogTable[]>;
  /** One table with its columns; `database` undefined is the current one. */
  table(database: string | undefined, name: string, signal: AbortSignal): Promise<ICatalogTableDetail>;
  /** The table's first `rows` rows, read through the source's own engine. */
  preview(database: string, name: string, rows: number, signal: AbortSignal): Promise<ICatalogPreview>;
}

/** A lookup the source would not start now (a cell holds the Spark session): completion answers from what is cached. */
export class CatalogBusyError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'CatalogBusyError';
  }
}
