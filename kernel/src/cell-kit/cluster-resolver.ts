import type { Cluster } from '@aws-sdk/client-emr';
import { defaultLivyScheme } from '@jupyterlab-emr/common';
import { UserError } from '../core/errors';
import { toStatusError } from '../aws/aws-errors';
import { IClusterResolver } from './context';

/** The parts of DescribeCluster's answer that locate Livy. */
export interface IClusterDescription {
  name?: string;
  state?: string;
  masterPublicDnsName?: string;
  releaseLabel?: string;
  applications: string[];
}

/** DescribeCluster's cluster as the resolver reads it. */
export function clusterDescription(cluster: Cluster | undefined): IClusterDescription {
  return {
    name: cluster?.Name,
    state: cluster?.Status?.State,
    masterPublicDnsName: cluster?.MasterPublicDnsName,
    releaseLabel: cluster?.ReleaseLabel,
    applications: (cluster?.Applications ?? []).map(app => app.Name ?? '').filter(name => name !== '')
  };
}

export interface IClusterResolverOptions {
  describeCluster(clusterId: string): Promise<IClusterDescription>;
  /** Where DescribeCluster goes, for messages (an emulator's URL or AWS's regional endpoint). */
  awsEndpoint: string;
  livyPort: number;
  livyScheme: 'auto' | 'http' | 'https';
  /** Cluster id → Livy URL, used instead of the primary node's name (an emulator's names do not resolve). */
  overrides: Record<string, string>;
}

const GONE_STATES = new Set(['TERMINATING', 'TERMINATED', 'TERMINATED_WITH_ERRORS']);
const EARLY_STATES = new Set(['STARTING', 'BOOTSTRAPPING']);

/**
 * An EMR cluster id to its Livy URL: DescribeCluster tells whether the cluster is up, runs Livy,
 * and where its primary node is; Livy listens on that node (port 8998 unless configured).
 */
export class ClusterResolver implements IClusterResolver {
  constructor(private readonly _options: IClusterResolverOptions) {}

  async livyUrl(clusterId: string): Promise<{ url: string; clusterName?: string; state?: string }> {
    let cluster: IClusterDescription;
    try {
      cluster = await this._options.describeCluster(clusterId);
    } catch (error) {
      const status = toStatusError(error, this._options.awsEndpoint);
      throw new UserError(
        `Could not look up EMR cluster ${clusterId} through ${this._options.awsEndpoint}: ${status.message.replace(/([^.])$/, '$1.')} ` +
          'Check the cluster id, the region (AWS_REGION) and the AWS credentials the kernel sees (AWS_PROFILE, environment, instance role), ' +
          'or %connect to the Livy URL directly.'
      );
    }
    return this.locate(clusterId, cluster);
  }

  /** The Livy URL of a cluster already described (the side panel describes with its own region and profile). */
  locate(clusterId: string, cluster: IClusterDescription): { url: string; clusterName?: string; state?: string } {
    const state = cluster.state;
    if (state && GONE_STATES.has(state)) {
      throw new UserError(`EMR cluster ${clusterId}${cluster.name ? ` (${cluster.name})` : ''} is ${state.toLowerCase().replace(/_/g, ' ')}, so its Livy is gone. Connect to a running cluster.`);
    }
    if (state && EARLY_STATES.has(state)) {
      throw new UserError(`EMR cluster ${clusterId} is still ${state.toLowerCase()}; Livy answers once it is WAITING or RUNNING. Try %connect again in a few minutes.`);
    }
    if (cluster.applications.length > 0 && !cluster.applications.some(app => app.toLowerCase() === 'livy')) {
      throw new UserError(`EMR cluster ${clusterId} does not run Livy (its applications are ${cluster.applications.join(', ')}). Create the cluster with the Livy application.`);
    }
    const override = Object.entries(this._options.overrides).find(([id]) => id.toLowerCase() === clusterId.toLowerCase())?.[1];
    if (override) {
      return { url: override, clusterName: cluster.name, state };
    }
    if (!cluster.masterPublicDnsName) {
      throw new UserError(`EMR cluster ${clusterId} reports no primary node address yet, so its Livy cannot be located. Try again once it is running.`);
    }
    const scheme = this._options.livyScheme === 'auto' ? defaultLivyScheme(cluster.releaseLabel) : this._options.livyScheme;
    return { url: `${scheme}://${cluster.masterPublicDnsName}:${this._options.livyPort}`, clusterName: cluster.name, state };
  }
}
