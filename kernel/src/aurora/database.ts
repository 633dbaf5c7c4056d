import { LosslessNumber } from '../json/lossless-json';
import type { AuroraEngine } from './connection';

/** A column as the table bundles know it: the name, and a type in Spark's spelling (so numbers align and chart). */
export interface IResultField {
  name: string;
  type: string;
}

export interface IQueryResult {
  fields: IResultField[];
  rows: unknown[][];
  /** Rows the statement changed (INSERT, UPDATE, DELETE), when the driver says. */
  affected?: number;
}

/** One open connection to a target; the merge step and %%aurora use nothing else. */
export interface IDatabase {
  readonly engine: AuroraEngine;
  query(sql: string, params?: unknown[]): Promise<IQueryResult>;
  /**
   * Asks the server to stop the statement this connection is running (an interrupt): its query()
   * then fails. The request goes over a second connection, as the busy one cannot take it.
   */
  cancel(): Promise<void>;
  close(): Promise<void>;
}

/** An integer's digits as a JS number while exact, else a LosslessNumber (a bigint id above 2^53 keeps its last digit, as in %%sql). */
export function exactNumber(text: string): number | LosslessNumber {
  const value = Number(text);
  return Number.isFinite(value) && String(value) === text ? value : new LosslessNumber(text);
}

/** Bytes as the hex digits the %%sql tables show for binary. */
export function hexBytes(value: Buffer): string {
  return [...value].map(byte => byte.toString(16).padStart(2, '0')).join(' ');
}

/** The one number a count query returns (NaN when it returned none, which no check then accepts). */
export async function queryCount(database: IDatabase, sql: string): Promise<number> {
  return Number((await database.query(sql)).rows[0]?.[0] ?? NaN);
}
