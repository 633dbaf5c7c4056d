import { EMRClient, ListInstanceGroupsCommand, RunJobFlowCommand, TerminateJobFlowsCommand } from '@aws-sdk/client-emr';
import { StatusMethod, StatusReply, StatusResult } from '@jupyterlab-emr/common';
import { createAwsClientFactory } from '../../../kernel/src/aws/aws-clients';
import { StatusService } from '../../../kernel/src/emr-status/status-service';
import { Redactor } from '../../../kernel/src/redact';
import { jobFlowWithGroups } from '../../helpers/emr-job-flow';
import { loadStackEnv, readSeed } from '../../helpers/stack-env';

// Node roles, load and resizing through the status service against the stack's moto (EMR and
// CloudWatch), with the SDK's own AWS_ENDPOINT_URL handling as in the kernel process.
const CALL_MS = 60_000;
const env = loadStackEnv();
const seed = readSeed(env.STACK_SEED_FILE);
for (const name of ['AWS_ENDPOINT_URL', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_REGION', 'AWS_EC2_METADATA_DISABLED']) {
  process.env[name] = env[name];
}

const status = new StatusService({
  awsClients: createAwsClientFactory(),
  configuredAws: { region: env.AWS_REGION },
  livy: () => undefined,
  connector: { connect: () => Promise.reject(new Error('not used here')) },
  redactor: new Redactor()
});

let nextId = 0;
function ask<M extends StatusMethod>(method: M, params: object): Promise<StatusReply> {
  return status.handle({ requestId: `ops${nextId++}`, method, params });
}

async function call<M extends StatusMethod>(method: M, params: object): Promise<StatusResult<M>> {
  const reply = await ask(method, params);
  if (!reply.ok) {
    throw new Error(`${method} failed: ${reply.error.code} ${reply.error.message}`);
  }
  return reply.result as StatusResult<M>;
}

describe('node roles of the seeded cluster', () => {
  it(
    'lists its primary, core and task groups with type, market, requested and running counts and state',
    async () => {
      const detail = await call('describeCluster', { id: seed.emr.clusterId });
      const groups = detail.instances.kind === 'groups' ? detail.instances.groups : [];
      const byRole = Object.fromEntries(groups.map(g => [g.role, g]));
      expect(byRole.MASTER).toMatchObject({ instanceType: 'm5.xlarge', market: 'ON_DEMAND', requested: 1, running: 1, state: 'RUNNING' });
      expect(byRole.CORE).toMatchObject({ instanceType: 'r5.2xlarge', market: 'ON_DEMAND', requested: 2, running: 2, state: 'RUNNING' });
      expect(byRole.TASK).toMatchObject({ name: 'Task - spot', instanceType: 'r5.2xlarge', market: 'SPOT', requested: 3, running: 3, state: 'RUNNING' });
    },
    CALL_MS
  );
});

describe('load: the seeded CloudWatch metrics read back', () => {
  it(
    'has the last 3 hours of every EMR metric, and an idle notice that has held for 30 minutes or more',
    async () => {
      const load = await call('clusterLoad', { clusterId: seed.emr.clusterId });
      if (load.series.every(s => s.points.length === 0)) {
        // seed.py writes points from 3 h before to 48 h after moto's start.
        throw new Error(
          `moto holds no EMR metrics for ${seed.emr.clusterId} in the last 3 h: a moto started over 48 h ago, or before seed.py seeded metrics. Reseed it: stack/run down moto && stack/run up moto`
        );
      }
      expect(Date.parse(load.to) - Date.parse(load.from)).toBe(3 * 3600_000);
      expect(load.series.map(s => s.metric)).toEqual(['YARNMemoryAvailablePercentage', 'ContainerPending', 'AppsRunning', 'IsIdle', 'HDFSUtilization', 'CoreNodesRunning', 'TaskNodesRunning']);
      for (const series of load.series) {
        // 36 five-minute periods; moto's buckets may split one at the window's edges.
        expect(series.points.length).toBeGreaterThanOrEqual(30);
        expect(series.points.every(([t]) => t >= Date.parse(load.from) && t <= Date.parse(load.to))).toBe(true);
      }
      const values = (metric: string) => load.series.find(s => s.metric === metric)!.points.map(([, v]) => v);
      expect(new Set(values('CoreNodesRunning'))).toEqual(new Set([2]));
      expect(new Set(values('TaskNodesRunning'))).toEqual(new Set([3]));
      expect(Math.min(...values('YARNMemoryAvailablePercentage'))).toBeLessThan(70);
      expect(load.idleSince).toBeDefined();
      expect(Date.now() - Date.parse(load.idleSince!)).toBeGreaterThanOrEqual(30 * 60_000);
    },
    CALL_MS
  );

  it(
    'has no points and no idle notice for a cluster CloudWatch knows nothing about',
    async () => {
      const load = await call('clusterLoad', { clusterId: 'j-NOMETRICS000' });
      expect(load.series.every(s => s.points.length === 0)).toBe(true);
      expect(load.idleSince).toBeUndefined();
    },
    CALL_MS
  );
});

describe('resize against moto', () => {
  const emr = new EMRClient({});
  let clusterId = '';

  beforeAll(async () => {
    const created = await emr.send(new RunJobFlowCommand(jobFlowWithGroups(`resize-${process.pid}`, { core: 2, task: 2 })));
    clusterId = created.JobFlowId ?? '';
  }, CALL_MS);

  afterAll(async () => {
    await emr.send(new TerminateJobFlowsCommand({ JobFlowIds: [clusterId] }));
    emr.destroy();
  });

  async function groupOf(role: string) {
    const { InstanceGroups: groups = [] } = await emr.send(new ListInstanceGroupsCommand({ ClusterId: clusterId }));
    return groups.find(g => g.InstanceGroupType === role)!;
  }

  it(
    'sets the task group to a new count, which moto then reports, and the panel sees it',
    async () => {
      const task = await groupOf('TASK');
      expect(await call('resizeInstanceGroup', { clusterId, groupId: task.Id, count: 5 })).toEqual({ clusterId, id: task.Id, role: 'TASK', from: '2', to: '5' });
      expect((await groupOf('TASK')).RequestedInstanceCount).toBe(5);
      const detail = await call('describeCluster', { id: clusterId });
      expect(detail.instances.kind === 'groups' && detail.instances.groups.find(g => g.id === task.Id)).toMatchObject({ requested: 5, state: 'RUNNING' });
    },
    CALL_MS
  );

  it(
    'grows the core group, and shrinks it only with the HDFS warning confirmed',
    async () => {
      const core = await groupOf('CORE');
      await call('resizeInstanceGroup', { clusterId, groupId: core.Id, count: 3 });
      const refused = await ask('resizeInstanceGroup', { clusterId, groupId: core.Id, count: 1 });
      expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST', message: expect.stringContaining('removes HDFS nodes') } });
      expect((await groupOf('CORE')).RequestedInstanceCount).toBe(3);
      await call('resizeInstanceGroup', { clusterId, groupId: core.Id, count: 2, shrinkCore: true });
      expect((await groupOf('CORE')).RequestedInstanceCount).toBe(2);
    },
    CALL_MS
  );

  it(
    'refuses the primary group, a group the cluster does not have, and a terminated cluster, with the reason',
    async () => {
      const primary = await groupOf('MASTER');
      expect(await ask('resizeInstanceGroup', { clusterId, groupId: primary.Id, count: 2 })).toMatchObject({
        ok: false,
        error: { code: 'CLUSTER_NOT_RESIZABLE', message: expect.stringContaining('primary group') }
      });
      expect(await ask('resizeInstanceGroup', { clusterId, groupId: 'ig-NOSUCHGROUP', count: 2 })).toMatchObject({
        ok: false,
        error: { code: 'CLUSTER_NOT_RESIZABLE', message: expect.stringContaining('has no instance group ig-NOSUCHGROUP') }
      });
      const task = await groupOf('TASK');
      await emr.send(new TerminateJobFlowsCommand({ JobFlowIds: [clusterId] }));
      const ended = await ask('resizeInstanceGroup', { clusterId, groupId: task.Id, count: 1 });
      expect(ended).toMatchObject({ ok: false, error: { code: 'CLUSTER_NOT_RESIZABLE', message: expect.stringMatching(/is TERMINAT(ED|ING); only a RUNNING or WAITING cluster can be resized/) } });
      expect((await groupOf('TASK')).RequestedInstanceCount).toBe(5);
    },
    CALL_MS
  );

  it(
    'passes on what AWS says when it refuses: an unknown cluster id',
    async () => {
      const reply = await ask('resizeInstanceGroup', { clusterId: 'j-NOSUCHCLUSTER1', groupId: 'ig-X', count: 1 });
      expect(reply).toMatchObject({ ok: false, error: { code: 'AWS_REQUEST_REJECTED', message: expect.stringContaining('j-NOSUCHCLUSTER1') } });
    },
    CALL_MS
  );
});
