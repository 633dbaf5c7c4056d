import { ClusterCache } from '../../../../kernel/src/aws/cluster-cache';
import { Ec2Clusters } from '../../../../kernel/src/aws/emr-ec2';
import { fakeSdkClient, sdkError } from '../../../helpers/fake-sdk-client';

const ENDPOINT = 'https://elasticmapreduce.us-east-1.amazonaws.com';
const MAX_AGE_MS = 60_000;

interface IFakeCluster {
  state: string;
  hours: number;
  dns?: string;
  groupState: string;
  running: number;
  requested: number;
}

/** An EMR account whose clusters the test changes between refreshes, counting each call by name and cluster. */
function account(ids: string[]) {
  const clusters = new Map<string, IFakeCluster>(ids.map(id => [id, { state: 'WAITING', hours: 8, dns: `${id}.compute.internal`, groupState: 'RUNNING', running: 2, requested: 2 }]));
  const emr = fakeSdkClient({
    ListClustersCommand: () => ({
      Clusters: [...clusters].map(([id, c]) => ({ Id: id, Name: id, NormalizedInstanceHours: c.hours, Status: { State: c.state } }))
    }),
    DescribeClusterCommand: input => {
      const c = clusters.get(input.ClusterId as string)!;
      return {
        Cluster: {
          Id: input.ClusterId,
          Name: input.ClusterId,
          ReleaseLabel: 'emr-7.9.0',
          Applications: [{ Name: 'Spark' }],
          MasterPublicDnsName: c.dns,
          NormalizedInstanceHours: c.hours,
          Status: { State: c.state }
        }
      };
    },
    ListInstanceGroupsCommand: input => {
      const c = clusters.get(input.ClusterId as string)!;
      return {
        InstanceGroups: [
          {
            Id: 'ig-core',
            InstanceGroupType: 'CORE',
            InstanceType: 'r5.xlarge',
            Market: 'ON_DEMAND',
            RunningInstanceCount: c.running,
            RequestedInstanceCount: c.requested,
            Status: { State: c.groupState }
          }
        ]
      };
    },
    ListStepsCommand: () => ({ Steps: [] })
  });
  let now = Date.parse('2026-12-07T10:00:00Z');
  const ec2 = new Ec2Clusters(emr, new ClusterCache({ instancesMaxAgeMs: MAX_AGE_MS, now: () => now }));
  const asked = (command: string) => emr.calls.filter(call => call.command === command).map(call => call.input.ClusterId);
  // Both steps of the panel's refresh: the rows, then the details of the rows the list left pending.
  const refresh = async () => {
    emr.calls.length = 0;
    const rows = (await ec2.list('active', undefined)).clusters;
    const pending = rows.filter(c => c.detailsPending).map(c => c.id);
    const completed = new Map((await ec2.details(pending, ENDPOINT)).map(c => [c.id, c]));
    return rows.map(row => completed.get(row.id) ?? row);
  };
  return { clusters, emr, ec2, asked, refresh, advance: (ms: number) => (now += ms) };
}

describe('Ec2Clusters with a cluster cache', () => {
  it('answers the rows from ListClusters alone, before any DescribeCluster or ListInstanceGroups, and completes them after', async () => {
    const { emr, ec2, asked } = account(['j-1', 'j-2']);
    const rows = (await ec2.list('active', undefined)).clusters;
    expect(emr.calls.map(call => call.command)).toEqual(['ListClustersCommand']);
    expect(rows).toEqual([
      { id: 'j-1', name: 'j-1', state: 'WAITING', normalizedInstanceHours: 8, detailsPending: true },
      { id: 'j-2', name: 'j-2', state: 'WAITING', normalizedInstanceHours: 8, detailsPending: true }
    ]);

    const [completed] = await ec2.details(['j-2'], ENDPOINT);
    expect(asked('DescribeClusterCommand')).toEqual(['j-2']);
    expect(asked('ListInstanceGroupsCommand')).toEqual(['j-2']);
    expect(completed).toMatchObject({ id: 'j-2', releaseLabel: 'emr-7.9.0', instances: { kind: 'groups', groups: [{ role: 'CORE', running: 2 }] } });
    expect(completed.detailsPending).toBeUndefined();

    // Asked twice (a second panel, a retry), a row is completed once; one never listed is left out.
    emr.calls.length = 0;
    expect(await ec2.details(['j-2', 'j-9'], ENDPOINT)).toEqual([]);
    expect(emr.calls).toEqual([]);
  });

  it('keeps the aged counts on a row whose turn it is to be listed again, while its new ones are asked', async () => {
    const { ec2, advance, refresh } = account(['j-1']);
    await refresh();
    advance(MAX_AGE_MS);
    const [row] = (await ec2.list('active', undefined)).clusters;
    expect(row).toMatchObject({ detailsPending: true, releaseLabel: 'emr-7.9.0', instances: { kind: 'groups' }, instancesAsOf: '2026-12-07T10:00:00.000Z' });
  });

  it('describes each cluster and lists its groups on the first refresh, and asks neither again on the next', async () => {
    const { asked, refresh, advance } = account(['j-1', 'j-2']);
    const first = await refresh();
    expect(asked('DescribeClusterCommand')).toEqual(['j-1', 'j-2']);
    expect(asked('ListInstanceGroupsCommand')).toEqual(['j-1', 'j-2']);
    expect(first[0]).toMatchObject({ releaseLabel: 'emr-7.9.0', masterAddress: 'j-1.compute.internal', instances: { kind: 'groups', groups: [{ role: 'CORE', running: 2 }] } });

    advance(5_000);
    const second = await refresh();
    expect(asked('DescribeClusterCommand')).toEqual([]);
    expect(asked('ListInstanceGroupsCommand')).toEqual([]);
    // The same facts and groups, and the time they were listed, not the time of this refresh.
    expect(second).toEqual(first);
    expect(second[0].instancesAsOf).toBe('2026-12-07T10:00:00.000Z');
  });

  it("lists a cluster's groups again when its state changed, without describing it again", async () => {
    const { clusters, asked, refresh } = account(['j-1', 'j-2']);
    await refresh();
    clusters.get('j-2')!.state = 'RUNNING';
    await refresh();
    expect(asked('DescribeClusterCommand')).toEqual([]);
    expect(asked('ListInstanceGroupsCommand')).toEqual(['j-2']);
  });

  it('lists the groups again when the normalized instance hours moved (nodes came or went)', async () => {
    const { clusters, asked, refresh } = account(['j-1', 'j-2']);
    await refresh();
    Object.assign(clusters.get('j-1')!, { hours: 16, running: 4, requested: 4 });
    const clustersNow = await refresh();
    expect(asked('ListInstanceGroupsCommand')).toEqual(['j-1']);
    expect(clustersNow[0].instances).toMatchObject({ groups: [{ running: 4, requested: 4 }] });
  });

  it('lists the groups again once their answer is older than the max age, whatever else stayed', async () => {
    const { asked, refresh, advance } = account(['j-1']);
    await refresh();
    advance(MAX_AGE_MS * 0.9);
    await refresh();
    expect(asked('ListInstanceGroupsCommand')).toEqual([]);
    advance(MAX_AGE_MS * 0.65);
    const [cluster] = await refresh();
    expect(asked('ListInstanceGroupsCommand')).toEqual(['j-1']);
    expect(cluster.instancesAsOf).toBe(new Date(Date.parse('2026-12-07T10:00:00Z') + MAX_AGE_MS * 1.55).toISOString());
  });

  it('lists again at most 12 aged clusters of a page per refresh, the longest listed first, and shows the others with their age', async () => {
    const ids = Array.from({ length: 20 }, (_, i) => `j-${String(i).padStart(2, '0')}`);
    const { clusters, ec2, asked, refresh, advance } = account(ids);
    await refresh();
    // The first eight were listed later than the rest (expanded, say), so they are the last to age.
    advance(10_000);
    for (const id of ids.slice(0, 8)) {
      await ec2.describe(id, ENDPOINT);
    }
    ids.forEach(id => (clusters.get(id)!.running = clusters.get(id)!.requested = 3));
    advance(MAX_AGE_MS);
    const aged = await refresh();
    expect(asked('ListInstanceGroupsCommand')).toEqual(ids.slice(8));
    expect(aged.slice(0, 8).map(c => [c.instancesAsOf, c.instances])).toEqual(
      ids.slice(0, 8).map(() => ['2026-12-07T10:00:10.000Z', expect.objectContaining({ groups: [expect.objectContaining({ running: 2 })] })])
    );
    const next = await refresh();
    expect(asked('ListInstanceGroupsCommand')).toEqual(ids.slice(0, 8));
    expect(next.every(c => c.instances?.kind === 'groups' && c.instances.groups[0].running === 3)).toBe(true);
  });

  it('lists a group that is still changing at every refresh, until it has what was asked', async () => {
    const { clusters, asked, refresh } = account(['j-1']);
    Object.assign(clusters.get('j-1')!, { groupState: 'RESIZING', running: 2, requested: 5 });
    await refresh();
    await refresh();
    expect(asked('ListInstanceGroupsCommand')).toEqual(['j-1']);
    Object.assign(clusters.get('j-1')!, { groupState: 'RUNNING', running: 5 });
    await refresh();
    expect(asked('ListInstanceGroupsCommand')).toEqual(['j-1']);
    await refresh();
    expect(asked('ListInstanceGroupsCommand')).toEqual([]);
  });

  it('describes a live cluster again while EMR has not given it a primary DNS name', async () => {
    const { clusters, asked, refresh } = account(['j-1']);
    Object.assign(clusters.get('j-1')!, { state: 'STARTING', dns: undefined });
    await refresh();
    await refresh();
    expect(asked('DescribeClusterCommand')).toEqual(['j-1']);
    Object.assign(clusters.get('j-1')!, { dns: 'j-1.compute.internal' });
    const [cluster] = await refresh();
    expect(cluster.masterAddress).toBe('j-1.compute.internal');
    await refresh();
    expect(asked('DescribeClusterCommand')).toEqual([]);
  });

  it('lists the groups again after the kernel resized the cluster', async () => {
    const { ec2, asked, refresh } = account(['j-1', 'j-2']);
    await refresh();
    ec2.resized('j-2');
    await refresh();
    expect(asked('ListInstanceGroupsCommand')).toEqual(['j-2']);
  });

  it("keeps what an expanded cluster's describe listed, so the next refresh need not ask", async () => {
    const { ec2, asked, refresh } = account(['j-1']);
    const detail = await ec2.describe('j-1', ENDPOINT);
    const [cluster] = await refresh();
    expect(asked('DescribeClusterCommand')).toEqual([]);
    expect(asked('ListInstanceGroupsCommand')).toEqual([]);
    expect(cluster.instances).toEqual(detail.instances);
  });

  it('asks again next time for a cluster whose describe failed, and lists no groups for it meanwhile', async () => {
    const { emr, asked, refresh } = account(['j-1']);
    const answer = emr.send.getMockImplementation()!;
    emr.send.mockImplementationOnce(answer).mockImplementationOnce(async () => {
      throw sdkError('ThrottlingException', 'Rate exceeded');
    });
    const [throttled] = await refresh();
    expect(throttled.instances).toBeUndefined();
    expect(throttled.releaseLabel).toBeUndefined();
    const [cluster] = await refresh();
    expect(asked('DescribeClusterCommand')).toEqual(['j-1']);
    expect(cluster).toMatchObject({ releaseLabel: 'emr-7.9.0', instances: { kind: 'groups' } });
  });

  it('says why the groups could not be listed, and asks again at the max age rather than at every refresh', async () => {
    const { emr, asked, refresh, advance } = account(['j-1']);
    const answer = emr.send.getMockImplementation()!;
    emr.send
      .mockImplementationOnce(answer)
      .mockImplementationOnce(answer)
      .mockImplementationOnce(async () => {
        throw sdkError('AccessDeniedException', 'not authorized to perform: elasticmapreduce:ListInstanceGroups');
      });
    const [denied] = await refresh();
    expect(denied.instances).toMatchObject({ kind: 'unavailable', reason: expect.stringContaining('ListInstanceGroups') });
    const [still] = await refresh();
    expect(asked('ListInstanceGroupsCommand')).toEqual([]);
    expect(still.instances).toEqual(denied.instances);
    advance(MAX_AGE_MS * 1.55);
    const [listed] = await refresh();
    expect(asked('ListInstanceGroupsCommand')).toEqual(['j-1']);
    expect(listed.instances).toMatchObject({ kind: 'groups' });
  });
});

describe('ClusterCache', () => {
  it('drops the least recently remembered cluster past its capacity', () => {
    const cache = new ClusterCache({ capacity: 2 });
    const facts = { applications: [], fleets: false, masterAddress: 'dns' };
    const summary = (id: string) => ({ id, name: id, state: 'WAITING' });
    cache.rememberFacts('j-1', facts);
    cache.rememberFacts('j-2', facts);
    cache.rememberFacts('j-1', facts);
    cache.rememberFacts('j-3', facts);
    expect(cache.facts(summary('j-1'))).toBe(facts);
    expect(cache.facts(summary('j-2'))).toBeUndefined();
    expect(cache.facts(summary('j-3'))).toBe(facts);
  });

  it("keeps an ended cluster's groups however old they are", () => {
    let now = 0;
    const cache = new ClusterCache({ instancesMaxAgeMs: 1_000, now: () => now });
    const ended = { id: 'j-1', name: 'old', state: 'TERMINATED' };
    const instances = { kind: 'groups' as const, groups: [{ id: 'ig-1', role: 'CORE', instanceType: 'm5.xlarge', running: 0, requested: 0, market: 'ON_DEMAND', state: 'ENDED' }] };
    cache.rememberInstances(ended, instances, now);
    now += 86_400_000;
    expect(cache.instances(ended)).toEqual({ instances, at: 0, aged: false });
  });
});
