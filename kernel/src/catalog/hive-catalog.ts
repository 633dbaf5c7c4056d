import { CatalogTableType, ICatalogPreview, ICatalogSourceInfo, ICatalogTable, ICatalogTableDetail, ITablePayload } from '@jupyterlab-emr/common';
import { Hs2MetadataCall, IHs2Runner } from '../hive/hs2-client';
import { describeHs2Endpoint, IHs2Endpoint } from '../hive/hs2-endpoint';
import { quoteIdentifier } from '../results/result-sql';
import { ICatalogSource } from './catalog-source';
import { rowsByName } from './result-rows';

/** What the catalog needs of a HiveServer2 client: its metadata calls (Hs2Client has them). */
export interface IHs2Metadata extends Pick<IHs2Runner, 'run' | 'close'> {
  metadata(call: Hs2MetadataCall, maxRows: number): Promise<ITablePayload | undefined>;
}

// A metastore with more tables than this in one database is listed up to here.
const MAX_ROWS = 100_000;

const TABLE_TYPES: Readonly<Record<string, CatalogTableType>> = {
  TABLE: 'managed',
  MANAGED_TABLE: 'managed',
  EXTERNAL_TABLE: 'external',
  EXTERNAL: 'external',
  VIEW: 'view',
  VIRTUAL_VIEW: 'view',
  MATERIALIZED_VIEW: 'view',
  GLOBAL_TEMPORARY: 'temporary',
  LOCAL_TEMPORARY: 'temporary'
};

export function hiveSourceId(endpoint: IHs2Endpoint): string {
  return `hive:${describeHs2Endpoint(endpoint)}`;
}

/**
 * A HiveServer2's catalog through its metadata calls (GetSchemas, GetTables, GetColumns), on a
 * connection of its own so a long %%hive statement's polling does not queue them.
 */
export class HiveCatalogSource implements ICatalogSource {
  readonly info: ICatalogSourceInfo;

  constructor(
    private readonly _endpoint: IHs2Endpoint,
    private readonly _client: IHs2Metadata
  ) {
    this.info = { id: hiveSourceId(_endpoint), kind: 'hive', label: `HiveServer2 ${describeHs2Endpoint(_endpoint)}`, magic: '%%hive' };
  }

  async databases(): Promise<string[]> {
    return (await this._rows({ kind: 'schemas' })).map(row => row('TABLE_SCHEM') ?? '').filter(name => name !== '');
  }

  async tables(database: string | undefined): Promise<ICatalogTable[]> {
    const schema = database ?? this._current();
    return (await this._rows({ kind: 'tables', schema })).map(row => {
      const type = TABLE_TYPES[(row('TABLE_TYPE') ?? '').toUpperCase()];
      return { database: row('TABLE_SCHEM') ?? schema, name: row('TABLE_NAME') ?? '', ...(type ? { type } : {}) };
    });
  }

  async table(database: string | undefined, name: string): Promise<ICatalogTableDetail> {
    const schema = database ?? this._current();
    const [listed] = (await this.tables(schema)).filter(table => table.name.toLowerCase() === name.toLowerCase());
    const columns = (await this._rows({ kind: 'columns', schema, table: name })).map(row => {
      const comment = row('REMARKS');
      return { name: row('COLUMN_NAME') ?? '', type: (row('TYPE_NAME') ?? '').toLowerCase(), ...(comment ? { comment } : {}) };
    });
    return { ...(listed ?? { database: schema, name }), columns };
  }

  async preview(database: string, name: string, rows: number, signal: AbortSignal): Promise<ICatalogPreview> {
    const table = await this._client.run(`SELECT * FROM ${quoteIdentifier(database)}.${quoteIdentifier(name)} LIMIT ${rows}`, { signal, maxRows: rows, onLog: () => undefined });
    return { columns: table?.schema.fields.map(field => field.name) ?? [], rows: table?.rows ?? [] };
  }

  private _current(): string {
    return this._endpoint.database ?? 'default';
  }

  private async _rows(call: Hs2MetadataCall): Promise<Array<(column: string) => string | undefined>> {
    const table = await this._client.metadata(call, MAX_ROWS);
    return table ? rowsByName(table.schema.fields, table.rows) : [];
  }
}
