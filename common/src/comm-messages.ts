import type { IServerlessApplication, IServerlessConnectResult } from './serverless-messages';

/**
 * The `emr-livy.status` comm: what the side panel asks the kernel and what it answers. AWS calls
 * run in the kernel so credentials never reach the browser; the browser sees only these shapes.
 * One map from method to params and result, so a request and its reply cannot disagree.
 */
export const STATUS_COMM_TARGET = 'emr-livy.status';

/** `active` = clusters that are starting, running or waiting; `all` adds the ended ones. */
export type ClusterFilter = 'active' | 'all';

/** Where the kernel should look, from the panel's settings; empty values mean the SDK's defaults. */
export interface IAwsTarget {
  region?: string;
  profile?: string;
}

export interface IClusterSummary {
  id: string;
  name: string;
  /** EMR's ClusterState, e.g. WAITING, RUNNING, TERMINATED_WITH_ERRORS. */
  state: string;
  stateReason?: string;
  normalizedInstanceHours?: number;
  /** ISO 8601; uptime is counted from here to `endedAt` or now. */
  createdAt?: string;
  endedAt?: string;
  /** From DescribeCluster; absent when that call failed for this cluster. */
  releaseLabel?: string;
  applications?: string[];
  masterAddress?: string;
  /**
   * Its instance groups or fleets (roles and counts) as listed at `instancesAsOf` (ISO 8601): the
   * kernel lists them again only when something says they changed, so they may be older than the
   * list. Absent when the cluster could not be described.
   */
  instances?: ClusterInstances;
  instancesAsOf?: string;
  /**
   * Set by `listClusters` when the kernel has still to ask AWS for this row's DescribeCluster facts
   * or its instances: `clusterDetails` brings them, so the rows need not wait for either.
   */
  detailsPending?: boolean;
}

export interface IClusterPage {
  clusters: IClusterSummary[];
  /** ListClusters' Marker: present while more clusters remain. */
  marker?: string;
}

export interface IInstanceGroup {
  id: string;
  name?: string;
  role: string;
  instanceType: string;
  running: number;
  requested: number;
  market: string;
  state: string;
}

export interface IInstanceFleet {
  id: string;
  name?: string;
  role: string;
  state: string;
  instanceTypes: string[];
  onDemand: { provisioned: number; target: number };
  spot: { provisioned: number; target: number };
}

/** A cluster has groups or fleets; some endpoints (and emulators) cannot list fleets. */
export type ClusterInstances = { kind: 'groups'; groups: IInstanceGroup[] } | { kind: 'fleets'; fleets: IInstanceFleet[] } | { kind: 'unavailable'; reason: string };

export interface IStep {
  id: string;
  name: string;
  state: string;
  createdAt?: string;
  endedAt?: string;
}

export interface IClusterDetail {
  cluster: IClusterSummary;
  instances: ClusterInstances;
  /** Newest first, at most a handful. */
  steps: IStep[];
}

export interface IJobRun {
  id: string;
  name: string;
  state: string;
  createdAt?: string;
  finishedAt?: string;
  releaseLabel?: string;
}

export interface IVirtualCluster {
  id: string;
  name: string;
  state: string;
  namespace?: string;
  eksCluster?: string;
  createdAt?: string;
  /** Newest first; null with `jobRunsError` when that one call failed. */
  jobRuns: IJobRun[] | null;
  jobRunsError?: IStatusError;
}

export interface ILivySession {
  id: number;
  name?: string;
  kind?: string;
  state: string;
  appId?: string;
  sparkUiUrl?: string;
  driverLogUrl?: string;
  /** For a busy session whose Spark UI answers: the jobs running now, with their Spark UI pages. */
  runningJobs?: { jobId: number; description: string; url: string }[];
}

export interface IConnectResult {
  clusterId: string;
  clusterName?: string;
  livyUrl: string;
  /** Whether Livy answered GET /version within a few seconds of the switch. */
  reachable: boolean;
  livyVersion?: string;
  /** Why Livy did not answer, when it did not. */
  problem?: string;
  /** The session the kernel held on its previous Livy and deleted. */
  releasedSession?: number;
}

/** One EMR CloudWatch metric of a cluster over the panel's window. */
export interface IMetricSeries {
  /** CloudWatch's MetricName in AWS/ElasticMapReduce, e.g. YARNMemoryAvailablePercentage. */
  metric: string;
  label: string;
  unit: 'percent' | 'count';
  /** [epoch ms, value], oldest first; periods without a point are absent. */
  points: [number, number][];
}

/** A cluster's recent load: what the panel draws as small charts. */
export interface IClusterLoad {
  clusterId: string;
  /** ISO 8601 bounds of the window and the width of one point. */
  from: string;
  to: string;
  periodSeconds: number;
  series: IMetricSeries[];
  /** Start of the unbroken run of IsIdle = 1 that reaches the latest point, if the cluster is idle. */
  idleSince?: string;
}

/** A resize EMR accepted: the group or fleet and its target before and after. */
export interface IResizeResult {
  clusterId: string;
  /** The instance group or fleet id. */
  id: string;
  role: string;
  from: string;
  to: string;
}

/** Every request the panel can make: params in, result out. */
export interface IStatusMethods {
  listClusters: { params: { filter: ClusterFilter; marker?: string }; result: IClusterPage };
  /**
   * The second step of a refresh: the listed clusters whose rows were `detailsPending` (at most
   * CLUSTER_DETAILS_MAX_IDS ids), completed. Ids the kernel has not listed are left out.
   */
  clusterDetails: { params: { ids: string[] }; result: { clusters: IClusterSummary[] } };
  describeCluster: { params: { id: string }; result: IClusterDetail };
  listVirtualClusters: { params: { filter: ClusterFilter }; result: { virtualClusters: IVirtualCluster[] } };
  listLivySessions: { params: Record<string, never>; result: { url: string; sessions: ILivySession[] } };
  stopLivySession: { params: { id: number }; result: { url: string; stopped: number } };
  /**
   * Points the kernel's notebook at a cluster's Livy (what `%connect <clusterId>` does), looked up
   * with the panel's region and profile. It switches even when Livy does not answer yet (a tunnel
   * still to open) and says so; the next cell runs there.
   */
  connectCluster: { params: { clusterId: string }; result: IConnectResult };
  /** The last hours of a cluster's EMR metrics from CloudWatch GetMetricData. */
  clusterLoad: { params: { clusterId: string }; result: IClusterLoad };
  /** A new instance count for a task or core group; shrinking a core group needs `shrinkCore`, which the user confirmed. */
  resizeInstanceGroup: { params: { clusterId: string; groupId: string; count: number; shrinkCore?: boolean }; result: IResizeResult };
  /** New target capacities for a task fleet. */
  resizeInstanceFleet: { params: { clusterId: string; fleetId: string; onDemand: number; spot: number }; result: IResizeResult };
  /** EMR Serverless applications that are not terminated, each with its recent job runs. */
  listServerlessApplications: { params: Record<string, never>; result: { applications: IServerlessApplication[] } };
  /** Starts an EMR Serverless application if it is stopped, then points the notebook at its Livy endpoint, requests signed with SigV4. */
  connectServerlessApplication: { params: { applicationId: string }; result: IServerlessConnectResult };
}

/** One ListClusters page: a `clusterDetails` request need never hold more. */
export const CLUSTER_DETAILS_MAX_IDS = 50;

export type StatusMethod = keyof IStatusMethods;
export type StatusParams<M extends StatusMethod> = IStatusMethods[M]['params'];
export type StatusResult<M extends StatusMethod> = IStatusMethods[M]['result'];

export const STATUS_METHODS: readonly StatusMethod[] = [
  'listClusters',
  'clusterDetails',
  'describeCluster',
  'listVirtualClusters',
  'listLivySessions',
  'stopLivySession',
  'connectCluster',
  'clusterLoad',
  'resizeInstanceGroup',
  'resizeInstanceFleet',
  'listServerlessApplications',
  'connectServerlessApplication'
];

export interface IStatusRequest<M extends StatusMethod = StatusMethod> {
  /** Chosen by the panel; the reply carries it back, as several requests may be in flight. */
  requestId: string;
  method: M;
  params: StatusParams<M>;
  aws?: IAwsTarget;
}

/** Why a request failed, as a closed set the panel maps to one-sentence remedies. */
export type StatusErrorCode =
  | 'AWS_NO_CREDENTIALS'
  | 'AWS_INVALID_CREDENTIALS'
  | 'AWS_ACCESS_DENIED'
  | 'AWS_WRONG_REGION'
  | 'AWS_THROTTLED'
  | 'AWS_REQUEST_REJECTED'
  | 'ENDPOINT_UNREACHABLE'
  | 'NOT_AVAILABLE'
  | 'LIVY_NOT_CONFIGURED'
  | 'LIVY_UNREACHABLE'
  | 'LIVY_ERROR'
  | 'CLUSTER_NOT_CONNECTABLE'
  | 'APPLICATION_NOT_CONNECTABLE'
  | 'CLUSTER_NOT_RESIZABLE'
  | 'KERNEL_BUSY'
  | 'NOT_EMR_NOTEBOOK'
  | 'INVALID_REQUEST'
  | 'KERNEL_UNAVAILABLE'
  | 'INTERNAL';

export interface IStatusError {
  code: StatusErrorCode;
  /** What happened, with the endpoint or URL concerned; the remedy is the panel's to add. */
  message: string;
}

export type StatusReply<M extends StatusMethod = StatusMethod> = { requestId: string; method: M; ok: true; result: StatusResult<M> } | { requestId: string; method: M; ok: false; error: IStatusError };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The panel checks what arrives on the comm: an older kernel may answer in another shape. */
export function isStatusReply(value: unknown): value is StatusReply {
  if (!isRecord(value) || typeof value.requestId !== 'string' || typeof value.method !== 'string') {
    return false;
  }
  if (value.ok === true) {
    return isRecord(value.result);
  }
  return value.ok === false && isRecord(value.error) && typeof value.error.code === 'string' && typeof value.error.message === 'string';
}
