import { CatalogTableType, ICatalogPreview, ICatalogSourceInfo, ICatalogTable, ICatalogTableDetail } from '@jupyterlab-emr/common';
import { IAuroraService } from '../aurora/aurora-service';
import { IDatabase } from '../aurora/database';
import { IAuroraEngine, ICatalogSql } from '../aurora/engines/engine';
import { engineFor } from '../aurora/engines/registry';
import { IAuroraTarget } from '../aurora/targets';
import { ICatalogSource } from './catalog-source';
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
    const { quote } = this._engine().dialect;
    const result = await this._withConnection(signal, connection => connection.query(`SELECT * FROM ${quote(database)}.${quote(name)} LIMIT ${rows}`));
    return { columns: result.fields.map(field => field.name), rows: result.rows };
  }

  private async _query(pick: (sql: ICatalogSql) => string, params: unknown[], signal: AbortSignal): Promise<Array<(column: string) => string | undefined>> {
    const sql = pick(this._engine().catalog);
    const result = await this._withConnection(signal, connection => connection.query(sql, params));
    return rowsByName(result.fields, result.rows);
  }

  /** The target's engine, which holds its catalog queries and quoting (an unknown engine is a user error naming the known ones). */
  private _engine(): IAuroraEngine {
    return engineFor(this._target.engine);
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
