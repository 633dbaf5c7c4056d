import { Connection, createConnection, FieldPacket, ResultSetHeader } from 'mysql2/promise';
import type { IConnectionParams } from './connection';
import { LosslessNumber } from '../json/lossless-json';
import { exactNumber, hexBytes, IDatabase, IQueryResult } from './database';

// MySQL protocol column types (include/mysql_com.h), named in Spark's spelling for the table bundles.
const TYPE_NAMES: Record<number, string> = {
  0: 'decimal',
  1: 'tinyint',
  2: 'smallint',
  3: 'integer',
  4: 'float',
  5: 'double',
  7: 'timestamp',
  8: 'bigint',
  9: 'integer',
  10: 'date',
  12: 'timestamp',
  13: 'smallint',
  245: 'json',
  246: 'decimal'
};
const BIGINT = 8;
const DECIMAL_TYPES = new Set([0, 246]);
// The character set number of binary strings (BLOB, VARBINARY), as opposed to text.
const BINARY_CHARSET = 63;

function fieldType(field: FieldPacket): string {
  const code = field.columnType ?? -1;
  if (TYPE_NAMES[code]) {
    return TYPE_NAMES[code];
  }
  return field.characterSet === BINARY_CHARSET && code >= 249 && code <= 254 ? 'binary' : 'string';
}

function normalise(value: unknown, field: FieldPacket): unknown {
  if (value === null || value === undefined) {
    return null;
  }
  if (Buffer.isBuffer(value)) {
    return hexBytes(value);
  }
  if (typeof value === 'string' && field.columnType === BIGINT) {
    return exactNumber(value);
  }
  if (typeof value === 'string' && DECIMAL_TYPES.has(field.columnType ?? -1)) {
    return new LosslessNumber(value);
  }
  return value;
}

const CONNECT_TIMEOUT_MS = 10_000;

/** A MySQL / MariaDB (Aurora MySQL) connection through `mysql2`. */
export class MysqlDatabase implements IDatabase {
  readonly engine = 'mysql' as const;

  private constructor(
    private readonly _connection: Connection,
    private readonly _params: IConnectionParams
  ) {}

  static async open(params: IConnectionParams): Promise<MysqlDatabase> {
    const connection = await createConnection({
      host: params.host,
      port: params.port,
      database: params.database,
      user: params.user,
      password: params.password,
      ssl: params.ssl ? { rejectUnauthorized: true, ca: params.caPem } : undefined,
      connectTimeout: CONNECT_TIMEOUT_MS,
      // Exact digits for BIGINT and DECIMAL, and dates as the server writes them (no time-zone shift).
      supportBigNumbers: true,
      bigNumberStrings: true,
      dateStrings: true
    });
    // A connection the server drops while idle must not crash the kernel.
    connection.on('error', () => undefined);
    return new MysqlDatabase(connection, params);
  }

  async query(sql: string, params: unknown[] = []): Promise<IQueryResult> {
    const [rows, fields] = await this._connection.query({ sql, values: params, rowsAsArray: true });
    if (!Array.isArray(rows)) {
      return { fields: [], rows: [], affected: (rows as ResultSetHeader).affectedRows };
    }
    const columns = (fields ?? []) as FieldPacket[];
    return {
      fields: columns.map(field => ({ name: field.name, type: fieldType(field) })),
      rows: (rows as unknown[][]).map(row => row.map((value, index) => normalise(value, columns[index])))
    };
  }

  async cancel(): Promise<void> {
    const canceller = await MysqlDatabase.open(this._params);
    try {
      // KILL QUERY ends the statement and keeps the connection; the thread id is the server's own number.
      await canceller.query(`KILL QUERY ${Number(this._connection.threadId)}`);
    } finally {
      await canceller.close();
    }
  }

  async close(): Promise<void> {
    await this._connection.end().catch(() => this._connection.destroy());
  }
}
