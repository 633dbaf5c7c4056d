import { EMRClient, RunJobFlowCommand, TerminateJobFlowsCommand } from '@aws-sdk/client-emr';
import { ITablePayload, STATUS_COMM_TARGET, StatusReply, TABLE_MIME_TYPE } from '@jupyterlab-emr/common';
import { KernelHarness } from '../../helpers/kernel-harness';
import { closedLoopbackPort } from '../../helpers/closed-port';
import { loadStackEnv, readSeed } from '../../helpers/stack-env';

// %emr and the panel's Connect through a real kernel process, started as Jupyter starts it with
// the stack's AWS environment, answering from moto. No Livy is needed: the cluster's Livy is a
// closed loopback port, which is what %%info must report without hanging. The cluster is this
// file's own (other tests add steps to the seeded one), with instance groups and steps it names.
const env = loadStackEnv();
const seed = readSeed(env.STACK_SEED_FILE);
const CALL_MS = 60_000;

describe('emr-livy kernel process: %emr and Connect against moto', () => {
  let kernel: KernelHarness;
  let clusterLivy: string;
  let clusterId: string;
  const clusterName = `it-emr-magic-${process.pid}`;
  const stepNames = ['bronze load', 'silver export'];
  const emr = new EMRClient({
    region: env.AWS_REGION,
    endpoint: env.AWS_ENDPOINT_URL,
    credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY }
  });

  beforeAll(async () => {
    const created = await emr.send(
      new RunJobFlowCommand({
        Name: clusterName,
        ReleaseLabel: 'emr-7.9.0',
        JobFlowRole: 'EMR_EC2_DefaultRole',
        ServiceRole: 'EMR_DefaultRole',
        Applications: [{ Name: 'Spark' }, { Name: 'Livy' }],
        Instances: {
          KeepJobFlowAliveWhenNoSteps: true,
          InstanceGroups: [
            { InstanceRole: 'MASTER', InstanceType: 'm5.xlarge', InstanceCount: 1, Market: 'ON_DEMAND' },
            { InstanceRole: 'TASK', InstanceType: 'r5.2xlarge', InstanceCount: 2, Market: 'SPOT' }
          ]
        },
        Steps: stepNames.map(Name => ({ Name, ActionOnFailure: 'CONTINUE', HadoopJarStep: { Jar: 'command-runner.jar', Args: ['true'] } }))
      })
    );
    clusterId = created.JobFlowId ?? '';
    clusterLivy = `http://127.0.0.1:${await closedLoopbackPort()}`;
    kernel = await KernelHarness.start({
      env: { ...env, LIVY_URL: '', EMR_LIVY_CONFIG: '', EMR_LIVY_CLUSTER_URLS: JSON.stringify({ [clusterId]: clusterLivy }) }
    });
  }, CALL_MS);

  afterAll(async () => {
    await kernel?.stop();
    if (clusterId) {
      await emr.send(new TerminateJobFlowsCommand({ JobFlowIds: [clusterId] }));
    }
    emr.destroy();
  });

  /** Runs a cell; its reply, its stdout and the table payloads it displayed. */
  async function execute(code: string) {
    const request = await kernel.client.send('shell', 'execute_request', { code, stop_on_error: false });
    const reply = await kernel.client.replyTo(request, CALL_MS);
    await kernel.client.idleAfter(request, CALL_MS);
    const outputs = kernel.client
      .for(request)
      .filter(({ channel }) => channel === 'iopub')
      .map(({ message }) => message);
    const stdout = outputs
      .filter(m => m.header.msg_type === 'stream')
      .map(m => String(m.content.text))
      .join('');
    const displays = outputs.filter(m => m.header.msg_type === 'display_data').map(m => m.content.data as Record<string, unknown>);
    const tables = displays.map(data => data[TABLE_MIME_TYPE] as ITablePayload | undefined).filter((t): t is ITablePayload => t !== undefined);
    return { reply: reply.content, stdout, displays, tables };
  }

  function column(table: ITablePayload, name: string): unknown[] {
    const index = table.schema.fields.findIndex(field => field.name === name);
    return table.rows.map(row => row[index]);
  }

  it(
    '%emr clusters lists the seeded cluster and this one; %emr steps names its steps',
    async () => {
      const clusters = await execute('%emr clusters');
      expect(clusters.reply).toMatchObject({ status: 'ok' });
      expect(column(clusters.tables[0], 'id')).toEqual(expect.arrayContaining([seed.emr.clusterId, clusterId]));
      const steps = await execute(`%emr steps ${clusterId}`);
      expect((column(steps.tables[0], 'name') as string[]).sort()).toEqual([...stepNames].sort());
      expect(column(steps.tables[0], 'state')).toEqual(expect.arrayContaining(['RUNNING']));
    },
    CALL_MS
  );

  it(
    '%emr describe needs a cluster until the notebook is connected to one',
    async () => {
      const refused = await execute('%emr describe');
      expect(refused.reply).toMatchObject({ status: 'error', evalue: expect.stringMatching(/^%emr describe needs a cluster id/) });
    },
    CALL_MS
  );

  it(
    "the panel's connectCluster points the notebook at the cluster's Livy; %%info reports it, unreachable, at once",
    async () => {
      const open = await kernel.client.send('shell', 'comm_open', { comm_id: 'connect-1', target_name: STATUS_COMM_TARGET, data: {} });
      await kernel.client.idleAfter(open);
      await kernel.client.send('shell', 'comm_msg', { comm_id: 'connect-1', data: { requestId: 'c1', method: 'connectCluster', params: { clusterId }, aws: {} } });
      const { message } = await kernel.client.waitFor(
        ({ channel, message: m }) => channel === 'iopub' && m.header.msg_type === 'comm_msg' && (m.content.data as { requestId?: string }).requestId === 'c1',
        CALL_MS
      );
      const reply = message.content.data as unknown as StatusReply<'connectCluster'>;
      expect(reply).toMatchObject({ ok: true, result: { clusterId, clusterName, livyUrl: clusterLivy, reachable: false, problem: expect.stringContaining('ECONNREFUSED') } });

      const info = await execute('%%info');
      expect(info.reply).toMatchObject({ status: 'ok' });
      const text = String(info.displays[0]['text/plain']);
      expect(text).toContain(clusterLivy);
      expect(text).toMatch(new RegExp(`EMR cluster +${clusterId}`));
      expect(text).toMatch(/State +unreachable: /);

      // The next cell runs there: it fails naming that Livy, not the one the kernel started with.
      const cell = await execute('spark.range(1).count()');
      expect(cell.reply).toMatchObject({ status: 'error', evalue: expect.stringContaining(clusterLivy) });
    },
    CALL_MS
  );

  it(
    '%emr describe then defaults to the connected cluster: summary, instance groups, steps',
    async () => {
      const described = await execute('%emr describe');
      expect(described.reply).toMatchObject({ status: 'ok' });
      const [summary, groups, steps] = described.tables;
      expect(summary.rows).toEqual(
        expect.arrayContaining([
          ['id', clusterId],
          ['name', clusterName],
          ['release', 'emr-7.9.0']
        ])
      );
      const byRole = Object.fromEntries(groups.rows.map(row => [row[0], row.slice(1, 5)]));
      expect(byRole).toEqual({ MASTER: ['m5.xlarge', 1, 1, 'ON_DEMAND'], TASK: ['r5.2xlarge', 2, 2, 'SPOT'] });
      expect((column(steps, 'name') as string[]).sort()).toEqual([...stepNames].sort());
    },
    CALL_MS
  );

  it(
    '%emr virtual-clusters and %emr job-runs list the seeded EKS estate',
    async () => {
      const vcs = await execute('%emr virtual-clusters');
      expect(column(vcs.tables[0], 'id')).toContain(seed.emrContainers.virtualClusterId);
      const runs = await execute(`%emr job-runs ${seed.emrContainers.virtualClusterId}`);
      const byId = Object.fromEntries(runs.tables[0].rows.map(row => [row[0], row[2]]));
      expect(byId).toEqual(Object.fromEntries(seed.emrContainers.jobRuns.map(run => [run.id, run.state])));
    },
    CALL_MS
  );
});
