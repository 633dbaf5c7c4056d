import { CloudWatchClient, GetMetricDataCommand, MetricDataQuery, MetricDataResult } from '@aws-sdk/client-cloudwatch';
import { IClusterLoad, IMetricSeries } from '@jupyterlab-emr/common';

type CloudWatchSend = Pick<CloudWatchClient, 'send'>;

const NAMESPACE = 'AWS/ElasticMapReduce';
// What the panel's charts span, and one point per EMR's own 5-minute reporting interval.
export const LOAD_WINDOW_MS = 3 * 60 * 60 * 1000;
export const LOAD_PERIOD_SECONDS = 300;

/** The metrics drawn, in the panel's order: memory headroom and queueing first, nodes last. */
export const LOAD_METRICS: readonly Omit<IMetricSeries, 'points'>[] = [
  { metric: 'YARNMemoryAvailablePercentage', label: 'YARN memory free', unit: 'percent' },
  { metric: 'ContainerPending', label: 'Containers pending', unit: 'count' },
  { metric: 'AppsRunning', label: 'Apps running', unit: 'count' },
  { metric: 'IsIdle', label: 'Idle', unit: 'count' },
  { metric: 'HDFSUtilization', label: 'HDFS used', unit: 'percent' },
  { metric: 'CoreNodesRunning', label: 'Core nodes running', unit: 'count' },
  { metric: 'TaskNodesRunning', label: 'Task nodes running', unit: 'count' }
];

function query(clusterId: string, metric: string, index: number): MetricDataQuery {
  return {
    // GetMetricData ids must start with a lower-case letter.
    Id: `m${index}`,
    MetricStat: {
      Metric: { Namespace: NAMESPACE, MetricName: metric, Dimensions: [{ Name: 'JobFlowId', Value: clusterId }] },
      Period: LOAD_PERIOD_SECONDS,
      Stat: 'Average'
    },
    ReturnData: true
  };
}

/** A result's timestamps and values as [ms, value] pairs, oldest first whatever order CloudWatch used. */
function pointsOf(results: MetricDataResult[]): [number, number][] {
  const points: [number, number][] = [];
  for (const result of results) {
    const values = result.Values ?? [];
    (result.Timestamps ?? []).forEach((time, i) => {
      if (values[i] !== undefined) {
        points.push([time.getTime(), values[i]]);
      }
    });
  }
  return points.sort((a, b) => a[0] - b[0]);
}

/**
 * The start of the unbroken run of idle points (value 1) that reaches the latest point, or
 * undefined when the latest point is not idle. A missing period breaks the run: EMR reports IsIdle
 * every five minutes, so a gap means nobody knows.
 */
export function idleSince(points: [number, number][], periodMs: number): number | undefined {
  let start: number | undefined;
  for (let i = points.length - 1; i >= 0; i--) {
    const [time, value] = points[i];
    const next = points[i + 1];
    if (value < 1 || (next !== undefined && next[0] - time > periodMs)) {
      break;
    }
    start = time;
  }
  return start;
}

/** A cluster's recent EMR metrics, one GetMetricData call (and its pages) for all of them. */
export class ClusterMetrics {
  constructor(
    private readonly _cloudwatch: CloudWatchSend,
    private readonly _now: () => number = Date.now
  ) {}

  async load(clusterId: string): Promise<IClusterLoad> {
    // Whole minutes: CloudWatch aligns its periods to the start time, and the charts' edges then match them.
    const to = new Date(Math.floor(this._now() / 60_000) * 60_000);
    const from = new Date(to.getTime() - LOAD_WINDOW_MS);
    const queries = LOAD_METRICS.map((m, i) => query(clusterId, m.metric, i));
    const byId = new Map<string, MetricDataResult[]>();
    let nextToken: string | undefined;
    do {
      const page = await this._cloudwatch.send(new GetMetricDataCommand({ MetricDataQueries: queries, StartTime: from, EndTime: to, ScanBy: 'TimestampAscending', NextToken: nextToken }));
      for (const result of page.MetricDataResults ?? []) {
        byId.set(result.Id ?? '', [...(byId.get(result.Id ?? '') ?? []), result]);
      }
      nextToken = page.NextToken || undefined;
    } while (nextToken);
    const series = LOAD_METRICS.map((m, i) => ({ ...m, points: pointsOf(byId.get(`m${i}`) ?? []) }));
    const idle = idleSince(series.find(s => s.metric === 'IsIdle')?.points ?? [], LOAD_PERIOD_SECONDS * 1000);
    return {
      clusterId,
      from: from.toISOString(),
      to: to.toISOString(),
      periodSeconds: LOAD_PERIOD_SECONDS,
      series,
      idleSince: idle !== undefined ? new Date(idle).toISOString() : undefined
    };
  }
}
