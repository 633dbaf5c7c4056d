import { IAwsTarget } from '@jupyterlab-emr/common';
import { IAuroraService } from '../aurora/aurora-service';
import { resolveAwsTarget } from '../aws/aws-clients';
import { IHs2Endpoint } from '../hive/hs2-endpoint';
import { AuroraCatalogSource } from './aurora-catalog';
import { CatalogCache } from './catalog-cache';
import { ICatalogSource } from './catalog-source';
import { changesCatalog } from './ddl';
import { GlueCatalogSource, GlueSend, glueSourceId } from './glue-catalog';
import { HiveCatalogSource, hiveSourceId, IHs2Metadata } from './hive-catalog';
import { ISparkCatalogOptions, SparkCatalogSource } from './spark-catalog';

/** Which catalog a cell's SQL names tables in; the board maps each SQL command to one. */
export type CellCatalog = { kind: 'spark' } | { kind: 'hive'; engine?: string } | { kind: 'aurora'; target?: string };

export interface ICatalogServiceOptions {
  spark: ISparkCatalogOptions;
  /** The HiveServer2 %%hive would use now (configured, or found on the connected cluster), if any. */
  hiveEndpoint: () => Promise<IHs2Endpoint | undefined>;
  /** A metadata client for one HiveServer2, on a connection of its own. */
  hiveMetadata: (endpoint: IHs2Endpoint) => IHs2Metadata;
  aurora: IAuroraService;
  glue: (target: IAwsTarget) => GlueSend;
  /** The region and profile the Glue source reads when the panel names none. */
  glueTarget: IAwsTarget;
  /** How long one lookup may take before it is given up (and its statement or query cancelled). */
  lookupBoundMs: number;
}

/**
 * The kernel's catalog: one cache per source, made on first use and kept for the kernel's life,
 * forgotten by DDL the user runs and by an explicit refresh.
 */
export class CatalogService {
  private readonly _caches = new Map<string, CatalogCache>();
  private readonly _hiveClients: IHs2Metadata[] = [];
  private _sparkSource: SparkCatalogSource | undefined;

  constructor(private readonly _options: ICatalogServiceOptions) {}

  spark(): CatalogCache {
    return this._cache('spark', () => (this._sparkSource = new SparkCatalogSource(this._options.spark)));
  }

  /**
   * A cell is about to send statements to the Spark session: the catalog's statements in flight
   * there are cancelled (their lookups fail and are asked again later). Only Spark shares a queue
   * with cells; HiveServer2, Glue and Aurora lookups run beside them.
   */
  cellStarting(): Promise<void> {
    return this._sparkSource?.giveWay() ?? Promise.resolve();
  }

  glue(target: IAwsTarget = this._options.glueTarget): CatalogCache {
    return this._cache(glueSourceId(target), () => new GlueCatalogSource(this._options.glue(target), target));
  }

  aurora(targetName?: string): CatalogCache {
    const { aurora } = this._options;
    const target = aurora.target(targetName);
    return this._cache(`aurora:${target.name}`, () => new AuroraCatalogSource(target, aurora));
  }

  async hive(): Promise<CatalogCache | undefined> {
    const endpoint = await this._options.hiveEndpoint();
    return (
      endpoint &&
      this._cache(hiveSourceId(endpoint), () => {
        const client = this._options.hiveMetadata(endpoint);
        this._hiveClients.push(client);
        return new HiveCatalogSource(endpoint, client);
      })
    );
  }

  /** The catalog a cell's names come from: %%hive's HiveServer2 when it would run there, else Spark's. */
  async forCell(cell: CellCatalog): Promise<CatalogCache | undefined> {
    switch (cell.kind) {
      case 'spark':
        return this.spark();
      case 'hive':
        return (cell.engine !== 'spark' ? await this.hive().catch(() => undefined) : undefined) ?? this.spark();
      case 'aurora':
        return this.aurora(cell.target);
    }
  }

  /** After a cell ran: SQL that may have changed a catalog forgets what is cached of it. */
  async afterCell(cell: CellCatalog, sql: string): Promise<void> {
    if (changesCatalog(sql)) {
      (await this.forCell(cell).catch(() => undefined))?.invalidate();
    }
  }

  /** Closes the HiveServer2 connections the catalog opened (the kernel is shutting down). */
  async close(): Promise<void> {
    await Promise.all(this._hiveClients.splice(0).map(client => client.close().catch(() => undefined)));
  }

  /** Forgets one source's catalog (by its id), or every source's. */
  refresh(sourceId?: string): void {
    for (const [id, cache] of this._caches) {
      if (sourceId === undefined || id === sourceId) {
        cache.invalidate();
      }
    }
  }

  /**
   * Every source the kernel can read now, for the panel's groups: the Spark session's catalog,
   * %%hive's HiveServer2 when one is configured or found, Glue (in the panel's region and profile,
   * each the kernel's when the panel names none), and each Aurora target.
   */
  async allSources(aws?: IAwsTarget): Promise<CatalogCache[]> {
    const hive = await this.hive().catch(() => undefined);
    const glue = this.glue(resolveAwsTarget(this._options.glueTarget, aws));
    return [this.spark(), ...(hive ? [hive] : []), glue, ...this._options.aurora.targets().map(target => this.aurora(target.name))];
  }

  /** A source the panel named by its id, among those it was given. */
  byId(sourceId: string): CatalogCache {
    const cache = this._caches.get(sourceId);
    if (!cache) {
      throw new Error(`There is no catalog source ${sourceId}; refresh the Catalog to list the sources again.`);
    }
    return cache;
  }

  private _cache(id: string, make: () => ICatalogSource): CatalogCache {
    let cache = this._caches.get(id);
    if (!cache) {
      cache = new CatalogCache(make(), this._options.lookupBoundMs);
      this._caches.set(id, cache);
    }
    return cache;
  }
}
