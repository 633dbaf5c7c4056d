import { EMRClient, RunJobFlowCommand, TerminateJobFlowsCommand } from '@aws-sdk/client-emr';
import { ClusterFilter, IClusterSummary, IInstanceGroup, StatusMethod, StatusResult } from '@jupyterlab-emr/common';
import { createAwsClientFactory, IAwsClients } from '../../../kernel/src/aws/aws-clients';
import { StatusService } from '../../../kernel/src/emr-status/status-service';
import { Redactor } from '../../../kernel/src/redact';
import { jobFlowWithGroups } from '../../helpers/emr-job-flow';
import { loadStackEnv } from '../../helpers/stack-env';

// The panel's refresh against the stack's moto: each cluster's instance groups come with the list,
// and a refresh asks EMR again only for what may have changed. The SDK's own AWS_ENDPOINT_URL
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

const status = new StatusService({
  awsClients: countingClients,
  configuredAws: { region: env.AWS_REGION },
  livy: () => undefined,
  connector: { connect: () => Promise.reject(new Error('not used here')) },
  redactor: new Redactor()
});

let nextId = 0;
async function call<M extends StatusMethod>(method: M, params: object): Promise<StatusResult<M>> {
  const reply = await status.handle({ requestId: `refresh${nextId++}`, method, params });
  if (!reply.ok) {
    throw new Error(`${method} failed: ${reply.error.code} ${reply.error.message}`);
  }
  return reply.result as StatusResult<M>;
}

/** Every page of the list, as the panel's refresh and its "Load more" ask, with the calls it took. */
async function refresh(filter: ClusterFilter): Promise<{ clusters: IClusterSummary[]; calls: string[] }> {
  calls.length = 0;
  const clusters: IClusterSummary[] = [];
  let marker: string | undefined;
  do {
    const page = await call('listClusters', { filter, marker });
    clusters.push(...page.clusters);
    marker = page.marker;
  } while (marker);
  return { clusters, calls: [...calls] };
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
