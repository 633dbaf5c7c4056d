import { Client, FieldDef, QueryArrayResult, types } from 'pg';
import type { IConnectionParams } from './connection';
import { LosslessNumber } from '../json/lossless-json';
import { exactNumber, hexBytes, IDatabase, IQueryResult } from './database';

// Type OIDs of PostgreSQL's built-in types (pg_type), named in Spark's spelling for the table bundles.
const TYPE_NAMES: Record<number, string> = {
  16: 'boolean',
  17: 'binary',
  20: 'bigint',
  21: 'smallint',
  23: 'integer',
  700: 'float',
  701: 'double',
  1700: 'decimal',
  1082: 'date',
  1114: 'timestamp',
  1184: 'timestamp',
  25: 'string',
  1043: 'string',
  1042: 'string',
  114: 'json',
  3802: 'jsonb',
  2950: 'uuid'
};

// Dates and timestamps stay as PostgreSQL writes them: a JS Date would move them into the kernel's time zone.
const AS_TEXT = new Set([1082, 1083, 1114, 1184, 1266, 1186]);
// bigint as a number while it is exact; numeric and money keep their digits and scale (10.50).
const AS_DIGITS = new Set([1700, 790]);

function parserFor(oid: number, format?: string): (text: string) => unknown {
  if (format === 'binary') {
    return types.getTypeParser(oid, 'binary');
  }
  if (AS_TEXT.has(oid)) {
    return text => text;
  }
  if (oid === 20) {
    return exactNumber;
  }
  if (AS_DIGITS.has(oid)) {
    return text => new LosslessNumber(text);
  }
  if (oid === 17) {
    const bytes = types.getTypeParser(17, 'text') as (text: string) => Buffer;
    return text => hexBytes(bytes(text));
  }
  return types.getTypeParser(oid, 'text') as (text: string) => unknown;
}

const CONNECT_TIMEOUT_MS = 10_000;

/** A PostgreSQL (Aurora PostgreSQL) connection through `pg`. */
export class PostgresDatabase implements IDatabase {
  readonly engine = 'postgres' as const;

  private constructor(
    private readonly _client: Client,
    private readonly _params: IConnectionParams
  ) {}

  static async open(params: IConnectionParams, applicationName = 'emr-livy'): Promise<PostgresDatabase> {
    const client = new Client({
      host: params.host,
      port: params.port,
      database: params.database,
      user: params.user,
      password: params.password,
      ssl: params.ssl ? { rejectUnauthorized: true, ca: params.caPem } : false,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      application_name: applicationName,
      types: { getTypeParser: parserFor as typeof types.getTypeParser }
    });
    // A connection the server drops while idle (a restart, pg_terminate_backend) must not crash the kernel.
    client.on('error', () => undefined);
    await client.connect();
    return new PostgresDatabase(client, params);
  }

  async query(sql: string, params: unknown[] = []): Promise<IQueryResult> {
    const answer = await this._client.query({ text: sql, values: params, rowMode: 'array' });
    // A text of several statements answers with one result each; the last one is what a reader expects.
    const last: QueryArrayResult = Array.isArray(answer) ? answer[answer.length - 1] : answer;
    return {
      fields: (last.fields ?? []).map((field: FieldDef) => ({ name: field.name, type: TYPE_NAMES[field.dataTypeID] ?? 'string' })),
      rows: last.rows ?? [],
      affected: last.rowCount ?? undefined
    };
  }

  async cancel(): Promise<void> {
    // Set by the server's BackendKeyData at connect; pg's typings leave it out.
    const backend = (this._client as Client & { processID: number | null }).processID;
    if (backend === null) {
      return;
    }
    const canceller = await PostgresDatabase.open(this._params, 'emr-livy cancel');
    try {
      await canceller.query('SELECT pg_cancel_backend($1)', [backend]);
    } finally {
      await canceller.close();
    }
  }

  async close(): Promise<void> {
    await this._client.end().catch(() => undefined);
  }
}
