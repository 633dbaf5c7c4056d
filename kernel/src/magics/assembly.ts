import { DescribeClusterCommand } from '@aws-sdk/client-emr';
import { IAwsTarget } from '@jupyterlab-emr/common';
import { createAuroraService } from '../aurora/open-database';
import { defaultKernelConfig, KernelConfig, loadKernelConfig } from '../config';
import { ICellExecutor } from '../core/cell-layer';
import { IAuroraService } from '../aurora/aurora-service';
import { ConfigError, UserError } from '../core/errors';
import { AwsClientFactory, createAwsClientFactory, describeEndpoint, IAwsClients, resolveAwsTarget } from '../aws/aws-clients';
import { SESSION_START_POLL } from '../livy/backoff';
import { LivyClient } from '../livy/client';
import { basicAuthorization, IHttpTransport, LivyHttp, NodeHttpTransport } from '../livy/http';
import { emrServerlessTransport } from '../livy/sigv4-signer';
import { ServerlessLivyLocator } from '../aws/emr-serverless-livy';
import { LivySessionManager } from '../livy/session-manager';
import { StatementRunner } from '../livy/statement-runner';
import { ExecutionQueue } from '../core/execution-queue';
import { ClusterConnector } from '../emr-status/cluster-connect';
import { ServerlessConnector } from '../emr-status/serverless-connect';
import { StatusService } from '../emr-status/status-service';
import { Redactor, redactor, registerUrlCredentials } from '../redact';
import { SqlResultSettings } from '../results/result-settings';
import { createHiveServices } from '../hive/hive-services';
import { clusterDescription, ClusterResolver, IClusterDescription } from '../cell-kit/cluster-resolver';
import { ILivyEndpoint, ISwitchOptions } from '../cell-kit/context';
import { LivyConnection } from '../cell-kit/livy-connection';
import { captureScalaStderrEarly } from '../code/stderr-capture';
import { MagicDispatcher } from './magic-dispatcher';
import { kernelCatalog } from './cell-catalog';
import { CatalogService } from '../catalog/catalog-service';
import { IAnyCellFeature } from '../cell-kit/feature';
import { FEATURES, magicsOf } from './features';
import { MagicRegistry } from '../cell-kit/registry';
import { resultSpark } from '../cell-kit/result-spark';
import { RetainedResults } from '../results/paging/retained-results';
import { ResultViewService } from '../results/paging/result-view-service';

// Deleting the session at shutdown must fit in the core's shutdown budget (3 s).
const RELEASE_TIMEOUT_MS = 2500;
// An application starts in tens of seconds to minutes; GetApplication every few seconds tells the user soon enough.
const SERVERLESS_START_POLL_MS = 3000;

/** What tests may replace: the two ways out of the process (HTTP to Livy, the EMR API). */
export interface ICellLayerSeams {
  /** The HTTP transport to the Livy at `url`. */
  transport?: (url: string) => IHttpTransport;
  describeCluster?: (clusterId: string) => Promise<IClusterDescription>;
  /** %%aurora and %%silver's database targets. */
  aurora?: IAuroraService;
  /** The EMR API clients; by default built from the config's "emr.endpoint" (see awsEndpointOverride). */
  awsClients?: AwsClientFactory;
}

/** The cell layer and the parts of it the side panel's status service acts on. */
export interface ICellLayer {
  executor: ICellExecutor;
  /** The catalog SQL completion reads, for the side panel's Catalog section. */
  catalog?: CatalogService;
  connection: LivyConnection;
  resolver: ClusterResolver;
  /** The %%sql result settings JupyterLab's settings comm overrides. */
  sqlResults: SqlResultSettings;
  /** Partial %%sql results kept for their tables' page, sort, filter and export requests. */
  resultViews: ResultViewService;
  /** The EMR API clients %emr uses, for the panel too: one endpoint resolution, one pool per target. */
  awsClients: AwsClientFactory;
  /** The config's "emr.endpoint", for naming where the panel's calls went. */
  configuredAwsEndpoint?: string;
  /**
   * The config's region (AWS_REGION, AWS_DEFAULT_REGION, "emr.region") and profile (AWS_PROFILE,
   * "emr.profile"): each the panel's when its setting is empty.
   */
  configuredAws: IAwsTarget;
  /** %connect <application-id>'s EMR Serverless lookup and start, for the panel's Connect too. */
  serverless: ServerlessLivyLocator;
  /** Starts the notebook's Livy session in the background if the config says so ("session.startWithKernel"). */
  startSessionEarly(): void;
}

function openEndpoint(config: KernelConfig, url: string, seams: ICellLayerSeams, access: Pick<ISwitchOptions, 'sigv4' | 'sessionConf'> = {}): ILivyEndpoint {
  const { livy, session } = config;
  // %connect can name a URL with credentials in it, which the config never saw.
  registerUrlCredentials(redactor, url);
  const plain = seams.transport?.(url) ?? new NodeHttpTransport({ ca: livy.caPem, insecure: livy.insecure });
  // Signed per send, under the test seam's transport too, so a test sees what the endpoint would.
  const transport = access.sigv4 ? emrServerlessTransport(plain, access.sigv4) : plain;
  const http = new LivyHttp({
    baseUrl: url,
    transport,
    authorization: livy.username !== undefined && livy.password !== undefined ? basicAuthorization(livy.username, livy.password) : undefined,
    headers: livy.headers,
    requestedBy: livy.requestedBy,
    timeoutMs: livy.requestTimeoutMs
  });
  const client = new LivyClient(http);
  const sessions = new LivySessionManager({
    client,
    namePrefix: session.namePrefix,
    createRequest: access.sessionConf ? { ...session.defaults, conf: { ...access.sessionConf, ...session.defaults.conf } } : session.defaults,
    heartbeatTimeoutSeconds: session.heartbeatTimeoutSeconds,
    idleTimeout: session.idleTimeout,
    startTimeoutMs: session.startTimeoutMs,
    keepOnShutdown: session.keepOnShutdown,
    poll: SESSION_START_POLL,
    prepareEarly: started => captureScalaStderrEarly(runner, started)
  });
  const runner: StatementRunner = new StatementRunner({ client, poll: config.poll, cancelWaitMs: session.cancelWaitMs, onActivity: () => sessions.noteActivity() });
  return { url, client, sessions, runner };
}

function describeWith(emr: () => IAwsClients['emr']): (clusterId: string) => Promise<IClusterDescription> {
  return async clusterId => {
    const { Cluster: cluster } = await emr().send(new DescribeClusterCommand({ ClusterId: clusterId }));
    return clusterDescription(cluster);
  };
}

/**
 * The composition point of the cell layer: builds the Livy client, session manager, statement
 * runner, magic registry and handlers from the kernel config. Without a config it loads one from
 * the environment; a broken config does not stop the kernel: cells that need Livy report it,
 * and %%help still works.
 */
export function createCellExecutor(config?: KernelConfig, seams: ICellLayerSeams = {}, features: readonly IAnyCellFeature[] = FEATURES): ICellExecutor {
  return createCellLayer(config, seams, features).executor;
}

export function createCellLayer(config?: KernelConfig, seams: ICellLayerSeams = {}, features: readonly IAnyCellFeature[] = FEATURES): ICellLayer {
  let resolved: KernelConfig;
  let problem: UserError | undefined;
  try {
    resolved = config ?? loadKernelConfig({ env: process.env, redactor });
  } catch (error) {
    if (!(error instanceof ConfigError)) {
      throw error;
    }
    resolved = defaultKernelConfig();
    problem = error;
  }
  const missing = (): UserError =>
    problem ??
    new UserError(
      'This notebook has no Livy to run on. Set LIVY_URL (for example http://primary-node:8998) in the environment the kernel starts in, ' +
        'or "livy.url" in ~/.config/emr-livy/config.json, then restart the kernel; or run %connect with a Livy URL or an EMR cluster id (j-…).'
    );
  const connection = new LivyConnection((url, access) => openEndpoint(resolved, url, seams, access), problem ? undefined : resolved.livy.url, missing, RELEASE_TIMEOUT_MS);
  const awsClients = seams.awsClients ?? createAwsClientFactory(resolved.emr.endpoint);
  const configuredAws: IAwsTarget = { region: resolved.emr.region, profile: resolved.emr.profile };
  const emrTarget = resolveAwsTarget(configuredAws);
  const awsEndpoint = (service: 'emr' | 'emr-containers'): string => describeEndpoint(service, emrTarget.region, resolved.emr.endpoint);
  const describeCluster = seams.describeCluster ?? describeWith(() => awsClients(emrTarget).emr);
  const clusters = new ClusterResolver({
    describeCluster,
    awsEndpoint: awsEndpoint('emr'),
    livyPort: resolved.emr.livyPort,
    livyScheme: resolved.emr.livyScheme,
    overrides: resolved.emr.clusterLivyUrls
  });
  const serverless = new ServerlessLivyLocator({
    client: target => awsClients(resolveAwsTarget(configuredAws, target)).emrServerless,
    endpoint: region => describeEndpoint('emr-serverless', region, resolved.emr.endpoint),
    overrides: resolved.emr.serverlessLivyUrls,
    executionRoleArn: resolved.emr.serverlessExecutionRoleArn,
    startTimeoutMs: resolved.emr.serverlessStartTimeoutMs,
    pollMs: SERVERLESS_START_POLL_MS
  });
  const sqlResults = new SqlResultSettings(resolved.sqlResults);
  const services = {
    connection,
    clusters,
    emr: { clients: () => awsClients(emrTarget), endpoint: awsEndpoint },
    hive: createHiveServices(resolved.hive, {
      describeCluster,
      emr: () => awsClients(emrTarget).emr,
      endpoint: awsEndpoint('emr')
    }),
    registry: new MagicRegistry(magicsOf(features)),
    serverless,
    aurora: seams.aurora ?? createAuroraService(resolved.aurora, redactor),
    settings: {
      sqlServerRowLimit: resolved.sqlServerRowLimit,
      sqlCompactFetchRows: resolved.sqlCompactFetchRows,
      sqlResults,
      progressDelayMs: resolved.progressDelayMs,
      sparkJobProgress: resolved.sparkJobProgress,
      serverIdleTimeout: resolved.session.serverIdleTimeout
    }
  };
  // The %%sql results a table pages through, on the same Livy connection the cells run on.
  const resultViews = new ResultViewService(new RetainedResults(), resultSpark(services));
  const executor = new MagicDispatcher({
    services: { ...services, resultViews },
    features,
    connection,
    defaultMagic: resolved.defaultMagic,
    completionTimeoutMs: resolved.completionTimeoutMs,
    catalog: kernelCatalog({ target: emrTarget, endpoint: resolved.emr.endpoint }),
    warnings: resolved.warnings
  });
  return {
    executor,
    catalog: executor.catalog?.catalog,
    connection,
    resolver: clusters,
    sqlResults,
    resultViews,
    awsClients,
    configuredAwsEndpoint: resolved.emr.endpoint,
    configuredAws,
    serverless,
    startSessionEarly: () => {
      if (resolved.session.startWithKernel) {
        connection.current()?.sessions.startEarly();
      }
    }
  };
}

/**
 * The side panel's status service, on the same AWS clients, Livy connection and cluster lookup as
 * the cells, so "Connect active notebook" moves the notebook the cells run on. `queue` is the
 * kernel's execute queue: a connect waits for the running cell.
 */
export function createPanelStatusService(cells: ICellLayer, queue: ExecutionQueue, redactor: Redactor): StatusService {
  const { awsClients, configuredAwsEndpoint, configuredAws } = cells;
  return new StatusService({
    awsClients,
    configuredAwsEndpoint,
    configuredAws,
    livy: () => cells.connection.current(),
    connector: new ClusterConnector({ connection: cells.connection, resolver: cells.resolver, awsClients, queue }),
    serverlessConnector: new ServerlessConnector({ connection: cells.connection, locator: cells.serverless, queue }),
    redactor
  });
}
