/**
 * What names a database engine and how to reach a target's database: plain types that the
 * engines, the targets and the connections all read, kept in a module that imports nothing so
 * that none of them has to import another's module for them.
 */

/** A registered engine's name (engines/registry.ts): `postgres`, `mysql`. */
export type AuroraEngine = string;

/** Everything needed to open a connection; `password` is registered with the redactor before it is returned. */
export interface IConnectionParams {
  target: string;
  engine: AuroraEngine;
  host: string;
  port: number;
  database: string;
  user: string;
  password: string;
  ssl: boolean;
  caPem?: string;
}
