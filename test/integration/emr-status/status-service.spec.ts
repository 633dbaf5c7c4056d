import { EMRClient, RunJobFlowCommand, TerminateJobFlowsCommand } from '@aws-sdk/client-emr';
import { IClusterSummary, StatusReply, StatusResult } from '@jupyterlab-emr/common';
import { loadKernelConfig } from '../../../kernel/src/config';
import { ExecutionQueue } from '../../../kernel/src/core/execution-queue';
import { createAwsClientFactory } from '../../../kernel/src/aws/aws-clients';
import { ClusterConnector } from '../../../kernel/src/emr-status/cluster-connect';
import { StatusService } from '../../../kernel/src/emr-status/status-service';
import { createCellLayer, ICellLayer } from '../../../kernel/src/magics/assembly';
import { Redactor } from '../../../kernel/src/redact';
import { closedLoopbackPort } from '../../helpers/closed-port';
import { loadStackEnv, readSeed } from '../../helpers/stack-env';

// The status service against the real moto of the local stack, through the SDK's own handling of
// AWS_ENDPOINT_URL (as in the kernel process), no fakes.
const CALL_MS = 60_000;
const EXTRA_CLUSTERS = 200;

const env = loadStackEnv();
const seed = readSeed(env.STACK_SEED_FILE);
const AWS_ENV = ['AWS_ENDPOINT_URL', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_REGION', 'AWS_EC2_METADATA_DISABLED'];
for (const name of AWS_ENV) {
  process.env[name] = env[name];
}

/** The status service wired as main.ts wires it, on a cell layer with no Livy URL and the given kernel settings. */
function wired(kernelEnv: NodeJS.ProcessEnv = {}): { status: StatusService; cells: ICellLayer } {
  const redactor = new Redactor();
  const awsClients = createAwsClientFactory();
  const config = loadKernelConfig({ env: { AWS_REGION: env.AWS_REGION, ...kernelEnv }, redactor, homeDir: '/nonexistent' });
  const cells = createCellLayer(config, { awsClients });
  const connector = new ClusterConnector({ connection: cells.connection, resolver: cells.resolver, awsClients, queue: new ExecutionQueue() });
  return { status: new StatusService({ awsClients, configuredAws: cells.configuredAws, livy: () => cells.connection.current(), connector, redactor }), cells };
}

function service(): StatusService {
  return wired().status;
}

let nextId = 0;
async function call<M extends StatusReply['method']>(status: StatusService, method: M, params: object): Promise<StatusResult<M>> {
  const reply = await status.handle({ requestId: `r${nextId++}`, method, params, aws: { region: env.AWS_REGION } });
  if (!reply.ok) {
    throw new Error(`${method} failed: ${reply.error.code} ${reply.error.message}`);
  }
  return reply.result as StatusResult<M>;
}

describe('EMR status against moto', () => {
  const status = service();

  it(
    'lists the seeded cluster, then its release label and applications as the second step',
    async () => {
      const page = await call(status, 'listClusters', { filter: 'active' });
      const row = page.clusters.find(c => c.id === seed.emr.clusterId);
      expect(row).toMatchObject({ name: seed.emr.clusterName, detailsPending: true });
      const [cluster] = (await call(status, 'clusterDetails', { ids: [seed.emr.clusterId] })).clusters;
      expect(cluster).toMatchObject({ name: seed.emr.clusterName, releaseLabel: seed.emr.releaseLabel, instances: { kind: 'groups' } });
      // moto keeps a cluster with a running step RUNNING, and one without steps WAITING.
      expect(['RUNNING', 'WAITING']).toContain(cluster?.state);
      expect(cluster?.applications?.length).toBeGreaterThan(0);
      expect(Date.parse(cluster?.createdAt ?? '')).not.toBeNaN();
    },
    CALL_MS
  );

  it(
    'describes the seeded cluster: MASTER/CORE/TASK instance groups and its steps with their states',
    async () => {
      const detail = await call(status, 'describeCluster', { id: seed.emr.clusterId });
      expect(detail.instances.kind).toBe('groups');
      const groups = detail.instances.kind === 'groups' ? detail.instances.groups : [];
      expect(groups.map(g => g.role).sort()).toEqual(['CORE', 'MASTER', 'TASK']);
      for (const group of groups) {
        expect(group.instanceType).not.toBe('');
        expect(group.requested).toBeGreaterThan(0);
        expect(group.market).toMatch(/ON_DEMAND|SPOT/);
      }
      // Other tests (%%hive --step) add steps to the seeded cluster in the shared emulator: the seeded ones are among them.
      expect(detail.steps.map(s => ({ id: s.id, name: s.name, state: s.state }))).toEqual(expect.arrayContaining(seed.emr.steps));
    },
    CALL_MS
  );

  it(
    'answers a cluster id that does not exist with a rejected request, not a crash',
    async () => {
      const reply = await status.handle({ requestId: 'missing', method: 'describeCluster', params: { id: 'j-DOESNOTEXIST' } });
      expect(reply).toMatchObject({ requestId: 'missing', ok: false });
      expect(reply.ok ? '' : reply.error.code).toMatch(/AWS_REQUEST_REJECTED|INTERNAL/);
    },
    CALL_MS
  );

  it(
    'lists the seeded virtual cluster with its job runs and their states',
    async () => {
      const { virtualClusters } = await call(status, 'listVirtualClusters', { filter: 'active' });
      const cluster = virtualClusters.find(c => c.id === seed.emrContainers.virtualClusterId);
      expect(cluster).toMatchObject({ name: seed.emrContainers.virtualClusterName, state: 'RUNNING' });
      expect(cluster?.namespace).toBeTruthy();
      const runs = (cluster?.jobRuns ?? []).map(r => ({ id: r.id, name: r.name, state: r.state }));
      expect(runs.sort((a, b) => a.id.localeCompare(b.id))).toEqual([...seed.emrContainers.jobRuns].sort((a, b) => a.id.localeCompare(b.id)));
    },
    CALL_MS
  );

  it('says Livy is not configured when the kernel has no Livy URL', async () => {
    const reply = await status.handle({ requestId: 'l', method: 'listLivySessions', params: {} });
    expect(reply).toMatchObject({ ok: false, error: { code: 'LIVY_NOT_CONFIGURED' } });
  });
});

describe('EMR status: hundreds of clusters through ListClusters pagination', () => {
  const emr = new EMRClient({
    region: env.AWS_REGION,
    endpoint: env.AWS_ENDPOINT_URL,
    credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY }
  });
  const created: string[] = [];
  const runTag = `status-pagination-${process.pid}-${Date.now()}`;

  beforeAll(async () => {
    for (let batch = 0; batch < EXTRA_CLUSTERS; batch += 20) {
      const ids = await Promise.all(
        Array.from({ length: Math.min(20, EXTRA_CLUSTERS - batch) }, (_, i) =>
          emr.send(
            new RunJobFlowCommand({
              Name: `${runTag}-${batch + i}`,
              ReleaseLabel: 'emr-7.9.0',
              JobFlowRole: 'EMR_EC2_DefaultRole',
              ServiceRole: 'EMR_DefaultRole',
              Instances: { MasterInstanceType: 'm5.xlarge', InstanceCount: 1, KeepJobFlowAliveWhenNoSteps: true }
            })
          )
        )
      );
      created.push(...ids.map(reply => reply.JobFlowId ?? ''));
    }
  }, 5 * CALL_MS);

  afterAll(async () => {
    // TerminateJobFlows takes a bounded list of ids per call.
    for (let i = 0; i < created.length; i += 10) {
      await emr.send(new TerminateJobFlowsCommand({ JobFlowIds: created.slice(i, i + 10) }));
    }
    emr.destroy();
  }, 5 * CALL_MS);

  it(
    'follows the Marker until every created cluster is listed, each once',
    async () => {
      const status = service();
      const seen: IClusterSummary[] = [];
      let marker: string | undefined;
      let pages = 0;
      do {
        const page = await call(status, 'listClusters', { filter: 'active', marker });
        seen.push(...page.clusters);
        marker = page.marker;
        pages++;
      } while (marker);
      const ours = seen.filter(c => c.name.startsWith(runTag));
      expect(ours).toHaveLength(EXTRA_CLUSTERS);
      expect(new Set(ours.map(c => c.id))).toEqual(new Set(created));
      expect(pages).toBeGreaterThan(1);
      expect(seen.map(c => c.id)).toContain(seed.emr.clusterId);
    },
    10 * CALL_MS
  );
});

describe('EMR status: an endpoint nobody answers', () => {
  let closedPort: number;
  const saved = process.env.AWS_ENDPOINT_URL;

  beforeAll(async () => {
    closedPort = await closedLoopbackPort();
    process.env.AWS_ENDPOINT_URL = `http://127.0.0.1:${closedPort}`;
  });

  afterAll(() => {
    process.env.AWS_ENDPOINT_URL = saved;
  });

  it.each(['listClusters', 'listVirtualClusters'] as const)(
    '%s answers ENDPOINT_UNREACHABLE naming the endpoint',
    async method => {
      const reply = await service().handle({ requestId: 'u', method, params: { filter: 'active' }, aws: { region: env.AWS_REGION } });
      expect(reply).toMatchObject({ requestId: 'u', ok: false, error: { code: 'ENDPOINT_UNREACHABLE' } });
      expect(reply.ok ? '' : reply.error.message).toContain(`127.0.0.1:${closedPort}`);
    },
    CALL_MS
  );
});

describe("connectCluster: the panel's Connect on the notebook's own Livy connection", () => {
  it(
    "points the notebook at the cluster's mapped Livy even while it does not answer, and the Livy section follows",
    async () => {
      const livyUrl = `http://127.0.0.1:${await closedLoopbackPort()}`;
      const { status, cells } = wired({ EMR_LIVY_CLUSTER_URLS: JSON.stringify({ [seed.emr.clusterId]: livyUrl }) });
      const result = await call(status, 'connectCluster', { clusterId: seed.emr.clusterId });
      expect(result).toMatchObject({ clusterId: seed.emr.clusterId, clusterName: seed.emr.clusterName, livyUrl, reachable: false });
      expect(result.problem).toContain('ECONNREFUSED');
      expect(cells.connection.current()).toMatchObject({ url: livyUrl, clusterId: seed.emr.clusterId });
      const sessions = await status.handle({ requestId: 'after-connect', method: 'listLivySessions', params: {} });
      expect(sessions).toMatchObject({ ok: false, error: { code: 'LIVY_UNREACHABLE', message: expect.stringContaining(livyUrl) } });
    },
    CALL_MS
  );

  it(
    "without a mapping uses the primary node's address on EMR's Livy port, https from emr-7.4",
    async () => {
      const { status, cells } = wired();
      const detail = await call(status, 'describeCluster', { id: seed.emr.clusterId });
      expect(detail.cluster.masterAddress).toBeTruthy();
      const result = await call(status, 'connectCluster', { clusterId: seed.emr.clusterId });
      expect(result.livyUrl).toBe(`https://${detail.cluster.masterAddress}:8998`);
      expect(result.reachable).toBe(false);
      expect(cells.connection.current()?.url).toBe(result.livyUrl);
    },
    CALL_MS
  );

  it(
    'refuses a terminated cluster with the reason, and leaves the notebook where it was',
    async () => {
      const emr = new EMRClient({ region: env.AWS_REGION });
      const { JobFlowId: id } = await emr.send(
        new RunJobFlowCommand({
          Name: `connect-terminated-${process.pid}`,
          ReleaseLabel: 'emr-7.9.0',
          JobFlowRole: 'EMR_EC2_DefaultRole',
          ServiceRole: 'EMR_DefaultRole',
          Applications: [{ Name: 'Livy' }],
          Instances: { MasterInstanceType: 'm5.xlarge', InstanceCount: 1, KeepJobFlowAliveWhenNoSteps: true }
        })
      );
      await emr.send(new TerminateJobFlowsCommand({ JobFlowIds: [id ?? ''] }));
      emr.destroy();
      const { status, cells } = wired();
      const reply = await status.handle({ requestId: 't', method: 'connectCluster', params: { clusterId: id }, aws: { region: env.AWS_REGION } });
      expect(reply).toMatchObject({ ok: false, error: { code: 'CLUSTER_NOT_CONNECTABLE', message: expect.stringMatching(/is terminat(ed|ing), so its Livy is gone/) } });
      expect(cells.connection.current()).toBeUndefined();
    },
    CALL_MS
  );

  it(
    'answers an unknown cluster id with what AWS said',
    async () => {
      const { status } = wired();
      const reply = await status.handle({ requestId: 'x', method: 'connectCluster', params: { clusterId: 'j-DOESNOTEXIST' }, aws: { region: env.AWS_REGION } });
      expect(reply).toMatchObject({ ok: false, error: { code: 'AWS_REQUEST_REJECTED', message: expect.stringContaining('j-DOESNOTEXIST') } });
    },
    CALL_MS
  );
});
