import { ITablePayload } from '@jupyterlab-emr/common';
import { auth, connections, HiveClient, HiveUtils, thrift } from 'hive-driver';

const T = thrift.TCLIService_types;

/** `BIGINT_TYPE` -> `bigint`: the spelling Spark's own type names use, which the chart code reads. */
function typeName(typeId: number): string {
  const name = Object.entries(T.TTypeId as Record<string, number>).find(([, id]) => id === typeId)?.[0] ?? 'STRING_TYPE';
  return name.replace(/_TYPE$/, '').toLowerCase();
}

interface IColumnDesc {
  columnName: string;
  typeDesc: { types: { primitiveEntry?: { type: number } }[] };
}

/**
 * One HiveServer2 session on the stack's Spark Thrift server, for tests that check generated SQL
 * on a real Spark. Temporary views live as long as the session. Rows come back in schema order.
 */
export class Hs2Query {
  private constructor(
    private readonly _client: HiveClient,
    private readonly _session: Awaited<ReturnType<HiveClient['openSession']>>
  ) {}

  static async open(host: string, port: number): Promise<Hs2Query> {
    const client = new HiveClient(thrift.TCLIService, T);
    client.on('error', () => undefined);
    await client.connect({ host, port }, new connections.TcpConnection(), new auth.PlainTcpAuthentication({ username: 'anonymous', password: 'anonymous' }));
    const session = await client.openSession({ client_protocol: T.TProtocolVersion.HIVE_CLI_SERVICE_PROTOCOL_V10 });
    return new Hs2Query(client, session);
  }

  /** Runs one statement to its end and returns its result (an empty table for DDL). */
  async table(sql: string): Promise<ITablePayload> {
    const utils = new HiveUtils(T);
    const operation = await this._session.executeStatement(sql, { runAsync: true });
    try {
      await utils.waitUntilReady(operation, false, () => undefined);
      await utils.fetchAll(operation);
      const columns = ((operation.getSchema() as { columns?: IColumnDesc[] } | null)?.columns ?? []).map(column => ({
        name: column.columnName,
        type: typeName(column.typeDesc.types[0]?.primitiveEntry?.type ?? T.TTypeId.STRING_TYPE)
      }));
      const records = (utils.getResult(operation).getValue() ?? []) as Record<string, unknown>[];
      const rows = records.map(record => columns.map(column => record[column.name] ?? null));
      return { schema: { fields: columns }, rows, rowCount: rows.length, truncated: false };
    } finally {
      await operation.close();
    }
  }

  async close(): Promise<void> {
    await this._session.close();
    await this._client.close();
  }
}
