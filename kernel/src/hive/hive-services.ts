import type { EMRClient } from '@aws-sdk/client-emr';
import { ICellServices } from '../cell-kit/context';
import { UserError } from '../core/errors';
import { toStatusError } from '../aws/aws-errors';
import { Logger } from '../log';
import { EmrStepService, IStepService } from './emr-steps';
import { IHiveConfig } from './hive-config';
import { Hs2Client, IHs2Runner } from './hs2-client';
import { describeHs2Endpoint, IHs2Endpoint } from './hs2-endpoint';

const log = new Logger('hive');

/** The parts of DescribeCluster that locate HiveServer2. */
export interface IHiveClusterDescription {
  state?: string;
  masterPublicDnsName?: string;
  applications: string[];
}

export interface IHiveServicesOptions {
  config: IHiveConfig;
  describeCluster(clusterId: string): Promise<IHiveClusterDescription>;
  /** Where DescribeCluster goes, for messages. */
  awsEndpoint: string;
  steps: IStepService;
  /** A client per endpoint; tests put in their own. */
  runner?: (endpoint: IHs2Endpoint) => IHs2Runner;
}

const CONNECT_TIMEOUT_MS = 10_000;
const REQUEST_TIMEOUT_MS = 120_000;
const STATUS_WAIT_MS = 300;
// Part of the kernel's 3 s shutdown budget, beside deleting the Livy session.
const CLOSE_TIMEOUT_MS = 2000;

/**
 * What %%hive needs beside the Livy services: the HiveServer2 to use (configured, or found on
 * the EMR cluster the notebook is connected to), one client per endpoint for the kernel's life,
 * and EMR steps. Step watchers keep running after their cell ends and stop with the kernel.
 */
export class HiveServices {
  private readonly _runners = new Map<string, IHs2Runner>();
  private readonly _discovered = new Map<string, IHs2Endpoint>();
  private readonly _watches = new AbortController();

  constructor(private readonly _options: IHiveServicesOptions) {}

  get config(): IHiveConfig {
    return this._options.config;
  }

  get steps(): IStepService {
    return this._options.steps;
  }

  /** Aborts when the kernel shuts down; step watchers stop with it. */
  get shutdownSignal(): AbortSignal {
    return this._watches.signal;
  }

  /**
   * The HiveServer2 for %%hive: the configured one, else the one on the connected cluster's
   * primary node (when the cluster runs Hive); undefined when there is neither.
   */
  async endpoint(clusterId: string | undefined): Promise<{ endpoint: IHs2Endpoint; source: string } | undefined> {
    const { config } = this._options;
    if (config.endpoint) {
      return { endpoint: config.endpoint, source: 'configured' };
    }
    if (!clusterId) {
      return undefined;
    }
    const known = this._discovered.get(clusterId);
    if (known) {
      return { endpoint: known, source: `on EMR cluster ${clusterId}` };
    }
    const found = await this._discover(clusterId);
    if (found) {
      this._discovered.set(clusterId, found);
      return { endpoint: found, source: `on EMR cluster ${clusterId}` };
    }
    return undefined;
  }

  runner(endpoint: IHs2Endpoint): IHs2Runner {
    const key = describeHs2Endpoint(endpoint) + (endpoint.database ? `/${endpoint.database}` : '');
    let runner = this._runners.get(key);
    if (!runner) {
      const { config } = this._options;
      runner =
        this._options.runner?.(endpoint) ??
        new Hs2Client({
          endpoint,
          username: config.username,
          password: config.password,
          logLevel: config.logLevel,
          connectTimeoutMs: CONNECT_TIMEOUT_MS,
          requestTimeoutMs: REQUEST_TIMEOUT_MS,
          statusWaitMs: STATUS_WAIT_MS
        });
      this._runners.set(key, runner);
    }
    return runner;
  }

  /** Closes the HiveServer2 sessions (within the kernel's shutdown budget) and stops watching steps. */
  async close(): Promise<void> {
    this._watches.abort();
    const closing = [...this._runners.values()].map(runner => runner.close().catch(error => log.debug('Closing a HiveServer2 session failed.', error)));
    this._runners.clear();
    let timer: NodeJS.Timeout | undefined;
    // A server that stopped answering must not hold up the kernel's exit; it drops the session when the socket goes.
    await Promise.race([Promise.all(closing), new Promise(resolve => (timer = setTimeout(resolve, CLOSE_TIMEOUT_MS)))]);
    clearTimeout(timer);
  }

  private async _discover(clusterId: string): Promise<IHs2Endpoint | undefined> {
    const { config } = this._options;
    let cluster: IHiveClusterDescription;
    try {
      cluster = await this._options.describeCluster(clusterId);
    } catch (error) {
      const status = toStatusError(error, this._options.awsEndpoint);
      throw new UserError(
        `%%hive could not look up EMR cluster ${clusterId} through ${this._options.awsEndpoint} to find its HiveServer2: ${status.message.replace(/([^.])$/, '$1.')} ` +
          'Set EMR_HIVESERVER2_URL to the HiveServer2 to use, or write %%hive --engine spark to run on the Spark session.'
      );
    }
    if (cluster.applications.length > 0 && !cluster.applications.some(app => app.toLowerCase() === 'hive')) {
      return undefined;
    }
    const override = Object.entries(config.clusterEndpoints).find(([id]) => id === clusterId.toUpperCase())?.[1];
    if (override) {
      return override;
    }
    return cluster.masterPublicDnsName ? { host: cluster.masterPublicDnsName, port: config.clusterPort } : undefined;
  }
}

/** The Hive services of a kernel, from its config and the EMR API the rest of the kernel uses. */
export function createHiveServices(
  config: IHiveConfig,
  aws: { describeCluster(clusterId: string): Promise<IHiveClusterDescription>; emr: () => Pick<EMRClient, 'send'>; endpoint: string }
): HiveServices {
  return new HiveServices({ config, describeCluster: aws.describeCluster, awsEndpoint: aws.endpoint, steps: new EmrStepService(aws.emr, aws.endpoint) });
}

/** What %%hive runs with: the toolkit's services and its HiveServer2 sessions and EMR steps. */
export type IHiveKernel = ICellServices & { hive: HiveServices };
