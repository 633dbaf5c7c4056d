import type { IConnectionParams } from '../connection';
import type { IDatabase } from '../database';
import type { ISqlDialect, ITableRef } from '../sql-dialect';
import type { SqlDialect } from '../../cell-kit/sql-keywords';

/** How the executors load a partition: PostgreSQL's COPY, MySQL's LOAD DATA LOCAL INFILE, or JDBC batches. */
export type SilverLoader = 'copy' | 'load-data' | 'batches';

/**
 * How an executor's JDBC driver verifies a TLS target: connection properties beside the URL's
 * verify-full, and where the target's CA (the caBundle's PEM text) goes.
 */
export interface IJdbcTls {
  /** Properties set on every connection (strings, as java.util.Properties holds them). */
  properties: [string, string][];
  /** The property that names the CA, and whether it takes a file path or the PEM text. */
  caProperty: string;
  caInFile: boolean;
  /** The PEM text to trust; '' for none. */
  caPem: string;
}

/** What the executors' JDBC driver needs to reach the target. */
export interface IJdbcFacts {
  /** The driver's class, loaded by reflection on the executors. */
  readonly driverClass: string;
  /** The URL the executors connect to; the password is never in it. */
  url(params: IConnectionParams): string;
  tls(params: IConnectionParams): IJdbcTls;
  /** Connection flags for the loader the run uses. */
  driverFlags(loader: SilverLoader): string[];
}

/**
 * The engine's catalog queries over information_schema, for the side panel's Catalog and SQL
 * completion. Each takes its parameters in the order named and reads the columns by the names
 * given here; a null database means the connection's current one. Identifiers are quoted by the
 * engine's dialect.
 */
export interface ICatalogSql {
  /** → name */
  databases: string;
  /** (database | null) → database, name, type (information_schema's table_type), format */
  tables: string;
  /** (database | null, table) → name, type, comment */
  columns: string;
}

/**
 * Every fact of one database engine, so that nothing outside engines/ asks which engine a target
 * is: the rest of aurora/ reads these. A new engine is one module implementing this and one line
 * in registry.ts.
 */
export interface IAuroraEngine {
  /** The target's `engine` value, and the key of the registry. */
  readonly name: string;
  /** Whether a secret's `engine` field (Aurora's "aurora-postgresql", "mariadb", …) names this engine. */
  matchesSecret(text: string): boolean;
  readonly defaultPort: number;
  readonly dialect: ISqlDialect;
  /** A connection through the engine's Node driver. */
  open(params: IConnectionParams): Promise<IDatabase>;
  /** Whether the server lets the executors load a local file (asked once per run; false where the engine has no such load). */
  allowsLocalLoad(database: IDatabase): Promise<boolean>;
  /** The executors' way of loading rows, given what allowsLocalLoad said. */
  loader(localLoad: boolean): SilverLoader;
  /** The name a new table gets for a --table name that matched none, as later unquoted queries will name it. */
  newTableName(name: string): string;
  /** Why the target cannot be swapped for a staging table (empty when it can). */
  swapBlockers(database: IDatabase, target: ITableRef): Promise<string[]>;
  /** A staging table that can become the target by the swap. */
  createSwapStagingSql(staging: ITableRef, target: ITableRef): string;
  /**
   * Takes the indexes off an empty swap staging table and returns the statements that build them
   * again after the load; absent where the engine keeps them.
   */
  deferStagingIndexes?(database: IDatabase, staging: ITableRef): Promise<string[]>;
  /**
   * An overwrite's swap where DDL is transactional: the lock the merge takes on the target first,
   * and the statements, run in the merge's transaction after the counts are checked, that put the
   * staging table in the target's place (undefined when the swap would not be faithful).
   */
  swapInTransaction?: {
    lockSql(target: ITableRef): string;
    statements(database: IDatabase, target: ITableRef, staging: ITableRef): Promise<string[] | undefined>;
  };
  /** An overwrite's swap where DDL commits: the one statement that swaps the tables and commits, and the drop of the old one after it. */
  swapCommitting?(target: ITableRef, staging: ITableRef): { rename: string; dropOld: string };
  readonly jdbc: IJdbcFacts;
  readonly catalog: ICatalogSql;
  /** The keywords and functions SQL completion offers in an %%aurora cell on this engine. */
  readonly completionDialect: SqlDialect;
  /** The file name of the engine's JDBC driver jar in the local stack's .stack/jars. */
  readonly stackJar?: RegExp;
}
