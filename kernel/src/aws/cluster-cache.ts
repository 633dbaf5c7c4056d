import { ClusterInstances, IClusterSummary } from '@jupyterlab-emr/common';

/** What DescribeCluster says of a cluster that stays as it is for the cluster's life. */
export interface IClusterFacts {
  releaseLabel?: string;
  applications: string[];
  /** Groups and fleets are listed by different calls. */
  fleets: boolean;
  /** The primary node's public DNS name: absent until EMR has assigned it, then fixed. */
  masterAddress?: string;
}

interface IListedInstances {
  instances: ClusterInstances;
  /** Epoch ms of the List call that answered. */
  at: number;
  /** The cluster's state and hours when they were asked: a change of either is a reason to ask again. */
  state: string;
  normalizedInstanceHours?: number;
}

/** A row `listClusters` answered before asking AWS for its details, as `clusterDetails` will complete it. */
export interface IPendingRow {
  summary: IClusterSummary;
  /** Its groups are only past their age, and it was among the page's turn to list them again. */
  relistAged: boolean;
}

interface IEntry {
  facts?: IClusterFacts;
  instances?: IListedInstances;
  pending?: IPendingRow;
}

export interface IClusterCacheOptions {
  /**
   * How long instance groups are believed without a change of the cluster's state or hours: EMR's
   * managed scaling and a resize from the console change counts without changing either.
   */
  instancesMaxAgeMs?: number;
  /** Entries kept; the oldest are dropped first (a filter of "all" lists every ended cluster too). */
  capacity?: number;
  now?: () => number;
}

const INSTANCES_MAX_AGE_MS = 120_000;
const CAPACITY = 2_000;
const ENDED = /^TERMINATED/;
// A group or fleet in any other state is changing: its counts are asked again at every refresh.
const STEADY_INSTANCE_STATES = new Set(['RUNNING', 'ENDED', 'TERMINATED']);

function isSteady(instances: ClusterInstances): boolean {
  if (instances.kind === 'groups') {
    return instances.groups.every(g => STEADY_INSTANCE_STATES.has(g.state) && (g.state !== 'RUNNING' || g.running === g.requested));
  }
  if (instances.kind === 'fleets') {
    return instances.fleets.every(f => STEADY_INSTANCE_STATES.has(f.state) && (f.state !== 'RUNNING' || (f.onDemand.provisioned === f.onDemand.target && f.spot.provisioned === f.spot.target)));
  }
  // Not listable (no permission, throttled, not implemented): asked again at the max age, not at
  // every refresh, since asking a throttled API again at once keeps it throttled.
  return true;
}

/** Instances last listed: when, and whether only their age speaks for listing them again. */
export interface IKnownInstances {
  instances: ClusterInstances;
  at: number;
  aged: boolean;
}

/**
 * What the kernel already knows of each EMR cluster, so that a refresh of the panel asks AWS only
 * what may have changed: DescribeCluster once per cluster (again only while its primary DNS is
 * unknown), and its instance groups again when its state or hours moved, a group was changing or
 * the kernel resized it (no longer known), or the answer is past the max age (known, but aged).
 * Answers carry their age (`instancesAsOf`).
 */
export class ClusterCache {
  private readonly _entries = new Map<string, IEntry>();
  private readonly _maxAgeMs: number;
  private readonly _capacity: number;
  readonly now: () => number;

  constructor(options: IClusterCacheOptions = {}) {
    this._maxAgeMs = options.instancesMaxAgeMs ?? INSTANCES_MAX_AGE_MS;
    this._capacity = options.capacity ?? CAPACITY;
    this.now = options.now ?? Date.now;
  }

  /** The facts, unless DescribeCluster is still worth asking: never asked, or no DNS yet on a live cluster. */
  facts(summary: IClusterSummary): IClusterFacts | undefined {
    const facts = this._entries.get(summary.id)?.facts;
    return facts && (facts.masterAddress || ENDED.test(summary.state)) ? facts : undefined;
  }

  rememberFacts(id: string, facts: IClusterFacts): void {
    this._entry(id).facts = facts;
  }

  /** How the cluster was built (groups or fleets), from any DescribeCluster so far. */
  usesFleets(id: string): boolean | undefined {
    return this._entries.get(id)?.facts?.fleets;
  }

  /** The instances last listed and when, while nothing says they changed. */
  instances(summary: IClusterSummary): IKnownInstances | undefined {
    const known = this._entries.get(summary.id)?.instances;
    if (!known || known.state !== summary.state || known.normalizedInstanceHours !== summary.normalizedInstanceHours || !isSteady(known.instances)) {
      return undefined;
    }
    // An ended cluster's groups are final.
    const aged = !ENDED.test(summary.state) && this.now() - known.at >= this._maxAgeMs;
    return { instances: known.instances, at: known.at, aged };
  }

  rememberInstances(summary: IClusterSummary, instances: ClusterInstances, at: number): void {
    this._entry(summary.id).instances = { instances, at, state: summary.state, normalizedInstanceHours: summary.normalizedInstanceHours };
  }

  /** Kept until its details are asked, or the next list of the cluster replaces it. */
  rememberPending(row: IPendingRow): void {
    this._entry(row.summary.id).pending = row;
  }

  /** The row's pending details, once: a second ask for the same row finds what the first remembered. */
  takePending(id: string): IPendingRow | undefined {
    const entry = this._entries.get(id);
    const pending = entry?.pending;
    if (entry) {
      entry.pending = undefined;
    }
    return pending;
  }

  /** The kernel changed the cluster's capacity: its next listing asks again. */
  forgetInstances(id: string): void {
    const entry = this._entries.get(id);
    if (entry) {
      entry.instances = undefined;
    }
  }

  private _entry(id: string): IEntry {
    let entry = this._entries.get(id);
    if (entry) {
      // Most recently used last, so the oldest is first to go.
      this._entries.delete(id);
    } else {
      entry = {};
    }
    this._entries.set(id, entry);
    while (this._entries.size > this._capacity) {
      this._entries.delete(this._entries.keys().next().value as string);
    }
    return entry;
  }
}
