import { IChartRequest } from '@jupyterlab-emr/common';

/** Where a SQL cell's statement runs: Spark SQL, or HiveQL (which %%hive may send to HiveServer2). */
export type SqlEngine = 'sql' | 'hive';

/** A %%sql cell, and the SQL part of a %%hive cell, which builds on it. */
export interface ISqlCommand {
  kind: 'sql';
  engine: SqlEngine;
  query: string;
  bodyLine: number;
  limit?: number;
  view?: string;
  quiet: boolean;
  /** Keep a partial result's rows cached in Spark for paging, instead of recomputing them per request. */
  cache?: boolean;
  chart: IChartRequest;
}
