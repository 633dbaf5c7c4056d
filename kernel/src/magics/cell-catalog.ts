import { IAwsTarget } from '@jupyterlab-emr/common';
import { CatalogService, CellCatalog } from '../catalog/catalog-service';
import { glueClients } from '../catalog/glue-client';
import { Hs2Client } from '../hive/hs2-client';
import { ISqlCatalog } from '../cell-kit/sql-completion';
import { SqlDialect } from '../cell-kit/sql-keywords';
import { engineFor } from '../aurora/engines/registry';
import { parseCell } from '../cell-kit/parser';
import { Logger } from '../log';
import { CellCommand } from './features';
import { IKernelServices } from './kernel-services';

const log = new Logger('catalog');

/** The catalog a command's SQL reads and changes, and that SQL (a %%silver names only its table). */
function catalogOf(command: CellCommand, services: IKernelServices): { catalog: CellCatalog; sql: string } | undefined {
  switch (command.kind) {
    case 'sql':
      return { catalog: { kind: 'spark' }, sql: command.query };
    case 'hive':
      return { catalog: { kind: 'hive', engine: command.engine ?? services.hive.config.engine }, sql: command.sql.query };
    case 'aurora':
      return { catalog: { kind: 'aurora', target: command.target }, sql: command.query };
    case 'silver':
      // The write may have created the table or added columns to it.
      return { catalog: { kind: 'aurora', target: command.target }, sql: 'CREATE' };
    default:
      return undefined;
  }
}

/**
 * Where cells meet the catalog: which catalog a SQL cell completes against, whether a cell holds
 * the Spark session (so a catalog statement waits), and the DDL a cell ran (so the cache forgets).
 */
export class CellCatalogLink {
  private _running = 0;
  readonly catalog: CatalogService;

  constructor(
    catalog: (cellRunning: () => boolean) => CatalogService,
    private readonly _services: IKernelServices,
    private readonly _defaultMagic: string
  ) {
    this.catalog = catalog(() => this._running > 0);
  }

  /** Counted first, so no catalog statement starts; then the ones in flight give way (bounded by Livy's cancel round trip). */
  async cellStarted(): Promise<void> {
    this._running += 1;
    await this.catalog.cellStarting();
  }

  cellEnded(command: CellCommand): void {
    this._running -= 1;
    const ran = catalogOf(command, this._services);
    if (ran) {
      this.catalog.afterCell(ran.catalog, ran.sql).catch(error => log.debug('Could not forget the catalog after DDL.', error));
    }
  }

  /** The dialect and catalog names of a SQL cell being typed; keywords only when its magic line does not parse yet. */
  async sqlCatalog(code: string): Promise<ISqlCatalog> {
    let command: CellCommand;
    try {
      command = parseCell(code, this._services.registry, this._defaultMagic) as CellCommand;
    } catch {
      return { dialect: 'spark' };
    }
    const ran = catalogOf(command, this._services);
    if (!ran) {
      return { dialect: 'spark' };
    }
    // Read per completion, so the Settings Editor's change applies to the next one.
    const offerNames = this._services.settings.sqlResults.current().catalogCompletion;
    const names = offerNames ? await this.catalog.forCell(ran.catalog).catch(() => undefined) : undefined;
    switch (ran.catalog.kind) {
      case 'aurora': {
        return { dialect: this._auroraDialect(ran.catalog.target), names };
      }
      case 'hive':
        return { dialect: 'hive', names };
      case 'spark':
        return { dialect: 'spark', names };
    }
  }

  /** An %%aurora cell's completion dialect, its target engine's; PostgreSQL's for a target or engine the config does not know (the cell says so when run). */
  private _auroraDialect(target: string | undefined): SqlDialect {
    try {
      return engineFor(this._services.aurora.target(target).engine).completionDialect;
    } catch {
      return 'postgres';
    }
  }
}

// A catalog statement or query that runs longer is cancelled; completion stops waiting far sooner.
const CATALOG_LOOKUP_BOUND_MS = 30_000;
const HS2_CONNECT_TIMEOUT_MS = 10_000;
const HS2_REQUEST_TIMEOUT_MS = 30_000;

/** The kernel's catalog on the cells' services: their Livy, HiveServer2 settings and Aurora targets, Glue in the kernel's region. */
export function kernelCatalog(aws: { target: IAwsTarget; endpoint?: string }): (services: IKernelServices, cellRunning: () => boolean) => CatalogService {
  const glue = glueClients(aws.endpoint);
  return (services, cellRunning) =>
    new CatalogService({
      spark: { endpoint: () => services.connection.current(), cellRunning },
      hiveEndpoint: async () => (await services.hive.endpoint(services.connection.current()?.clusterId))?.endpoint,
      hiveMetadata: endpoint =>
        new Hs2Client({
          endpoint,
          username: services.hive.config.username,
          password: services.hive.config.password,
          logLevel: 'NONE',
          connectTimeoutMs: HS2_CONNECT_TIMEOUT_MS,
          requestTimeoutMs: HS2_REQUEST_TIMEOUT_MS,
          statusWaitMs: 300
        }),
      aurora: services.aurora,
      glue,
      glueTarget: aws.target,
      lookupBoundMs: CATALOG_LOOKUP_BOUND_MS
    });
}
