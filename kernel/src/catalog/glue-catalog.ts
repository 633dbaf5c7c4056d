import { GetDatabasesCommand, GetTableCommand, GetTablesCommand, GlueClient, Table } from '@aws-sdk/client-glue';
import { CatalogTableType, ICatalogPreview, ICatalogSourceInfo, ICatalogTable, ICatalogTableDetail, IAwsTarget } from '@jupyterlab-emr/common';
import { ICatalogSource } from './catalog-source';

export type GlueSend = Pick<GlueClient, 'send'>;

const TABLE_TYPES: Readonly<Record<string, CatalogTableType>> = { MANAGED_TABLE: 'managed', EXTERNAL_TABLE: 'external', VIRTUAL_VIEW: 'view' };
// The most GetTables returns in one page; fewer pages, fewer round trips to list a big database.
const PAGE_SIZE = 100;

/** Glue's "default" database is where EMR's Spark and Hive put tables no USE named. */
const CURRENT_DATABASE = 'default';

/** The file format a reader of the table needs, from the SerDe, input format or classification. */
function formatOf(table: Table): string | undefined {
  const classification = table.Parameters?.classification;
  if (classification) {
    return classification;
  }
  const input = table.StorageDescriptor?.InputFormat ?? '';
  const known = /(parquet|orc|avro|text|json|csv)/i.exec(input)?.[1];
  return known?.toLowerCase() ?? (input || undefined);
}

function catalogTable(table: Table, database: string): ICatalogTable {
  const type = TABLE_TYPES[(table.TableType ?? '').toUpperCase()];
  const location = table.StorageDescriptor?.Location;
  const format = formatOf(table);
  const partitions = (table.PartitionKeys ?? []).map(key => key.Name ?? '').filter(name => name !== '');
  return {
    database: table.DatabaseName ?? database,
    name: table.Name ?? '',
    ...(type ? { type } : {}),
    ...(location ? { location } : {}),
    ...(format ? { format } : {}),
    ...(partitions.length > 0 ? { partitionColumns: partitions } : {})
  };
}

/** One Glue source per region and profile. */
export function glueSourceId(target: IAwsTarget): string {
  return `glue:${target.region ?? ''}:${target.profile ?? ''}`;
}

/** The AWS Glue Data Catalog of the panel's region and profile, every page of every listing. */
export class GlueCatalogSource implements ICatalogSource {
  readonly info: ICatalogSourceInfo;

  constructor(
    private readonly _glue: GlueSend,
    target: IAwsTarget
  ) {
    const where = [target.region, target.profile && `profile ${target.profile}`].filter(Boolean).join(', ');
    this.info = { id: glueSourceId(target), kind: 'glue', label: where ? `Glue Data Catalog (${where})` : 'Glue Data Catalog', magic: '%%sql' };
  }

  async databases(signal: AbortSignal): Promise<string[]> {
    const names: string[] = [];
    let token: string | undefined;
    do {
      const page = await this._glue.send(new GetDatabasesCommand({ NextToken: token, MaxResults: PAGE_SIZE }), { abortSignal: signal });
      names.push(...(page.DatabaseList ?? []).map(database => database.Name ?? '').filter(name => name !== ''));
      token = page.NextToken || undefined;
    } while (token);
    return names;
  }

  async tables(database: string | undefined, signal: AbortSignal): Promise<ICatalogTable[]> {
    const name = database ?? CURRENT_DATABASE;
    const tables: ICatalogTable[] = [];
    let token: string | undefined;
    do {
      const page = await this._glue.send(new GetTablesCommand({ DatabaseName: name, NextToken: token, MaxResults: PAGE_SIZE }), { abortSignal: signal });
      tables.push(...(page.TableList ?? []).map(table => catalogTable(table, name)));
      token = page.NextToken || undefined;
    } while (token);
    return tables;
  }

  /** Glue holds no data: its tables are read by an engine whose metastore it is. */
  async preview(database: string, name: string): Promise<ICatalogPreview> {
    throw new Error(`Glue keeps only the description of ${database}.${name}, not its rows: run %%sql on a cluster whose Spark uses the Glue Data Catalog as its metastore to read it.`);
  }

  async table(database: string | undefined, name: string, signal: AbortSignal): Promise<ICatalogTableDetail> {
    const databaseName = database ?? CURRENT_DATABASE;
    const { Table: table } = await this._glue.send(new GetTableCommand({ DatabaseName: databaseName, Name: name }), { abortSignal: signal });
    if (!table) {
      throw new Error(`Glue has no table ${databaseName}.${name}`);
    }
    // Glue keeps partition keys apart from the columns; a reader sees both, as Spark does.
    const columns = [...(table.StorageDescriptor?.Columns ?? []), ...(table.PartitionKeys ?? [])].map(column => ({
      name: column.Name ?? '',
      type: column.Type ?? '',
      ...(column.Comment ? { comment: column.Comment } : {})
    }));
    return { ...catalogTable(table, databaseName), columns };
  }
}
