import { IClusterSummary } from '@jupyterlab-emr/common';

import { instanceCountsText, instanceCountsView } from '../../../../src/panel/instance-counts';

const now = Date.parse('2026-12-07T10:00:00Z');

const cluster = (extra: Partial<IClusterSummary>): IClusterSummary => ({ id: 'j-1', name: 'etl', state: 'WAITING', ...extra });

const groups: IClusterSummary['instances'] = {
  kind: 'groups',
  groups: [
    { id: 'ig-t', role: 'TASK', instanceType: 'r5.xlarge', running: 3, requested: 5, market: 'SPOT', state: 'RESIZING' },
    { id: 'ig-m', role: 'MASTER', instanceType: 'm5.xlarge', running: 1, requested: 1, market: 'ON_DEMAND', state: 'RUNNING' },
    { id: 'ig-c', role: 'CORE', instanceType: 'r5.xlarge', running: 2, requested: 2, market: 'ON_DEMAND', state: 'RUNNING' }
  ]
};

describe("a cluster row's node counts", () => {
  it('lists running / requested per role, primary first, spot marked', () => {
    expect(instanceCountsText(cluster({ instances: groups }))).toBe('Primary 1/1 · Core 2/2 · Task 3/5 spot');
  });

  it("adds a fleet's on-demand and spot capacity", () => {
    const fleets: IClusterSummary['instances'] = {
      kind: 'fleets',
      fleets: [{ id: 'if-1', role: 'TASK', state: 'RUNNING', instanceTypes: ['r5.xlarge'], onDemand: { provisioned: 1, target: 2 }, spot: { provisioned: 4, target: 4 } }]
    };
    expect(instanceCountsText(cluster({ instances: fleets }))).toBe('Task 5/6');
  });

  it('shows nothing for a cluster the kernel could not describe, and says so when the groups could not be listed', () => {
    expect(instanceCountsView(cluster({}), now)).toBeNull();
    const line = instanceCountsView(cluster({ instances: { kind: 'unavailable', reason: 'AccessDenied: ListInstanceGroups' } }), now)!;
    expect(line.textContent).toBe('Instances not available');
    expect(line.title).toContain('AccessDenied: ListInstanceGroups');
  });

  it('says how old the counts are once they were listed a minute or more before now', () => {
    const fresh = instanceCountsView(cluster({ instances: groups, instancesAsOf: new Date(now - 30_000).toISOString() }), now)!;
    expect(fresh.textContent).toBe('Primary 1/1 · Core 2/2 · Task 3/5 spot');
    expect(fresh.classList.contains('jp-mod-aged')).toBe(false);
    const aged = instanceCountsView(cluster({ instances: groups, instancesAsOf: new Date(now - 150_000).toISOString() }), now)!;
    expect(aged.textContent).toBe('Primary 1/1 · Core 2/2 · Task 3/5 spot · as of 2m ago');
    expect(aged.classList.contains('jp-mod-aged')).toBe(true);
    expect(aged.title).toMatch(/listed at /);
  });

  it('marks where the counts will be while the row waits for its details, quietly, or says why they stopped coming', () => {
    const waiting = instanceCountsView(cluster({ detailsPending: true }), now)!;
    expect(waiting.textContent).toBe('Nodes …');
    expect(waiting.classList).toContain('jp-mod-pending');
    const failed = instanceCountsView(cluster({ detailsPending: true }), now, { code: 'AWS_THROTTLED', message: 'Rate exceeded' })!;
    expect(failed.textContent).toBe('Nodes not listed yet');
    expect(failed.title).toContain('Rate exceeded');
    // A row that waits for a relisting keeps its counts meanwhile.
    expect(instanceCountsView(cluster({ detailsPending: true, instances: groups }), now)?.textContent).toBe('Primary 1/1 · Core 2/2 · Task 3/5 spot');
    expect(instanceCountsView(cluster({}), now)).toBeNull();
  });
});
