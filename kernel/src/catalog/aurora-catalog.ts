import { CatalogTableType, ICatalogPreview, ICatalogSourceInfo, ICatalogTable, ICatalogTableDetail } from '@jupyterlab-emr/common';
import { IAuroraService } from '../aurora/aurora-service';
import { IDatabase } from '../aurora/database';
import { IAuroraTarget } from '../aurora/targets';
import { ICatalogSource } from './catalog-source';
import { INFORMATION_SCHEMA, IInformationSchemaSql } from './information-schema';
import { rowsByName } from './result-rows';

const TABLE_TYPES: Readonly<Record<string, CatalogTableType>> = {
  'BASE TABLE': 'managed',
  VIEW: 'view',
  'SYSTEM VIEW': 'view',
  'LOCAL TEMPORARY': 'temporary',
  TEMPORARY: 'temporary'
};

/**
 * An Aurora target's information_schema, over a connection opened for each lookup and closed
 * after it (lookups are rare and cached; a held connection would count against the target's
 * limit for the kernel's whole life).
 */
export class AuroraCatalogSource implements ICatalogSource {
  readonly info: ICatalogSourceInfo;

  constructor(
    private readonly _target: IAuroraTarget,
    private readonly _aurora: IAuroraService
  ) {
    this.info = { id: `aurora:${_target.name}`, kind: 'aurora', label: `Aurora ${_target.name} (${_target.engine})`, magic: `%%aurora --target ${_target.name}` };
  }

  async databases(signal: AbortSignal): Promise<string[]> {
    const rows = await this._query(sql => sql.databases, [], signal);
    return rows.map(row => row('name') ?? '');
  }

  async tables(database: string | undefined, signal: AbortSignal): Promise<ICatalogTable[]> {
    const rows = await this._query(sql => sql.tables, [database ?? null], signal);
    return rows.map(row => {
      const type = TABLE_TYPES[(row('type') ?? '').toUpperCase()];
      const format = row('format');
      return { database: row('database') ?? database ?? '', name: row('name') ?? '', ...(type ? { type } : {}), ...(format ? { format } : {}) };
    });
  }

  async table(database: string | undefined, name: string, signal: AbortSignal): Promise<ICatalogTableDetail> {
    const [listed] = (await this.tables(database, signal)).filter(table => table.name === name);
    const rows = await this._query(sql => sql.columns, [database ?? null, listed?.name ?? name], signal);
    const columns = rows.map(row => {
      const comment = row('comment');
      return { name: row('name') ?? '', type: row('type') ?? '', ...(comment ? { comment } : {}) };
    });
    return { ...(listed ?? { database: database ?? '', name }), columns };
  }

  async preview(database: string, name: string, rows: number, signal: AbortSignal): Promise<ICatalogPreview> {
    const sql = this._sql();
    const result = await this._withConnection(signal, connection => connection.query(`SELECT * FROM ${sql.quote(database)}.${sql.quote(name)} LIMIT ${rows}`));
    return { columns: result.fields.map(field => field.name), rows: result.rows };
  }

  private async _query(pick: (sql: IInformationSchemaSql) => string, params: unknown[], signal: AbortSignal): Promise<Array<(column: string) => string | undefined>> {
    const sql = this._sql();
    const result = await this._withConnection(signal, connection => connection.query(pick(sql), params));
    return rowsByName(result.fields, result.rows);
  }

  private _sql(): IInformationSchemaSql {
    const sql = INFORMATION_SCHEMA[this._target.engine];
    if (!sql) {
      throw new Error(`the catalog cannot read targets of engine ${this._target.engine}`);
    }
    return sql;
  }

  private async _withConnection<T>(signal: AbortSignal, work: (connection: IDatabase) => Promise<T>): Promise<T> {
    const connection = await this._aurora.open(await this._aurora.resolve(this._target));
    // The cache's bound aborts the signal: the server stops the query, and query() then fails.
    const cancel = (): void => void connection.cancel().catch(() => undefined);
    signal.addEventListener('abort', cancel, { once: true });
    try {
      return await work(connection);
    } finally {
      signal.removeEventListener('abort', cancel);
      await connection.close().catch(() => undefined);
    }
  }
}
