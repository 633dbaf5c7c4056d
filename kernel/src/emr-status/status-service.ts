import { CLUSTER_DETAILS_MAX_IDS, IAwsTarget, IStatusRequest, STATUS_METHODS, StatusMethod, StatusReply, StatusResult } from '@jupyterlab-emr/common';
import { CommTargetHandler, IComm } from '../core/comm-manager';
import { Logger } from '../log';
import { JsonObject } from '../protocol/messages';
import { Redactor } from '../redact';
import { AwsClientFactory, AwsService, describeEndpoint, resolveAwsTarget } from '../aws/aws-clients';
import { StatusError, toStatusError } from '../aws/aws-errors';
import { ClusterConnector } from './cluster-connect';
import { Ec2Clusters } from '../aws/emr-ec2';
import { ClusterCache } from '../aws/cluster-cache';
import { ClusterMetrics } from '../aws/cloudwatch-metrics';
import { InstanceResizer } from '../aws/emr-resize';
import { EksVirtualClusters } from '../aws/emr-eks';
import { ServerlessApplications } from '../aws/emr-serverless';
import { ServerlessConnector } from './serverless-connect';
import { LivyClientSource, LivySessions } from './livy-sessions';

const log = new Logger('emr-status');

export interface IStatusServiceOptions {
  awsClients: AwsClientFactory;
  /** The kernel config's "emr.endpoint", which awsClients was built with: named in errors. */
  configuredAwsEndpoint?: string;
  /**
   * The kernel config's region (AWS_REGION, AWS_DEFAULT_REGION, "emr.region") and profile
   * (AWS_PROFILE, "emr.profile"): each used, as %emr uses it, when the panel's setting is empty.
   */
  configuredAws?: IAwsTarget;
  /** The notebook's Livy client, whose auth and TLS settings the session list uses too. */
  livy: LivyClientSource;
  connector: Pick<ClusterConnector, 'connect'>;
  /** The panel's Connect on an EMR Serverless application; without it that request is NOT_AVAILABLE. */
  serverlessConnector?: Pick<ServerlessConnector, 'connect'>;
  redactor: Redactor;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalid(message: string): never {
  throw new StatusError('INVALID_REQUEST', message);
}

function optionalString(value: unknown, name: string): string | undefined {
  if (value === undefined || value === null || value === '') {
    return undefined;
  }
  return typeof value === 'string' ? value : invalid(`${name} must be a string.`);
}

function filterOf(params: Record<string, unknown>): 'active' | 'all' {
  return params.filter === 'active' || params.filter === 'all' ? params.filter : invalid('filter must be "active" or "all".');
}

function requiredId(params: Record<string, unknown>, name: string): string {
  const id = params[name];
  return typeof id === 'string' && id.length > 0 ? id : invalid(`${name} must be a non-empty string.`);
}

function requiredIds(params: Record<string, unknown>, name: string): string[] {
  const ids = params[name];
  const valid = Array.isArray(ids) && ids.length > 0 && ids.length <= CLUSTER_DETAILS_MAX_IDS && ids.every(id => typeof id === 'string' && id.length > 0);
  return valid ? (ids as string[]) : invalid(`${name} must be 1 to ${CLUSTER_DETAILS_MAX_IDS} non-empty strings.`);
}

function requiredCount(params: Record<string, unknown>, name: string): number {
  const value = params[name];
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : invalid(`${name} must be a whole number of 0 or more.`);
}

/** Checks a comm message field by field: it comes from the browser and is trusted for nothing. */
export function parseStatusRequest(data: unknown): IStatusRequest {
  if (!isRecord(data) || typeof data.requestId !== 'string' || data.requestId === '') {
    return invalid('A status request needs a requestId.');
  }
  const method = data.method as StatusMethod;
  if (!STATUS_METHODS.includes(method)) {
    return invalid(`Unknown status method ${JSON.stringify(data.method)}.`);
  }
  const params = isRecord(data.params) ? data.params : {};
  const awsIn = isRecord(data.aws) ? data.aws : {};
  const aws: IAwsTarget = { region: optionalString(awsIn.region, 'aws.region'), profile: optionalString(awsIn.profile, 'aws.profile') };
  const base = { requestId: data.requestId, aws };
  switch (method) {
    case 'listClusters':
      return { ...base, method, params: { filter: filterOf(params), marker: optionalString(params.marker, 'marker') } };
    case 'clusterDetails':
      return { ...base, method, params: { ids: requiredIds(params, 'ids') } };
    case 'describeCluster':
      return { ...base, method, params: { id: requiredId(params, 'id') } };
    case 'listVirtualClusters':
      return { ...base, method, params: { filter: filterOf(params) } };
    case 'listLivySessions':
      return { ...base, method, params: {} };
    case 'stopLivySession': {
      const id = params.id;
      return typeof id === 'number' && Number.isInteger(id) && id >= 0 ? { ...base, method, params: { id } } : invalid('id must be a Livy session number.');
    }
    case 'connectCluster':
    case 'clusterLoad':
      return { ...base, method, params: { clusterId: requiredId(params, 'clusterId') } };
    case 'listServerlessApplications':
      return { ...base, method, params: {} };
    case 'connectServerlessApplication':
      return { ...base, method, params: { applicationId: requiredId(params, 'applicationId') } };
    case 'resizeInstanceGroup':
      return {
        ...base,
        method,
        params: { clusterId: requiredId(params, 'clusterId'), groupId: requiredId(params, 'groupId'), count: requiredCount(params, 'count'), shrinkCore: params.shrinkCore === true }
      };
    case 'resizeInstanceFleet':
      return {
        ...base,
        method,
        params: { clusterId: requiredId(params, 'clusterId'), fleetId: requiredId(params, 'fleetId'), onDemand: requiredCount(params, 'onDemand'), spot: requiredCount(params, 'spot') }
      };
  }
}

/** The AWS service a method calls, whose endpoint its errors name. */
function serviceOf(method: StatusMethod): AwsService {
  switch (method) {
    case 'listVirtualClusters':
      return 'emr-containers';
    case 'clusterLoad':
      return 'cloudwatch';
    case 'listServerlessApplications':
    case 'connectServerlessApplication':
      return 'emr-serverless';
    default:
      return 'emr';
  }
}

/**
 * The kernel's end of the `emr-livy.status` comm: one reply per request, matched by requestId,
 * every failure mapped to a code the panel has a remedy for, every reply through the redactor.
 */
export class StatusService {
  private readonly _livy: LivySessions;
  // Per region and profile (a profile may be another account): what refreshes need not ask again.
  private readonly _clusterCaches = new Map<string, ClusterCache>();

  constructor(private readonly _options: IStatusServiceOptions) {
    this._livy = new LivySessions(_options.livy);
  }

  /** For CommManager.registerTarget. */
  readonly commTarget: CommTargetHandler = (comm: IComm) => ({
    onMessage: async data => {
      comm.send((await this.handle(data)) as unknown as JsonObject);
    }
  });

  async handle(data: unknown): Promise<StatusReply> {
    const requestId = isRecord(data) && typeof data.requestId === 'string' ? data.requestId : '';
    const method = isRecord(data) && typeof data.method === 'string' ? (data.method as StatusMethod) : 'listClusters';
    let reply: StatusReply;
    try {
      const request = parseStatusRequest(data);
      reply = { requestId, method: request.method, ok: true, result: await this._run(request) };
    } catch (error) {
      // The request may be what failed to parse: only a string region of it names the endpoint.
      const requested = isRecord(data) && isRecord(data.aws) && typeof data.aws.region === 'string' ? { region: data.aws.region } : {};
      const { region } = this._target(requested);
      const status = toStatusError(error, describeEndpoint(serviceOf(method), region, this._options.configuredAwsEndpoint));
      if (status.code === 'INTERNAL') {
        log.error(`The status request ${method} failed unexpectedly.`, error);
      }
      reply = { requestId, method, ok: false, error: status };
    }
    return this._options.redactor.redactValue(reply);
  }

  private _target(requested?: IAwsTarget): IAwsTarget {
    return resolveAwsTarget(this._options.configuredAws ?? {}, requested);
  }

  private _ec2(aws: IAwsTarget): Ec2Clusters {
    const key = JSON.stringify([aws.region ?? '', aws.profile ?? '']);
    let cache = this._clusterCaches.get(key);
    if (!cache) {
      cache = new ClusterCache();
      this._clusterCaches.set(key, cache);
    }
    return new Ec2Clusters(this._options.awsClients(aws).emr, cache);
  }

  private async _run(request: IStatusRequest): Promise<StatusResult<StatusMethod>> {
    const aws = this._target(request.aws);
    switch (request.method) {
      case 'listClusters': {
        const { filter, marker } = (request as IStatusRequest<'listClusters'>).params;
        return this._ec2(aws).list(filter, marker);
      }
      case 'clusterDetails': {
        const { ids } = (request as IStatusRequest<'clusterDetails'>).params;
        return { clusters: await this._ec2(aws).details(ids, describeEndpoint('emr', aws.region, this._options.configuredAwsEndpoint)) };
      }
      case 'describeCluster': {
        const { id } = (request as IStatusRequest<'describeCluster'>).params;
        return this._ec2(aws).describe(id, describeEndpoint('emr', aws.region, this._options.configuredAwsEndpoint));
      }
      case 'listVirtualClusters': {
        const { filter } = (request as IStatusRequest<'listVirtualClusters'>).params;
        const eks = new EksVirtualClusters(this._options.awsClients(aws).emrContainers);
        return { virtualClusters: await eks.list(filter, describeEndpoint('emr-containers', aws.region, this._options.configuredAwsEndpoint)) };
      }
      case 'listLivySessions':
        return this._livy.list();
      case 'stopLivySession':
        return this._livy.stop((request as IStatusRequest<'stopLivySession'>).params.id);
      case 'connectCluster':
        return this._options.connector.connect((request as IStatusRequest<'connectCluster'>).params.clusterId, aws);
      case 'clusterLoad':
        return new ClusterMetrics(this._options.awsClients(aws).cloudwatch).load((request as IStatusRequest<'clusterLoad'>).params.clusterId);
      case 'resizeInstanceGroup': {
        const { clusterId, groupId, count, shrinkCore } = (request as IStatusRequest<'resizeInstanceGroup'>).params;
        const resized = await new InstanceResizer(this._options.awsClients(aws).emr).resizeGroup(clusterId, groupId, count, shrinkCore);
        // After the call: a listing while it ran may have remembered the counts from before.
        this._ec2(aws).resized(clusterId);
        return resized;
      }
      case 'resizeInstanceFleet': {
        const { clusterId, fleetId, onDemand, spot } = (request as IStatusRequest<'resizeInstanceFleet'>).params;
        const resized = await new InstanceResizer(this._options.awsClients(aws).emr).resizeFleet(clusterId, fleetId, onDemand, spot);
        this._ec2(aws).resized(clusterId);
        return resized;
      }
      case 'listServerlessApplications': {
        const applications = new ServerlessApplications(this._options.awsClients(aws).emrServerless);
        return { applications: await applications.list(describeEndpoint('emr-serverless', aws.region, this._options.configuredAwsEndpoint)) };
      }
      case 'connectServerlessApplication': {
        const connector = this._options.serverlessConnector;
        if (!connector) {
          throw new StatusError('NOT_AVAILABLE', 'This kernel cannot connect to EMR Serverless applications.');
        }
        return connector.connect((request as IStatusRequest<'connectServerlessApplication'>).params.applicationId, aws);
      }
    }
  }
}
