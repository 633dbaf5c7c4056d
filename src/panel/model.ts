import {
  ClusterFilter,
  IClusterDetail,
  IClusterLoad,
  IClusterSummary,
  IConnectResult,
  ILivySession,
  IResizeResult,
  IServerlessApplication,
  IServerlessConnectResult,
  IStatusError,
  IVirtualCluster
} from '@jupyterlab-emr/common';
import { IDisposable } from '@lumino/disposable';
import { Poll } from '@lumino/polling';
import { ISignal, Signal } from '@lumino/signaling';

import { IStatusChannel, StatusRequestError } from '../connection/comm-channel';
import type { IPanelSettings } from '../settings/settings';
import { isSettled } from './instance-state';

/** One part of the panel: what it shows while loading, when loaded, and when it failed. */
export interface ISection<T> {
  loading: boolean;
  data: T | null;
  error: IStatusError | null;
}

export interface IEc2Data {
  clusters: IClusterSummary[];
  marker?: string;
  /** Why the rows still `detailsPending` stopped filling in, until the next refresh tries again. */
  detailsError?: IStatusError;
}

export interface ILivyData {
  url: string;
  sessions: ILivySession[];
}

/** A finished "Connect active notebook", with the notebook it was for. */
export interface IConnectOutcome extends IConnectResult {
  notebook: string;
}

/** The last "Connect active notebook": on which cluster, and how it went. */
export interface IConnectState {
  clusterId: string;
  outcome: ISection<IConnectOutcome>;
}

/** The last Connect on an EMR Serverless application: which one, and how it went (with the notebook it was for). */
export interface IServerlessConnectState {
  applicationId: string;
  outcome: ISection<IServerlessConnectResult & { notebook: string }>;
}

/** The last resize asked on a cluster, followed until the group or fleet has what was asked. */
export interface IResizeState {
  /** The group or fleet, by id and by the name the user saw. */
  targetId: string;
  name: string;
  outcome: ISection<IResizeResult>;
  settled: boolean;
  /** Followed for FOLLOW_LIMIT looks without settling. */
  gaveUp: boolean;
}

export interface IClusterPanelModelOptions {
  /** Resolves to a channel to the kernel the panel follows (or rejects with KERNEL_UNAVAILABLE). */
  channel: () => Promise<IStatusChannel>;
  /** The active notebook's own kernel, for actions on that notebook; throws when it is not emr-livy. */
  notebookChannel: () => { channel: IStatusChannel; notebook: string };
  settings: () => IPanelSettings;
  /** Whether the panel is on screen; hidden, the poll stands by. */
  isVisible: () => boolean;
}

// After a failure the next refresh waits up to this many intervals.
const MAX_BACKOFF_INTERVALS = 10;
// A resize is followed by describing the cluster this often, this many times (EMR takes minutes).
const FOLLOW_MS = 5_000;
const FOLLOW_LIMIT = 120;
// Rows whose details are asked per request: a batch fills in a few rows at once while the kernel
// keeps its own bound on calls in flight (one batch at a time from here keeps that bound whole).
const DETAILS_BATCH = 8;
// Only these clusters report metrics worth charting.
const LOADED_STATES = new Set(['RUNNING', 'WAITING']);

function section<T>(): ISection<T> {
  return { loading: true, data: null, error: null };
}

function asStatusError(error: unknown): IStatusError {
  if (error instanceof StatusRequestError) {
    return error.status;
  }
  return { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
}

/**
 * The panel's state and its refresh: a Poll on the settings' interval that backs off while EMR
 * fails and stands by while the panel is hidden. Views read the sections and listen to `changed`.
 */
export class ClusterPanelModel implements IDisposable {
  ec2: ISection<IEc2Data> = section();
  eks: ISection<IVirtualCluster[]> = section();
  livy: ISection<ILivyData> = section();
  serverless: ISection<IServerlessApplication[]> = section();
  serverlessConnection: IServerlessConnectState | null = null;
  /** Clusters the user expanded, with their instance groups and steps. */
  readonly details = new Map<string, ISection<IClusterDetail>>();
  connection: IConnectState | null = null;
  /** Expanded running clusters' CloudWatch load. */
  readonly loads = new Map<string, ISection<IClusterLoad>>();
  /** Per cluster, its last resize. */
  readonly resizes = new Map<string, IResizeState>();

  private readonly _changed = new Signal<this, void>(this);
  private readonly _poll: Poll;
  private _disposed = false;
  private _filter: ClusterFilter;
  private _refreshedAt: number | undefined;
  private _filling: Promise<void> | undefined;

  constructor(private readonly _options: IClusterPanelModelOptions) {
    this._filter = _options.settings().clusterFilter;
    this._poll = new Poll({
      auto: false,
      factory: () => this._refreshAll(),
      frequency: this._frequency(),
      standby: () => !_options.isVisible() || 'when-hidden',
      name: 'jupyterlab-emr:cluster-panel'
    });
  }

  get changed(): ISignal<this, void> {
    return this._changed;
  }

  get filter(): ClusterFilter {
    return this._filter;
  }

  /** How long IsIdle must hold before an expanded cluster says it is idle (the "idleNoticeMinutes" setting). */
  get idleNoticeMinutes(): number {
    return this._options.settings().idleNoticeMinutes;
  }

  get isDisposed(): boolean {
    return this._disposed;
  }

  /** Starts the timer; the first refresh runs at once. */
  start(): Promise<void> {
    return this._poll.start();
  }

  /** Refreshes now (the toolbar button, a notebook switch); the timer restarts from here. */
  refresh(): Promise<void> {
    return this._poll.refresh();
  }

  /**
   * The panel came on screen. While hidden the poll stands by (it calls nobody but keeps its
   * timer), so without this the first data would wait for the timer's next tick: up to a whole
   * interval (27 s of a 30 s interval were measured). Data older than an interval is refreshed now.
   */
  shown(): void {
    const interval = Math.max(5, this._options.settings().refreshIntervalSeconds) * 1000;
    if (this._refreshedAt === undefined || Date.now() - this._refreshedAt >= interval) {
      void this.refresh();
    }
  }

  /** The settings changed: new interval and filter from now on. */
  configure(): void {
    this._poll.frequency = this._frequency();
    this.setFilter(this._options.settings().clusterFilter);
  }

  setFilter(filter: ClusterFilter): void {
    if (filter !== this._filter) {
      this._filter = filter;
      this.ec2 = section();
      this.eks = section();
      this._emit();
      void this.refresh();
    }
  }

  /** Appends the next ListClusters page. */
  async loadMore(): Promise<void> {
    const marker = this.ec2.data?.marker;
    if (!marker) {
      return;
    }
    const channel = await this._options.channel();
    const page = await channel.request('listClusters', { filter: this._filter, marker }, this._aws());
    if (this.ec2.data?.marker === marker) {
      this.ec2 = { loading: false, error: null, data: { clusters: [...this.ec2.data.clusters, ...page.clusters], marker: page.marker } };
      this._emit();
      await this._fillDetails(channel);
    }
  }

  isExpanded(id: string): boolean {
    return this.details.has(id);
  }

  toggle(id: string): void {
    if (this.details.delete(id)) {
      this.loads.delete(id);
      this._emit();
      return;
    }
    this.details.set(id, section());
    this._emit();
    void this._loadDetail(id);
  }

  /** Sets a group's instance count (the user confirmed, twice for a shrinking core group), then follows it. */
  resizeGroup(clusterId: string, groupId: string, count: number, shrinkCore: boolean): Promise<void> {
    return this._resize(clusterId, groupId, channel => channel.request('resizeInstanceGroup', { clusterId, groupId, count, shrinkCore }, this._aws()));
  }

  /** Sets a task fleet's target capacities, then follows it. */
  resizeFleet(clusterId: string, fleetId: string, onDemand: number, spot: number): Promise<void> {
    return this._resize(clusterId, fleetId, channel => channel.request('resizeInstanceFleet', { clusterId, fleetId, onDemand, spot }, this._aws()));
  }

  /**
   * Points the active notebook's kernel at a cluster's Livy. Goes to that notebook's kernel even
   * when the panel follows another one; the Livy section refreshes to the new endpoint after.
   */
  async connectNotebook(clusterId: string): Promise<void> {
    this.connection = { clusterId, outcome: section() };
    this._emit();
    let outcome: ISection<IConnectOutcome>;
    try {
      const { channel, notebook } = this._options.notebookChannel();
      const result = await channel.request('connectCluster', { clusterId }, this._aws());
      outcome = { loading: false, error: null, data: { ...result, notebook } };
    } catch (error) {
      outcome = { loading: false, data: null, error: asStatusError(error) };
    }
    if (this.connection?.clusterId === clusterId) {
      this.connection = { clusterId, outcome };
      this._emit();
    }
    if (outcome.data && !this._disposed) {
      await this.refresh();
    }
  }

  /**
   * Points the active notebook's kernel at an EMR Serverless application's Livy endpoint, which the
   * kernel starts first if it is stopped (minutes on AWS); the Livy section refreshes after.
   */
  async connectServerless(applicationId: string): Promise<void> {
    this.serverlessConnection = { applicationId, outcome: section() };
    this._emit();
    let outcome: IServerlessConnectState['outcome'];
    try {
      const { channel, notebook } = this._options.notebookChannel();
      const result = await channel.request('connectServerlessApplication', { applicationId }, this._aws());
      outcome = { loading: false, error: null, data: { ...result, notebook } };
    } catch (error) {
      outcome = { loading: false, data: null, error: asStatusError(error) };
    }
    if (this.serverlessConnection?.applicationId === applicationId) {
      this.serverlessConnection = { applicationId, outcome };
      this._emit();
    }
    if (outcome.data && !this._disposed) {
      await this.refresh();
    }
  }

  /** Stops a Livy session; the caller has asked the user first. */
  async stopSession(id: number): Promise<void> {
    const channel = await this._options.channel();
    await channel.request('stopLivySession', { id }, this._aws());
    await this.refresh();
  }

  dispose(): void {
    if (this._disposed) {
      return;
    }
    this._disposed = true;
    this._poll.dispose();
    Signal.clearData(this);
  }

  private _frequency() {
    const interval = Math.max(5, this._options.settings().refreshIntervalSeconds) * 1000;
    return { interval, backoff: true, max: interval * MAX_BACKOFF_INTERVALS };
  }

  private _aws() {
    const { region, profile } = this._options.settings();
    return { region, profile };
  }

  /** Rejects when EMR on EC2 fails, so the Poll backs off; Livy being away is normal and does not. */
  private async _refreshAll(): Promise<void> {
    let channel: IStatusChannel;
    try {
      channel = await this._options.channel();
    } catch (error) {
      const failed = { loading: false, data: null, error: asStatusError(error) };
      this.ec2 = { ...failed };
      this.eks = { ...failed };
      this.livy = { ...failed };
      this.serverless = { ...failed };
      this._emit();
      throw error;
    }
    this._refreshedAt = Date.now();
    const aws = this._aws();
    const filter = this._filter;
    // Each section is drawn as soon as its own answer comes: a slow one (Livy, EKS) holds up no other.
    const current = (): boolean => filter === this._filter && !this._disposed;
    const show = (sections: Partial<Pick<ClusterPanelModel, 'ec2' | 'eks' | 'livy' | 'serverless'>>): void => {
      if (current()) {
        Object.assign(this, sections);
        this._emit();
      }
    };
    const [ec2] = await Promise.allSettled([
      channel.request('listClusters', { filter }, aws).then(
        data => {
          show({ ec2: { loading: false, error: null, data } });
          return current() ? this._fillDetails(channel) : undefined;
        },
        error => {
          show({ ec2: { loading: false, data: this.ec2.data, error: asStatusError(error) } });
          throw error;
        }
      ),
      channel.request('listVirtualClusters', { filter }, aws).then(
        data => show({ eks: { loading: false, error: null, data: data.virtualClusters } }),
        error => show({ eks: { loading: false, data: null, error: asStatusError(error) } })
      ),
      channel.request('listLivySessions', {}, aws).then(
        data => show({ livy: { loading: false, error: null, data } }),
        error => show({ livy: { loading: false, data: null, error: asStatusError(error) } })
      ),
      channel.request('listServerlessApplications', {}, aws).then(
        data => show({ serverless: { loading: false, error: null, data: data.applications } }),
        error => show({ serverless: { loading: false, data: null, error: asStatusError(error) } })
      )
    ]);
    if (!current()) {
      return;
    }
    await Promise.all([...this.details.keys()].map(id => this._loadDetail(id)));
    if (ec2.status === 'rejected') {
      throw ec2.reason;
    }
  }

  /**
   * The second step of a refresh: the rows drawn from ListClusters alone get their DescribeCluster
   * facts and instances from `clusterDetails`, a batch at a time, each batch drawn as it comes. A
   * request per batch rather than updates the kernel pushes: every message on the status comm is a
   * reply to a request, matched by requestId and timed out by StatusChannel, and the rows asked are
   * the rows shown (a "Load more" page joins the same loop). One loop at a time; it reads the rows
   * still pending after each batch, so a refresh or a page arriving meanwhile is picked up.
   */
  private _fillDetails(channel: IStatusChannel): Promise<void> {
    this._filling ??= this._fillLoop(channel).finally(() => (this._filling = undefined));
    return this._filling;
  }

  private async _fillLoop(channel: IStatusChannel): Promise<void> {
    for (;;) {
      const ids = (this.ec2.data?.detailsError ? [] : (this.ec2.data?.clusters ?? []))
        .filter(c => c.detailsPending)
        .slice(0, DETAILS_BATCH)
        .map(c => c.id);
      if (ids.length === 0 || this._disposed) {
        return;
      }
      let filled: Map<string, IClusterSummary>;
      try {
        const { clusters } = await channel.request('clusterDetails', { ids }, this._aws());
        filled = new Map(clusters.map(c => [c.id, c]));
      } catch (error) {
        if (this.ec2.data) {
          this.ec2 = { ...this.ec2, data: { ...this.ec2.data, detailsError: asStatusError(error) } };
          this._emit();
        }
        return;
      }
      const data = this.ec2.data;
      if (!data) {
        return;
      }
      // A row the kernel left out (it did not list it: another kernel since) stays as listed.
      const asked = new Set(ids);
      const clusters = data.clusters.map(c => (asked.has(c.id) && c.detailsPending ? (filled.get(c.id) ?? { ...c, detailsPending: undefined }) : c));
      this.ec2 = { ...this.ec2, data: { ...data, clusters } };
      this._emit();
    }
  }

  private _nameOf(clusterId: string, targetId: string): string {
    const instances = this.details.get(clusterId)?.data?.instances;
    const found = instances?.kind === 'groups' ? instances.groups.find(g => g.id === targetId) : instances?.kind === 'fleets' ? instances.fleets.find(f => f.id === targetId) : undefined;
    return found?.name ?? targetId;
  }

  private async _resize(clusterId: string, targetId: string, ask: (channel: IStatusChannel) => Promise<IResizeResult>): Promise<void> {
    const state: IResizeState = { targetId, name: this._nameOf(clusterId, targetId), outcome: section(), settled: false, gaveUp: false };
    this.resizes.set(clusterId, state);
    this._emit();
    try {
      state.outcome = { loading: false, error: null, data: await ask(await this._options.channel()) };
    } catch (error) {
      state.outcome = { loading: false, data: null, error: asStatusError(error) };
      this._emit();
      return;
    }
    this._emit();
    // Follows until the group has what was asked; a newer resize of the cluster takes over.
    for (let look = 0; look < FOLLOW_LIMIT && !this._disposed && this.resizes.get(clusterId) === state; look++) {
      const detail = await this._loadDetail(clusterId, { withLoad: false });
      if (detail && isSettled(detail, targetId)) {
        state.settled = true;
        this._emit();
        return;
      }
      await new Promise(resolve => setTimeout(resolve, FOLLOW_MS));
    }
    state.gaveUp = !state.settled;
    this._emit();
  }

  private async _loadLoad(id: string): Promise<void> {
    const cluster = this.ec2.data?.clusters.find(c => c.id === id);
    if (!cluster || !LOADED_STATES.has(cluster.state)) {
      this.loads.delete(id);
      return;
    }
    if (!this.loads.has(id)) {
      this.loads.set(id, section());
    }
    await this._loadClusterPart(this.loads, id, channel => channel.request('clusterLoad', { clusterId: id }, this._aws()));
  }

  /** Describes a cluster (and charts its load, unless only its instances are wanted); shown while the cluster is expanded. */
  private _loadDetail(id: string, { withLoad } = { withLoad: true }): Promise<IClusterDetail | undefined> {
    if (withLoad) {
      void this._loadLoad(id);
    }
    return this._loadClusterPart(this.details, id, channel => channel.request('describeCluster', { id }, this._aws()));
  }

  /** One part of an expanded cluster, kept while it stays expanded; a failure keeps the last data beside the error. */
  private async _loadClusterPart<T>(parts: Map<string, ISection<T>>, id: string, ask: (channel: IStatusChannel) => Promise<T>): Promise<T | undefined> {
    let data: T | undefined;
    try {
      data = await ask(await this._options.channel());
      if (this.details.has(id)) {
        parts.set(id, { loading: false, error: null, data });
      }
    } catch (error) {
      if (this.details.has(id)) {
        parts.set(id, { loading: false, data: parts.get(id)?.data ?? null, error: asStatusError(error) });
      }
    }
    this._emit();
    return data;
  }

  private _emit(): void {
    if (!this._disposed) {
      this._changed.emit();
    }
  }
}
