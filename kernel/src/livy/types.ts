/**
 * Livy's REST API as it is on the wire (Livy 0.8 and 0.9; field names keep Livy's spelling).
 * Verified against Livy 0.9.0-incubating on the local stack; recorded responses are in
 * test/fixtures/livy/.
 */
import { JsonValue } from '../json/lossless-json';

/** `core/.../SessionState.scala`; while a session runs, Livy reports its REPL state (idle/busy). */
export type SessionState = 'not_started' | 'starting' | 'recovering' | 'idle' | 'running' | 'busy' | 'shutting_down' | 'error' | 'dead' | 'killed' | 'success';

/** States from which a session never runs another statement. */
export const FINAL_SESSION_STATES: ReadonlySet<string> = new Set(['shutting_down', 'error', 'dead', 'killed', 'success']);

/** Kinds a statement (and a session) may have. `shared` sessions take any statement kind. */
export type StatementKind = 'spark' | 'pyspark' | 'sparkr' | 'sql';
export type SessionKind = StatementKind | 'shared';

export interface IAppInfo {
  driverLogUrl: string | null;
  sparkUiUrl: string | null;
  executorLogUrls?: string | null;
}

export interface ILivySession {
  id: number;
  name: string | null;
  appId: string | null;
  owner: string | null;
  proxyUser: string | null;
  state: SessionState;
  kind: SessionKind;
  appInfo: IAppInfo | null;
  /** The last lines of the driver's stdout/stderr. */
  log: string[];
  /** 0.8: inactivity timeout; 0.9: absolute lifetime (see livy-limits-and-perf.md §3.2). */
  ttl?: string | null;
  /** 0.9 only: inactivity timeout. */
  idleTimeout?: string | null;
  heartbeatTimeoutInSecond?: number;
  conf?: Record<string, string>;
  driverMemory?: string | null;
  driverCores?: number;
  executorMemory?: string | null;
  executorCores?: number;
  numExecutors?: number;
  jars?: string[];
  pyFiles?: string[];
  files?: string[];
  archives?: string[];
  queue?: string | null;
}

export interface ISessionList {
  from: number;
  total: number;
  sessions: ILivySession[];
}

export interface ISessionStateResponse {
  id: number;
  state: SessionState;
}

export interface ISessionLog {
  id: number;
  from: number;
  total: number;
  log: string[];
}

/**
 * The body of `POST /sessions` (`CreateInteractiveRequest.scala`). Livy rejects unknown fields
 * with 400, so fields a Livy version lacks must not be sent (0.8 has no `idleTimeout`).
 */
export interface ICreateSessionRequest {
  kind?: SessionKind;
  name?: string;
  proxyUser?: string;
  jars?: string[];
  pyFiles?: string[];
  files?: string[];
  archives?: string[];
  driverMemory?: string;
  driverCores?: number;
  executorMemory?: string;
  executorCores?: number;
  numExecutors?: number;
  queue?: string;
  conf?: Record<string, string>;
  heartbeatTimeoutInSecond?: number;
  ttl?: string;
  idleTimeout?: string;
}

/** Every field `POST /sessions` accepts, for validating user input before Livy sees it. */
export const CREATE_SESSION_FIELDS: readonly (keyof ICreateSessionRequest)[] = [
  'kind',
  'name',
  'proxyUser',
  'jars',
  'pyFiles',
  'files',
  'archives',
  'driverMemory',
  'driverCores',
  'executorMemory',
  'executorCores',
  'numExecutors',
  'queue',
  'conf',
  'heartbeatTimeoutInSecond',
  'ttl',
  'idleTimeout'
];

/** `StatementState.java`. The documented `error` state does not occur: failures are `available`. */
export type StatementState = 'waiting' | 'running' | 'available' | 'error' | 'cancelling' | 'cancelled';

export const FINAL_STATEMENT_STATES: ReadonlySet<string> = new Set(['available', 'error', 'cancelled']);

export interface IStatementOk {
  status: 'ok';
  execution_count: number;
  /** MIME type to value: `text/plain`, `application/json` (the `sql` kind's schema and rows), `image/png`, … */
  data: Record<string, JsonValue>;
}

export interface IStatementError {
  status: 'error';
  execution_count: number;
  ename: string;
  evalue: string;
  traceback: string[];
}

export type StatementOutput = IStatementOk | IStatementError;

export interface ILivyStatement {
  id: number;
  code: string;
  state: StatementState;
  output: StatementOutput | null;
  /** Completed ÷ total tasks of the statement's Spark jobs; not monotonic, 1.0 when done. */
  progress: number;
  /** Epoch milliseconds, 0 until set. */
  started: number;
  completed: number;
}

export interface IStatementList {
  total_statements: number;
  statements: ILivyStatement[];
}

export interface ISubmitStatementRequest {
  code: string;
  kind: StatementKind;
}

export interface ICompletionRequest {
  code: string;
  /** Required by Livy: without it the driver fails with "Invalid kind: null". */
  kind: StatementKind;
  cursor: number;
}

export interface ICompletionResponse {
  candidates: string[];
}

/** `GET /version` (0.8+). */
export interface IVersionInfo {
  version: string;
  revision?: string;
  branch?: string;
  date?: string;
  user?: string;
  url?: string;
}

/** The `sql` kind's `application/json` output: a Spark StructType and row arrays. */
export interface ISqlOutput {
  schema: ISparkStructType;
  data: JsonValue[][];
}

export interface ISparkStructType {
  type: 'struct';
  fields: ISparkField[];
}

export interface ISparkField {
  name: string;
  /** A simple type name (`integer`, `decimal(38,18)`) or a nested type object (array, map, struct). */
  type: SparkDataType;
  nullable: boolean;
  metadata?: Record<string, JsonValue>;
}

export type SparkDataType =
  | string
  | ISparkStructType
  | { type: 'array'; elementType: SparkDataType; containsNull: boolean }
  | { type: 'map'; keyType: SparkDataType; valueType: SparkDataType; valueContainsNull: boolean }
  | { type: 'udt'; sqlType?: SparkDataType; [key: string]: JsonValue | SparkDataType | undefined };
