import { ITablePayload } from '@jupyterlab-emr/common';
import { UserError } from '../core/errors';
import { toStatusError } from '../aws/aws-errors';
import { Ec2Clusters } from '../aws/emr-ec2';
import { EksVirtualClusters } from '../aws/emr-eks';
import { ICellContext } from '../cell-kit/context';
import { IEmrKernel } from './emr-services';
import { tableBundle } from '../bundles/table-bundle';
import { EmrAction, IEmrCommand } from './emr-command';
import { clustersTable, clusterTable, instancesTable, jobRunsTable, stepsTable, virtualClustersTable } from './emr-tables';

// One ListClusters page holds 50 clusters; past this many a table is no longer read, only scrolled.
const MAX_LISTED_CLUSTERS = 2000;

function show(cell: ICellContext, title: string, table: ITablePayload): void {
  cell.sink.stream('stdout', `${title}\n`);
  const bundle = tableBundle(table);
  if (bundle) {
    cell.sink.display(bundle);
  }
}

/** The cluster a describe/steps line means: the one named, else the one this notebook connected to. */
function targetCluster(action: { verb: string; clusterId?: string }, kernel: IEmrKernel): string {
  const id = action.clusterId ?? kernel.connection.current()?.clusterId;
  if (!id) {
    throw new UserError(
      `%emr ${action.verb} needs a cluster id (j-…): this notebook's Livy was not reached through an EMR cluster. ` +
        `Write %emr ${action.verb} j-…, or connect first with %connect j-… or the side panel.`
    );
  }
  return id;
}

async function run(action: EmrAction, cell: ICellContext, kernel: IEmrKernel): Promise<void> {
  const { emr } = kernel;
  switch (action.verb) {
    case 'clusters': {
      const { clusters, more } = await new Ec2Clusters(emr.clients().emr).summaries(action.all ? 'all' : 'active', MAX_LISTED_CLUSTERS);
      show(cell, `EMR clusters${action.all ? '' : ' (active; --all adds ended ones)'}: ${clusters.length}${more ? `, the first ${MAX_LISTED_CLUSTERS} of more` : ''}`, clustersTable(clusters));
      return;
    }
    case 'describe': {
      const id = targetCluster(action, kernel);
      const detail = await new Ec2Clusters(emr.clients().emr).describe(id, emr.endpoint('emr'));
      show(cell, `EMR cluster ${id}`, clusterTable(detail.cluster));
      const instances = instancesTable(detail);
      if (instances) {
        show(cell, `Instance ${detail.instances.kind}`, instances);
      } else if (detail.instances.kind === 'unavailable') {
        cell.sink.stream('stdout', `${detail.instances.reason}\n`);
      }
      show(cell, 'Recent steps', stepsTable(detail.steps));
      return;
    }
    case 'steps': {
      const id = targetCluster(action, kernel);
      show(cell, `Recent steps of ${id}`, stepsTable(await new Ec2Clusters(emr.clients().emr).steps(id)));
      return;
    }
    case 'virtual-clusters': {
      const eks = new EksVirtualClusters(emr.clients().emrContainers);
      const clusters = await eks.list(action.all ? 'all' : 'active', emr.endpoint('emr-containers'));
      show(cell, `EMR on EKS virtual clusters${action.all ? '' : ' (running; --all adds ended ones)'}: ${clusters.length}`, virtualClustersTable(clusters));
      return;
    }
    case 'job-runs': {
      const runs = await new EksVirtualClusters(emr.clients().emrContainers).jobRuns(action.virtualClusterId);
      show(cell, `Recent job runs of virtual cluster ${action.virtualClusterId}`, jobRunsTable(runs));
      return;
    }
  }
}

/** `%emr …`: AWS failures become one paragraph naming the endpoint, with what to check. */
export async function runEmr(command: IEmrCommand, cell: ICellContext, kernel: IEmrKernel): Promise<void> {
  try {
    await run(command.action, cell, kernel);
  } catch (error) {
    if (error instanceof UserError) {
      throw error;
    }
    const service = command.action.verb === 'virtual-clusters' || command.action.verb === 'job-runs' ? 'emr-containers' : 'emr';
    const status = toStatusError(error, kernel.emr.endpoint(service));
    if (status.code === 'INTERNAL') {
      throw error;
    }
    throw new UserError(`%emr ${command.action.verb}: ${status.message.replace(/([^.])$/, '$1.')} ${EMR_REMEDIES[status.code] ?? EMR_REMEDIES.default}`);
  }
}

const EMR_REMEDIES: Record<string, string> = {
  AWS_NO_CREDENTIALS: 'Give the kernel AWS credentials (aws sso login, AWS_PROFILE, or an instance role) and restart it.',
  AWS_INVALID_CREDENTIALS: 'Refresh the credentials the kernel uses (they are expired or wrong) and restart it.',
  AWS_ACCESS_DENIED: 'Ask for elasticmapreduce:List*/Describe* and emr-containers:List* on the role the kernel uses.',
  AWS_WRONG_REGION: 'Set AWS_REGION (or "emr.region" in the kernel config) to the region of your clusters and restart the kernel.',
  ENDPOINT_UNREACHABLE: 'Check the network path to the endpoint (VPN, proxy, an AWS_ENDPOINT_URL* variable or "emr.endpoint" in the kernel config).',
  AWS_REQUEST_REJECTED: 'Check the id and the region; AWS refused the request as written.',
  default: 'Check the region and credentials the kernel uses.'
};
