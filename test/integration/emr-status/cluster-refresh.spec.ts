import { EMRClient, RunJobFlowCommand, TerminateJobFlowsCommand } from '@aws-sdk/client-emr';
import { CLUSTER_DETAILS_MAX_IDS, ClusterFilter, IClusterSummary, IInstanceGroup, StatusMethod, StatusResult } from '@jupyterlab-emr/common';
import { createAwsClientFactory, IAwsClients } from '../../../kernel/src/aws/aws-clients';
import { StatusService } from '../../../kernel/src/emr-status/status-service';
import { Redactor } from '../../../kernel/src/redact';
import { jobFlowWithGroups } from '../../helpers/emr-job-flow';
import { loadStackEnv } from '../../helpers/stack-env';

// The panel's refresh against the stack's moto: the rows from ListClusters at once, each row's
// facts and instance groups after, and a refresh asks EMR again only for what may have changed. The SDK's own AWS_ENDPOINT_URL
// handling, as in the kernel process; the only thing added is a count of the calls at the client.
const CALL_MS = 120_000;
const env = loadStackEnv();
for (const name of ['AWS_ENDPOINT_URL', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_REGION', 'AWS_EC2_METADATA_DISABLED']) {
  process.env[name] = env[name];
}

const calls: string[] = [];
const clients = createAwsClientFactory();
const counted = new WeakSet<object>();
function countingClients(target: Parameters<typeof clients>[0]): IAwsClients {
  const built = clients(target);
  if (!counted.has(built.emr)) {
    counted.add(built.emr);
    const send = built.emr.send.bind(built.emr) as (command: object) => Promise<unknown>;
    (built.emr as { send: unknown }).send = (command: object) => {
      calls.push(command.constructor.name.replace(/Command$/, ''));
      return send(command);
    };
  }
  return built;
}

/** The status service of a kernel that knows no cluster yet. */
const newKernelStatus = (): StatusService =>
  new StatusService({
    awsClients: countingClients,
    configuredAws: { region: env.AWS_REGION },
    livy: () => undefined,
    connector: { connect: () => Promise.reject(new Error('not used here')) },
    redactor: new Redactor()
  });
const status = newKernelStatus();

let nextId = 0;
async function call<M extends StatusMethod>(method: M, params: object, service = status): Promise<StatusResult<M>> {
  const reply = await service.handle({ requestId: `refresh${nextId++}`, method, params });
  if (!reply.ok) {
    throw new Error(`${method} failed: ${reply.error.code} ${reply.error.message}`);
  }
  return reply.result as StatusResult<M>;
}

/** Every page of the list's rows alone, as the panel's refresh and its "Load more" ask. */
async function listRows(filter: ClusterFilter, service = status): Promise<IClusterSummary[]> {
  const clusters: IClusterSummary[] = [];
  let marker: string | undefined;
  do {
    const page = await call('listClusters', { filter, marker }, service);
    clusters.push(...page.clusters);
    marker = page.marker;
  } while (marker);
  return clusters;
}

/** Both steps of the panel's refresh: the rows, then the details of those left pending, with the calls it took. */
async function refresh(filter: ClusterFilter): Promise<{ clusters: IClusterSummary[]; calls: string[] }> {
  calls.length = 0;
  const rows = await listRows(filter);
  const pending = rows.filter(c => c.detailsPending).map(c => c.id);
  const completed = new Map<string, IClusterSummary>();
  for (let start = 0; start < pending.length; start += CLUSTER_DETAILS_MAX_IDS) {
    const { clusters } = await call('clusterDetails', { ids: pending.slice(start, start + CLUSTER_DETAILS_MAX_IDS) });
    clusters.forEach(c => completed.set(c.id, c));
  }
  return { clusters: rows.map(row => completed.get(row.id) ?? row), calls: [...calls] };
}

function groupsOf(cluster: IClusterSummary | undefined): IInstanceGroup[] {
  if (cluster?.instances?.kind !== 'groups') {
    throw new Error(`expected instance groups, got ${JSON.stringify(cluster?.instances)}`);
  }
  return cluster.instances.groups;
}

const count = (list: string[], name: string): number => list.filter(c => c === name).length;

describe('a refresh of the cluster list against moto', () => {
  const emr = new EMRClient({});
  let clusterId = '';

  beforeAll(async () => {
    const created = await emr.send(new RunJobFlowCommand(jobFlowWithGroups(`refresh-${process.pid}`, { core: 2, task: 3 })));
    clusterId = created.JobFlowId ?? '';
  }, CALL_MS);

  afterAll(async () => {
    await emr.send(new TerminateJobFlowsCommand({ JobFlowIds: [clusterId] }));
    emr.destroy();
  });

  it(
    "answers a new kernel's list from ListClusters alone, then completes a row asked with its facts and groups",
    async () => {
      const kernel = newKernelStatus();
      calls.length = 0;
      const rows = await listRows('active', kernel);
      expect(new Set(calls)).toEqual(new Set(['ListClusters']));
      const row = rows.find(c => c.id === clusterId);
      expect(row).toMatchObject({ name: `refresh-${process.pid}`, detailsPending: true });
      expect(row?.releaseLabel).toBeUndefined();
      expect(row?.instances).toBeUndefined();

      calls.length = 0;
      const { clusters } = await call('clusterDetails', { ids: [clusterId] }, kernel);
      expect(calls).toEqual(['DescribeCluster', 'ListInstanceGroups']);
      expect(clusters).toHaveLength(1);
      expect(clusters[0]).toMatchObject({ id: clusterId, releaseLabel: 'emr-7.9.0', instancesAsOf: expect.any(String) });
      expect(clusters[0].detailsPending).toBeUndefined();
      expect(groupsOf(clusters[0]).map(g => g.role)).toEqual(expect.arrayContaining(['MASTER', 'CORE', 'TASK']));

      // The next list of that kernel has the row whole, from its cache.
      calls.length = 0;
      const again = (await listRows('active', kernel)).find(c => c.id === clusterId);
      expect(new Set(calls)).toEqual(new Set(['ListClusters']));
      expect(again).toEqual(clusters[0]);
    },
    CALL_MS
  );

  it(
    'lists each cluster with its groups by role and counts, then asks only ListClusters while nothing changed',
    async () => {
      const first = await refresh('active');
      const ours = first.clusters.find(c => c.id === clusterId);
      expect(ours).toMatchObject({ releaseLabel: 'emr-7.9.0', instancesAsOf: expect.any(String) });
      expect(groupsOf(ours).map(g => [g.role, g.instanceType, g.market, g.requested])).toEqual(
        expect.arrayContaining([
          ['MASTER', 'm5.xlarge', 'ON_DEMAND', 1],
          ['CORE', 'r5.xlarge', 'ON_DEMAND', 2],
          ['TASK', 'r5.xlarge', 'SPOT', 3]
        ])
      );
      expect(count(first.calls, 'DescribeCluster')).toBe(first.clusters.length);

      const second = await refresh('active');
      // moto's clusters keep their state and hours, so nothing is asked beyond the list itself.
      expect(second.calls.every(c => c === 'ListClusters')).toBe(true);
      expect(second.calls.length).toBeGreaterThan(0);
      expect(second.clusters.find(c => c.id === clusterId)).toEqual(ours);
    },
    CALL_MS
  );

  it(
    'shows the new count at the first refresh after a resize through the kernel, listed anew',
    async () => {
      const before = (await refresh('active')).clusters.find(c => c.id === clusterId);
      const task = groupsOf(before).find(g => g.role === 'TASK')!;
      await call('resizeInstanceGroup', { clusterId, groupId: task.id, count: 5 });
      const after = await refresh('active');
      const ours = after.clusters.find(c => c.id === clusterId);
      expect(groupsOf(ours).find(g => g.id === task.id)).toMatchObject({ requested: 5 });
      expect(Date.parse(ours?.instancesAsOf ?? '')).toBeGreaterThan(Date.parse(before?.instancesAsOf ?? ''));
      expect(count(after.calls, 'ListInstanceGroups')).toBeGreaterThanOrEqual(1);
      expect(count(after.calls, 'DescribeCluster')).toBe(0);
    },
    CALL_MS
  );

  it(
    'lists the groups of a cluster again once it changed state (here: terminated outside the panel)',
    async () => {
      const before = (await refresh('all')).clusters.find(c => c.id === clusterId);
      await emr.send(new TerminateJobFlowsCommand({ JobFlowIds: [clusterId] }));
      const after = await refresh('all');
      const ours = after.clusters.find(c => c.id === clusterId);
      expect(ours?.state).toMatch(/^TERMINAT/);
      expect(Date.parse(ours?.instancesAsOf ?? '')).toBeGreaterThan(Date.parse(before?.instancesAsOf ?? ''));
      expect(count(after.calls, 'DescribeCluster')).toBe(0);
    },
    CALL_MS
  );
});
