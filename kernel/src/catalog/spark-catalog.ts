import { CatalogTableType, ICatalogColumn, ICatalogPreview, ICatalogSourceInfo, ICatalogTable, ICatalogTableDetail } from '@jupyterlab-emr/common';
import { ILivyEndpoint } from '../cell-kit/context';
import { ISqlOutput } from '../livy/types';
import { quoteIdentifier } from '../results/result-sql';
import { CatalogBusyError, ICatalogSource } from './catalog-source';
import { rowsByName } from './result-rows';
import { YieldingStatements } from './yielding-statements';

export interface ISparkCatalogOptions {
  /** The notebook's Livy, as %connect last set it. */
  endpoint: () => ILivyEndpoint | undefined;
  /**
   * Whether a cell is running. Livy runs a session's statements one at a time: a catalog
   * statement sent now would wait behind the cell, and the next cell behind it.
   */
  cellRunning: () => boolean;
}

/**
 * The Spark session's catalog, read with SHOW and DESCRIBE statements of Livy's `sql` kind. Only
 * while the session is up and idle: the kernel never starts a session to read a catalog, and a
 * lookup never queues in front of a cell: none starts while a cell runs, and one in flight when a
 * cell starts is cancelled (`giveWay`).
 */
export class SparkCatalogSource implements ICatalogSource {
  readonly info: ICatalogSourceInfo = { id: 'spark', kind: 'spark', label: 'Spark session', magic: '%%sql' };

  private readonly _statements = new YieldingStatements();

  constructor(private readonly _options: ISparkCatalogOptions) {}

  /** A cell is about to send its statement: cancels the catalog's in flight; resolves when Livy took the cancels. */
  giveWay(): Promise<void> {
    return this._statements.giveWay();
  }

  async databases(signal: AbortSignal): Promise<string[]> {
    const rows = await this._query('SHOW DATABASES', signal);
    return rows.map(row => row('namespace') ?? row('databaseName') ?? '').filter(name => name !== '');
  }

  async tables(database: string | undefined, signal: AbortSignal): Promise<ICatalogTable[]> {
    const rows = await this._query(database === undefined ? 'SHOW TABLES' : `SHOW TABLES IN ${quoteIdentifier(database)}`, signal);
    return rows.map(row => {
      const temporary = row('isTemporary') === 'true';
      const table: ICatalogTable = { database: row('namespace') || row('database') || (database ?? ''), name: row('tableName') ?? '' };
      return temporary ? { ...table, type: 'temporary' } : table;
    });
  }

  async table(database: string | undefined, name: string, signal: AbortSignal): Promise<ICatalogTableDetail> {
    const qualified = database === undefined ? quoteIdentifier(name) : `${quoteIdentifier(database)}.${quoteIdentifier(name)}`;
    const rows = await this._query(`DESCRIBE TABLE EXTENDED ${qualified}`, signal);
    return describedTable(
      database ?? '',
      name,
      rows.map(row => [row('col_name') ?? '', row('data_type') ?? '', row('comment') ?? ''])
    );
  }

  async preview(database: string, name: string, rows: number, signal: AbortSignal): Promise<ICatalogPreview> {
    const result = await this._run(`SELECT * FROM ${quoteIdentifier(database)}.${quoteIdentifier(name)} LIMIT ${rows}`, signal);
    return { columns: result.schema.fields.map(field => field.name), rows: result.data };
  }

  private async _query(sql: string, signal: AbortSignal): Promise<Array<(column: string) => string | undefined>> {
    const result = await this._run(sql, signal);
    return rowsByName(result.schema.fields, result.data);
  }

  private async _run(sql: string, signal: AbortSignal): Promise<ISqlOutput> {
    const endpoint = this._options.endpoint();
    const session = endpoint?.sessions.current;
    if (!endpoint || !session) {
      throw new CatalogBusyError('no Spark session is up (the catalog never starts one)');
    }
    if (this._options.cellRunning()) {
      throw new CatalogBusyError('a cell is running on the Spark session');
    }
    const statement = await this._statements.run(endpoint, session, { code: sql, kind: 'sql' }, signal);
    const output = statement.output;
    if (!output || output.status !== 'ok') {
      throw new Error(output?.status === 'error' ? `${output.ename}: ${output.evalue}` : `the statement ended ${statement.state} without output`);
    }
    const result = output.data['application/json'] as unknown as ISqlOutput | undefined;
    if (!result?.schema?.fields || !Array.isArray(result.data)) {
      throw new Error('the statement returned no table');
    }
    return result;
  }
}

const TABLE_TYPES: Readonly<Record<string, CatalogTableType>> = { MANAGED: 'managed', EXTERNAL: 'external', VIEW: 'view' };

/**
 * A table from DESCRIBE TABLE EXTENDED's rows: the columns first, then sections that start with
 * "# …" rows: the partition columns (after their own header row) and the detailed information
 * (Type, Location, Provider …). A blank row ends a section.
 */
export function describedTable(database: string, name: string, rows: readonly (readonly [string, string, string])[]): ICatalogTableDetail {
  const columns: ICatalogColumn[] = [];
  const partitionColumns: string[] = [];
  const details = new Map<string, string>();
  let section: 'columns' | 'partitions' | 'details' | 'other' = 'columns';
  for (const [key, value, comment] of rows) {
    const label = key.trim();
    if (label === '') {
      section = 'other';
      continue;
    }
    if (label.startsWith('#')) {
      // "# col_name" heads the partition columns and stays in their section.
      section = /^# Partition/i.test(label) ? 'partitions' : /^# Detailed Table/i.test(label) ? 'details' : /^# col_name/i.test(label) ? section : 'other';
      continue;
    }
    if (section === 'columns') {
      columns.push(comment.trim() === '' ? { name: label, type: value } : { name: label, type: value, comment });
    } else if (section === 'partitions') {
      partitionColumns.push(label);
    } else if (section === 'details') {
      details.set(label.toLowerCase(), value);
    }
  }
  const type = TABLE_TYPES[(details.get('type') ?? '').toUpperCase()];
  return {
    database: details.get('database') ?? database,
    name: details.get('table') ?? name,
    ...(type ? { type } : {}),
    ...(details.get('location') ? { location: details.get('location') } : {}),
    ...(details.get('provider') ? { format: details.get('provider') } : {}),
    ...(partitionColumns.length > 0 ? { partitionColumns } : {}),
    columns
  };
}
