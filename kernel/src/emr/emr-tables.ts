import { IClusterDetail, IClusterSummary, IJobRun, IStep, ITablePayload, IVirtualCluster } from '@jupyterlab-emr/common';

type Column<T> = [name: string, type: string, value: (item: T) => unknown];

/** One row per item, one column per declared field; absent values become null (an empty cell). */
function table<T>(columns: Column<T>[], items: T[]): ITablePayload {
  return {
    schema: { fields: columns.map(([name, type]) => ({ name, type })) },
    rows: items.map(item => columns.map(([, , value]) => value(item) ?? null)),
    rowCount: items.length,
    // Only Livy's row limit truncates tables; a listing that stops early says so in its own words.
    truncated: false
  };
}

const CLUSTER_COLUMNS: Column<IClusterSummary>[] = [
  ['id', 'string', c => c.id],
  ['name', 'string', c => c.name],
  ['state', 'string', c => c.state],
  ['created', 'timestamp', c => c.createdAt],
  ['ended', 'timestamp', c => c.endedAt],
  ['normalized_instance_hours', 'integer', c => c.normalizedInstanceHours],
  ['state_reason', 'string', c => c.stateReason]
];

export function clustersTable(clusters: IClusterSummary[]): ITablePayload {
  return table(CLUSTER_COLUMNS, clusters);
}

/** One cluster as field/value rows: it reads down, like the EMR console's summary. */
export function clusterTable(cluster: IClusterSummary): ITablePayload {
  const rows: [string, unknown][] = [
    ['id', cluster.id],
    ['name', cluster.name],
    ['state', cluster.state],
    ['state reason', cluster.stateReason],
    ['release', cluster.releaseLabel],
    ['applications', cluster.applications?.join(', ')],
    ['primary node', cluster.masterAddress],
    ['created', cluster.createdAt],
    ['ended', cluster.endedAt],
    ['normalized instance hours', cluster.normalizedInstanceHours]
  ];
  return table<[string, unknown]>(
    [
      ['field', 'string', ([field]) => field],
      ['value', 'string', ([, value]) => (value === undefined ? undefined : String(value))]
    ],
    rows.filter(([, value]) => value !== undefined && value !== '')
  );
}

/** Instance groups or fleets; undefined when they could not be listed (the reason is said apart). */
export function instancesTable(detail: IClusterDetail): ITablePayload | undefined {
  const { instances } = detail;
  if (instances.kind === 'groups') {
    return table(
      [
        ['role', 'string', g => g.role],
        ['instance_type', 'string', g => g.instanceType],
        ['running', 'integer', g => g.running],
        ['requested', 'integer', g => g.requested],
        ['market', 'string', g => g.market],
        ['state', 'string', g => g.state]
      ],
      instances.groups
    );
  }
  if (instances.kind === 'fleets') {
    return table(
      [
        ['role', 'string', f => f.role],
        ['instance_types', 'string', f => f.instanceTypes.join(', ')],
        ['on_demand', 'string', f => `${f.onDemand.provisioned} / ${f.onDemand.target}`],
        ['spot', 'string', f => `${f.spot.provisioned} / ${f.spot.target}`],
        ['state', 'string', f => f.state]
      ],
      instances.fleets
    );
  }
  return undefined;
}

export function stepsTable(steps: IStep[]): ITablePayload {
  return table(
    [
      ['id', 'string', s => s.id],
      ['name', 'string', s => s.name],
      ['state', 'string', s => s.state],
      ['created', 'timestamp', s => s.createdAt],
      ['ended', 'timestamp', s => s.endedAt]
    ],
    steps
  );
}

export function virtualClustersTable(clusters: IVirtualCluster[]): ITablePayload {
  return table(
    [
      ['id', 'string', c => c.id],
      ['name', 'string', c => c.name],
      ['state', 'string', c => c.state],
      ['eks_cluster', 'string', c => c.eksCluster],
      ['namespace', 'string', c => c.namespace],
      ['created', 'timestamp', c => c.createdAt]
    ],
    clusters
  );
}

export function jobRunsTable(runs: IJobRun[]): ITablePayload {
  return table(
    [
      ['id', 'string', r => r.id],
      ['name', 'string', r => r.name],
      ['state', 'string', r => r.state],
      ['release', 'string', r => r.releaseLabel],
      ['created', 'timestamp', r => r.createdAt],
      ['finished', 'timestamp', r => r.finishedAt]
    ],
    runs
  );
}
