import { ClusterMetrics, idleSince, LOAD_METRICS } from '../../../../kernel/src/aws/cloudwatch-metrics';
import { fakeSdkClient } from '../../../helpers/fake-sdk-client';

const NOW = Date.parse('2026-01-15T12:00:00Z');
// The window ends on the whole minute before now.
const CLOCK = NOW + 42_123;
const MIN = 60_000;
const PERIOD = 5 * MIN;

describe('idleSince', () => {
  it('is the start of the idle run that reaches the latest point', () => {
    const points: [number, number][] = [0, 1, 0, 1, 1, 1].map((v, i) => [i * PERIOD, v]);
    expect(idleSince(points, PERIOD)).toBe(3 * PERIOD);
  });

  it('is undefined when the latest point is busy, or there are no points', () => {
    expect(
      idleSince(
        [
          [0, 1],
          [PERIOD, 0]
        ],
        PERIOD
      )
    ).toBeUndefined();
    expect(idleSince([], PERIOD)).toBeUndefined();
  });

  it('stops at a missing period: nobody knows whether the cluster was idle then', () => {
    expect(
      idleSince(
        [
          [0, 1],
          [PERIOD, 1],
          [4 * PERIOD, 1],
          [5 * PERIOD, 1]
        ],
        PERIOD
      )
    ).toBe(4 * PERIOD);
  });
});

describe('ClusterMetrics.load', () => {
  it('asks for every EMR metric of the cluster over the last 3 hours, follows pages and sorts points', async () => {
    const cloudwatch = fakeSdkClient({
      GetMetricDataCommand: input =>
        input.NextToken === undefined
          ? {
              MetricDataResults: [
                { Id: 'm0', Timestamps: [new Date(NOW - 5 * MIN)], Values: [40] },
                { Id: 'm3', Timestamps: [new Date(NOW - 40 * MIN), new Date(NOW - 35 * MIN)], Values: [1, 1] }
              ],
              NextToken: 'page-2'
            }
          : {
              MetricDataResults: [
                { Id: 'm0', Timestamps: [new Date(NOW - 10 * MIN)], Values: [55] },
                { Id: 'm3', Timestamps: [new Date(NOW - 30 * MIN)], Values: [1] }
              ]
            }
    });
    const load = await new ClusterMetrics(cloudwatch, () => CLOCK).load('j-ONE');

    expect(cloudwatch.calls).toHaveLength(2);
    const first = cloudwatch.calls[0].input as {
      StartTime: Date;
      EndTime: Date;
      MetricDataQueries: { Id: string; MetricStat: { Metric: { MetricName: string; Dimensions: unknown[] }; Period: number } }[];
    };
    expect(first.EndTime.getTime() - first.StartTime.getTime()).toBe(3 * 60 * MIN);
    expect(first.MetricDataQueries.map(q => q.MetricStat.Metric.MetricName)).toEqual(LOAD_METRICS.map(m => m.metric));
    expect(first.MetricDataQueries[0].MetricStat.Metric.Dimensions).toEqual([{ Name: 'JobFlowId', Value: 'j-ONE' }]);
    expect(first.MetricDataQueries[0].MetricStat.Period).toBe(300);
    expect(cloudwatch.calls[1].input.NextToken).toBe('page-2');

    expect(load.series[0]).toMatchObject({
      metric: 'YARNMemoryAvailablePercentage',
      unit: 'percent',
      points: [
        [NOW - 10 * MIN, 55],
        [NOW - 5 * MIN, 40]
      ]
    });
    expect(load.series.find(s => s.metric === 'TaskNodesRunning')?.points).toEqual([]);
    expect(load.idleSince).toBe(new Date(NOW - 40 * MIN).toISOString());
    expect(load).toMatchObject({ clusterId: 'j-ONE', to: new Date(NOW).toISOString(), periodSeconds: 300 });
  });
});
