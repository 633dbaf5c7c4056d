import { EMRContainersClient, JobRun, ListJobRunsCommand, ListVirtualClustersCommand, VirtualCluster, VirtualClusterState } from '@aws-sdk/client-emr-containers';
import { ClusterFilter, IJobRun, IVirtualCluster } from '@jupyterlab-emr/common';
import { toStatusError } from './aws-errors';
import { iso } from './iso';

const ACTIVE_STATES: VirtualClusterState[] = ['RUNNING', 'ARRESTED'];
const RECENT_JOB_RUNS = 10;
// Accounts rarely hold more than a few virtual clusters; stop paging at a bound all the same.
const MAX_VIRTUAL_CLUSTERS = 200;

type EmrContainersSend = Pick<EMRContainersClient, 'send'>;

function fromJobRun(run: JobRun): IJobRun {
  return {
    id: run.id ?? '',
    name: run.name ?? '',
    state: run.state ?? 'UNKNOWN',
    createdAt: iso(run.createdAt),
    finishedAt: iso(run.finishedAt),
    releaseLabel: run.releaseLabel
  };
}

function fromVirtualCluster(cluster: VirtualCluster): Omit<IVirtualCluster, 'jobRuns'> {
  const eks = cluster.containerProvider;
  return {
    id: cluster.id ?? '',
    name: cluster.name ?? '',
    state: cluster.state ?? 'UNKNOWN',
    namespace: eks?.info?.eksInfo?.namespace,
    eksCluster: eks?.id,
    createdAt: iso(cluster.createdAt)
  };
}

/** EMR on EKS: virtual clusters, each with its most recent job runs. */
export class EksVirtualClusters {
  constructor(private readonly _client: EmrContainersSend) {}

  async list(filter: ClusterFilter, endpoint: string): Promise<IVirtualCluster[]> {
    const found: VirtualCluster[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this._client.send(new ListVirtualClustersCommand({ nextToken, states: filter === 'active' ? ACTIVE_STATES : undefined }));
      found.push(...(page.virtualClusters ?? []));
      nextToken = page.nextToken;
    } while (nextToken && found.length < MAX_VIRTUAL_CLUSTERS);
    return Promise.all(found.map(cluster => this._withJobRuns(cluster, endpoint)));
  }

  /** A virtual cluster's most recent job runs, newest first. */
  async jobRuns(virtualClusterId: string): Promise<IJobRun[]> {
    const reply = await this._client.send(new ListJobRunsCommand({ virtualClusterId, maxResults: RECENT_JOB_RUNS }));
    const runs = (reply.jobRuns ?? []).map(fromJobRun);
    // Newest first, whatever order the endpoint used.
    runs.sort((a, b) => (b.createdAt ?? '').localeCompare(a.createdAt ?? ''));
    return runs.slice(0, RECENT_JOB_RUNS);
  }

  private async _withJobRuns(cluster: VirtualCluster, endpoint: string): Promise<IVirtualCluster> {
    try {
      return { ...fromVirtualCluster(cluster), jobRuns: await this.jobRuns(cluster.id ?? '') };
    } catch (error) {
      return { ...fromVirtualCluster(cluster), jobRuns: null, jobRunsError: toStatusError(error, endpoint) };
    }
  }
}
