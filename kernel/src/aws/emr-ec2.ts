import {
  Cluster,
  ClusterState,
  ClusterSummary,
  DescribeClusterCommand,
  EMRClient,
  InstanceFleet,
  InstanceGroup,
  ListClustersCommand,
  ListInstanceFleetsCommand,
  ListInstanceGroupsCommand,
  ListStepsCommand,
  StepSummary
} from '@aws-sdk/client-emr';
import { ClusterFilter, ClusterInstances, IClusterDetail, IClusterPage, IClusterSummary, IInstanceFleet, IInstanceGroup, IStep } from '@jupyterlab-emr/common';
import { toStatusError } from './aws-errors';
import { iso } from './iso';
import { ClusterCache, IClusterFacts } from './cluster-cache';

const ACTIVE_STATES: ClusterState[] = ['STARTING', 'BOOTSTRAPPING', 'RUNNING', 'WAITING', 'TERMINATING'];
// A panel row shows the last few steps; older ones are in the EMR console.
const RECENT_STEPS = 10;
// Calls for the listed clusters (DescribeCluster, ListInstanceGroups), a few at a time: EMR meters
// each API with a small burst bucket that refills at a few calls a second, and a burst past it is
// throttled. After the first refresh the cache leaves only a handful of calls per refresh anyway.
const CLUSTER_CALL_CONCURRENCY = 4;
// Of a page's clusters whose groups are only past their age (nothing says they changed), this many,
// the longest listed first, are listed again per refresh; the rest show their age until their turn.
// A quarter of a 50-cluster page: a refresh costs at most about 50 such calls however many clusters.
const AGED_RELISTS_PER_PAGE = 12;

type EmrSend = Pick<EMRClient, 'send'>;

// ListClusters' summaries and DescribeCluster's clusters share these fields, so one mapping serves both.
function fromSummary(summary: ClusterSummary | Cluster): IClusterSummary {
  return {
    id: summary.Id ?? '',
    name: summary.Name ?? '',
    state: summary.Status?.State ?? 'UNKNOWN',
    stateReason: summary.Status?.StateChangeReason?.Message || undefined,
    normalizedInstanceHours: summary.NormalizedInstanceHours,
    createdAt: iso(summary.Status?.Timeline?.CreationDateTime),
    endedAt: iso(summary.Status?.Timeline?.EndDateTime)
  };
}

function factsOf(cluster: Cluster): IClusterFacts {
  return {
    releaseLabel: cluster.ReleaseLabel,
    applications: (cluster.Applications ?? []).map(app => [app.Name, app.Version].filter(Boolean).join(' ')),
    fleets: cluster.InstanceCollectionType === 'INSTANCE_FLEET',
    masterAddress: cluster.MasterPublicDnsName || undefined
  };
}

function withFacts(summary: IClusterSummary, { releaseLabel, applications, masterAddress }: IClusterFacts): IClusterSummary {
  return { ...summary, releaseLabel, applications, masterAddress };
}

function withInstances(summary: IClusterSummary, instances: ClusterInstances, at: number): IClusterSummary {
  return { ...summary, instances, instancesAsOf: new Date(at).toISOString() };
}

async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

function fromGroup(group: InstanceGroup): IInstanceGroup {
  return {
    id: group.Id ?? '',
    name: group.Name,
    role: group.InstanceGroupType ?? 'UNKNOWN',
    instanceType: group.InstanceType ?? '',
    running: group.RunningInstanceCount ?? 0,
    requested: group.RequestedInstanceCount ?? 0,
    market: group.Market ?? '',
    state: group.Status?.State ?? 'UNKNOWN'
  };
}

function fromFleet(fleet: InstanceFleet): IInstanceFleet {
  return {
    id: fleet.Id ?? '',
    name: fleet.Name,
    role: fleet.InstanceFleetType ?? 'UNKNOWN',
    state: fleet.Status?.State ?? 'UNKNOWN',
    instanceTypes: (fleet.InstanceTypeSpecifications ?? []).map(spec => spec.InstanceType ?? '').filter(Boolean),
    onDemand: { provisioned: fleet.ProvisionedOnDemandCapacity ?? 0, target: fleet.TargetOnDemandCapacity ?? 0 },
    spot: { provisioned: fleet.ProvisionedSpotCapacity ?? 0, target: fleet.TargetSpotCapacity ?? 0 }
  };
}

function fromStep(step: StepSummary): IStep {
  return {
    id: step.Id ?? '',
    name: step.Name ?? '',
    state: step.Status?.State ?? 'UNKNOWN',
    createdAt: iso(step.Status?.Timeline?.CreationDateTime),
    endedAt: iso(step.Status?.Timeline?.EndDateTime)
  };
}

/**
 * EMR on EC2: the cluster list (one ListClusters page per call) and one cluster's detail. Give
 * every call of one kernel and AWS target the same cache: it is what spares a refresh the calls.
 */
export class Ec2Clusters {
  constructor(
    private readonly _emr: EmrSend,
    private readonly _cache = new ClusterCache()
  ) {}

  /**
   * One page of clusters from ListClusters alone, each with what the cache already knows: its
   * release label, applications and master address and its instance groups or fleets with when
   * they were listed. A row the cache cannot complete is `detailsPending`, for `details` to finish:
   * on AWS each per-cluster call takes 50-150 ms, which a list of rows should not wait for.
   */
  async list(filter: ClusterFilter, marker: string | undefined): Promise<IClusterPage> {
    const page = await this._emr.send(new ListClustersCommand({ Marker: marker, ClusterStates: filter === 'active' ? ACTIVE_STATES : undefined }));
    const summaries = (page.Clusters ?? []).map(fromSummary);
    const aged = summaries.flatMap(summary => {
      const known = this._cache.instances(summary);
      return known?.aged ? [{ id: summary.id, at: known.at }] : [];
    });
    const relist = new Set(
      aged
        .sort((a, b) => a.at - b.at)
        .slice(0, AGED_RELISTS_PER_PAGE)
        .map(cluster => cluster.id)
    );
    const clusters = summaries.map(summary => this._fromCache(summary, relist.has(summary.id)));
    return { clusters, marker: page.Marker || undefined };
  }

  /**
   * The listed rows that were `detailsPending`, completed by DescribeCluster and the List call of
   * their instances, a few calls at a time. A cluster whose Describe fails comes back without those
   * fields (the next refresh asks again); ids not pending since the last list are left out.
   */
  async details(ids: string[], endpoint: string): Promise<IClusterSummary[]> {
    const rows = ids.flatMap(id => this._cache.takePending(id) ?? []);
    return mapLimited(rows, CLUSTER_CALL_CONCURRENCY, row => this._complete(row.summary, row.relistAged, endpoint));
  }

  async describe(id: string, endpoint: string): Promise<IClusterDetail> {
    const { Cluster: cluster } = await this._emr.send(new DescribeClusterCommand({ ClusterId: id }));
    if (!cluster) {
      throw new Error(`DescribeCluster returned no cluster for ${id}.`);
    }
    const facts = factsOf(cluster);
    this._cache.rememberFacts(id, facts);
    const summary = withFacts({ ...fromSummary(cluster), id: cluster.Id ?? id }, facts);
    const [instances, steps] = await Promise.all([this._listInstances(summary, facts.fleets, endpoint), this.steps(id)]);
    return { cluster: summary, instances: instances.instances, steps };
  }

  /** The kernel resized a group or fleet of this cluster: the next list asks for its instances. */
  resized(id: string): void {
    this._cache.forgetInstances(id);
  }

  /** The cluster's most recent steps, newest first (ListSteps' own order). */
  async steps(id: string): Promise<IStep[]> {
    const reply = await this._emr.send(new ListStepsCommand({ ClusterId: id }));
    return (reply.Steps ?? []).slice(0, RECENT_STEPS).map(fromStep);
  }

  /**
   * Every cluster's summary, page after page, without DescribeCluster: one call per 50 clusters,
   * where `list` makes one more per cluster. Stops at `limit` and says whether more remain.
   */
  async summaries(filter: ClusterFilter, limit: number): Promise<{ clusters: IClusterSummary[]; more: boolean }> {
    const clusters: IClusterSummary[] = [];
    let marker: string | undefined;
    do {
      const page = await this._emr.send(new ListClustersCommand({ Marker: marker, ClusterStates: filter === 'active' ? ACTIVE_STATES : undefined }));
      clusters.push(...(page.Clusters ?? []).map(fromSummary));
      marker = page.Marker || undefined;
    } while (marker && clusters.length < limit);
    return { clusters: clusters.slice(0, limit), more: marker !== undefined || clusters.length > limit };
  }

  /** A listed cluster with what the cache knows, and whether `details` has more to ask AWS. */
  private _fromCache(summary: IClusterSummary, relistAged: boolean): IClusterSummary {
    const facts = this._cache.facts(summary);
    const completed = facts ? withFacts(summary, facts) : summary;
    const known = this._cache.instances(summary);
    const listed = known ? withInstances(completed, known.instances, known.at) : completed;
    if (facts && known && !(known.aged && relistAged)) {
      return listed;
    }
    this._cache.rememberPending({ summary, relistAged });
    return { ...listed, detailsPending: true };
  }

  /** A listed cluster with what the cache knows, asking AWS only for what it does not. */
  private async _complete(summary: IClusterSummary, relistAged: boolean, endpoint: string): Promise<IClusterSummary> {
    let facts = this._cache.facts(summary);
    if (!facts) {
      try {
        const { Cluster: cluster } = await this._emr.send(new DescribeClusterCommand({ ClusterId: summary.id }));
        if (cluster) {
          facts = factsOf(cluster);
          this._cache.rememberFacts(summary.id, facts);
        }
      } catch {
        // Listed without the facts this time; the next refresh asks again.
      }
    }
    const completed = facts ? withFacts(summary, facts) : summary;
    const known = this._cache.instances(summary);
    if (known && !(known.aged && relistAged)) {
      return withInstances(completed, known.instances, known.at);
    }
    const fleets = facts?.fleets ?? this._cache.usesFleets(summary.id);
    if (fleets === undefined) {
      // Without any Describe answer it is not known which of the two List calls applies.
      return completed;
    }
    const { instances, at } = await this._listInstances(summary, fleets, endpoint);
    return withInstances(completed, instances, at);
  }

  /** Lists the cluster's instances now and remembers them with the cluster's state and hours of this moment. */
  private async _listInstances(summary: IClusterSummary, fleets: boolean, endpoint: string): Promise<{ instances: ClusterInstances; at: number }> {
    const at = this._cache.now();
    const instances = await this._instances(summary.id, fleets, endpoint);
    this._cache.rememberInstances(summary, instances, at);
    return { instances, at };
  }

  /** Instances are secondary to the cluster: when they cannot be listed, say why and show the rest. */
  private async _instances(id: string, fleets: boolean, endpoint: string): Promise<ClusterInstances> {
    try {
      if (fleets) {
        const reply = await this._emr.send(new ListInstanceFleetsCommand({ ClusterId: id }));
        return { kind: 'fleets', fleets: (reply.InstanceFleets ?? []).map(fromFleet) };
      }
      const reply = await this._emr.send(new ListInstanceGroupsCommand({ ClusterId: id }));
      return { kind: 'groups', groups: (reply.InstanceGroups ?? []).map(fromGroup) };
    } catch (error) {
      const { code, message } = toStatusError(error, endpoint);
      return { kind: 'unavailable', reason: code === 'NOT_AVAILABLE' ? `Instance ${fleets ? 'fleets' : 'groups'} are not available: ${message}` : message };
    }
  }
}
