import { DescribeClusterCommand } from '@aws-sdk/client-emr';
import { IAwsTarget, IConnectResult } from '@jupyterlab-emr/common';
import { UserError } from '../core/errors';
import { ExecutionQueue } from '../core/execution-queue';
import { probeLivy } from '../livy/reachability';
import { clusterDescription, ClusterResolver } from '../cell-kit/cluster-resolver';
import { ILivyConnection } from '../cell-kit/context';
import { AwsClientFactory } from '../aws/aws-clients';
import { StatusError } from '../aws/aws-errors';

export interface IClusterConnectorOptions {
  /** The notebook's Livy, the one cells run on. */
  connection: ILivyConnection;
  /** The kernel's rules for a cluster's Livy URL (port, scheme, EMR_LIVY_CLUSTER_URLS). */
  resolver: Pick<ClusterResolver, 'locate'>;
  awsClients: AwsClientFactory;
  /** The cells' queue: the switch runs between two cells, never under one. */
  queue: Pick<ExecutionQueue, 'isRunning' | 'enqueue'>;
}

/**
 * The panel's "Connect active notebook": what `%connect j-…` does, with the cluster looked up in
 * the region and profile the panel listed it from. The URL comes from AWS rather than from typing,
 * so the notebook switches even when Livy does not answer yet, and the answer says so.
 */
export class ClusterConnector {
  constructor(private readonly _options: IClusterConnectorOptions) {}

  async connect(clusterId: string, aws: IAwsTarget): Promise<IConnectResult> {
    const { connection, resolver, awsClients, queue } = this._options;
    this._refuseWhileBusy();
    const { Cluster: cluster } = await awsClients(aws).emr.send(new DescribeClusterCommand({ ClusterId: clusterId }));
    let located: { url: string; clusterName?: string };
    try {
      located = resolver.locate(clusterId, clusterDescription(cluster));
    } catch (error) {
      throw error instanceof UserError ? new StatusError('CLUSTER_NOT_CONNECTABLE', error.message) : error;
    }
    this._refuseWhileBusy();
    const outcome = await queue.enqueue(() => connection.switchTo(located.url, { clusterId, verify: false }));
    if (outcome.status === 'aborted') {
      throw new StatusError('KERNEL_BUSY', 'The kernel is shutting down, so the notebook was not connected.');
    }
    const { endpoint, released } = outcome.value;
    const reach = await probeLivy(endpoint.client);
    return {
      clusterId,
      clusterName: located.clusterName,
      livyUrl: endpoint.url,
      reachable: reach.reachable,
      livyVersion: reach.reachable ? reach.version : undefined,
      problem: reach.reachable ? undefined : reach.problem,
      releasedSession: released
    };
  }

  private _refuseWhileBusy(): void {
    if (this._options.queue.isRunning) {
      throw new StatusError('KERNEL_BUSY', 'A cell is running in this notebook, and switching Livy now would end its session under it.');
    }
  }
}
