import { DescribeClusterCommand } from '@aws-sdk/client-emr';
import { IAwsTarget, IConnectResult } from '@jupyterlab-emr/common';
import { UserError } from '../core/errors';
import { clusterDescription, ClusterResolver } from '../cell-kit/cluster-resolver';
import { ILivyConnection } from '../cell-kit/context';
import { AwsClientFactory } from '../aws/aws-clients';
import { StatusError } from '../aws/aws-errors';
import { CellQueue, refuseWhileBusy, switchNotebook } from './notebook-switch';

export interface IClusterConnectorOptions {
  /** The notebook's Livy, the one cells run on. */
  connection: ILivyConnection;
  /** The kernel's rules for a cluster's Livy URL (port, scheme, EMR_LIVY_CLUSTER_URLS). */
  resolver: Pick<ClusterResolver, 'locate'>;
  awsClients: AwsClientFactory;
  /** The cells' queue: the switch runs between two cells, never under one. */
  queue: CellQueue;
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
    refuseWhileBusy(queue);
    const { Cluster: cluster } = await awsClients(aws).emr.send(new DescribeClusterCommand({ ClusterId: clusterId }));
    let located: { url: string; clusterName?: string };
    try {
      located = resolver.locate(clusterId, clusterDescription(cluster));
    } catch (error) {
      throw error instanceof UserError ? new StatusError('CLUSTER_NOT_CONNECTABLE', error.message) : error;
    }
    const switched = await switchNotebook(connection, queue, located.url, { clusterId });
    return { clusterId, clusterName: located.clusterName, ...switched };
  }
}
