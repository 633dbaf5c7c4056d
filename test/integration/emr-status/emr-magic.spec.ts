import { ITablePayload, STATUS_COMM_TARGET, StatusReply, TABLE_MIME_TYPE } from '@jupyterlab-emr/common';
import * as net from 'net';
import { KernelHarness } from '../../helpers/kernel-harness';
import { loadStackEnv, readSeed } from '../../helpers/stack-env';

// %emr and the panel's Connect through a real kernel process, started as Jupyter starts it with
// the stack's AWS environment, answering from moto. No Livy is needed: the cluster's Livy is a
// closed loopback port, which is what %%info must report without hanging.
const env = loadStackEnv();
const seed = readSeed(env.STACK_SEED_FILE);
const CALL_MS = 60_000;

async function closedLoopbackPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>(resolve => server.close(() => resolve()));
  return port;
}

describe('emr-livy kernel process: %emr and Connect against moto', () => {
  let kernel: KernelHarness;
  let clusterLivy: string;

  beforeAll(async () => {
    clusterLivy = `http://127.0.0.1:${await closedLoopbackPort()}`;
    kernel = await KernelHarness.start({
      env: { ...env, LIVY_URL: '', EMR_LIVY_CONFIG: '', EMR_LIVY_CLUSTER_URLS: JSON.stringify({ [seed.emr.clusterId]: clusterLivy }) }
    });
  }, CALL_MS);

  afterAll(async () => {
    await kernel?.stop();
  });

  /** Runs a cell; its reply, its stdout and the table payloads it displayed. */
  async function execute(code: string) {
    const request = await kernel.client.send('shell', 'execute_request', { code, stop_on_error: false });
    const reply = await kernel.client.replyTo(request, CALL_MS);
    await kernel.client.idleAfter(request, CALL_MS);
    const outputs = kernel.client.for(request).filter(({ channel }) => channel === 'iopub').map(({ message }) => message);
    const stdout = outputs.filter(m => m.header.msg_type === 'stream').map(m => String(m.content.text)).join('');
    const displays = outputs.filter(m => m.header.msg_type === 'display_data').map(m => m.content.data as Record<string, unknown>);
    const tables = displays.map(data => data[TABLE_MIME_TYPE] as ITablePayload | undefined).filter((t): t is ITablePayload => t !== undefined);
    return { reply: reply.content, stdout, displays, tables };
  }

  function column(table: ITablePayload, name: string): unknown[] {
    const index = table.schema.fields.findIndex(field => field.name === name);
    return table.rows.map(row => row[index]);
  }

  it('%emr clusters lists the seeded cluster; %emr steps its steps with their states', async () => {
    const clusters = await execute('%emr clusters');
    expect(clusters.reply).toMatchObject({ status: 'ok' });
    expect(column(clusters.tables[0], 'id')).toContain(seed.emr.clusterId);
    const steps = await execute(`%emr steps ${seed.emr.clusterId}`);
    const byId = Object.fromEntries(steps.tables[0].rows.map(row => [row[0], row[2]]));
    expect(byId).toEqual(Object.fromEntries(seed.emr.steps.map(step => [step.id, step.state])));
  }, CALL_MS);

  it('%emr describe needs a cluster until the notebook is connected to one', async () => {
    const refused = await execute('%emr describe');
    expect(refused.reply).toMatchObject({ status: 'error', evalue: expect.stringMatching(/^%emr describe needs a cluster id/) });
  }, CALL_MS);

  it("the panel's connectCluster points the notebook at the cluster's Livy; %%info reports it, unreachable, at once", async () => {
    const open = await kernel.client.send('shell', 'comm_open', { comm_id: 'connect-1', target_name: STATUS_COMM_TARGET, data: {} });
    await kernel.client.idleAfter(open);
    await kernel.client.send('shell', 'comm_msg', { comm_id: 'connect-1', data: { requestId: 'c1', method: 'connectCluster', params: { clusterId: seed.emr.clusterId }, aws: {} } });
    const { message } = await kernel.client.waitFor(
      ({ channel, message: m }) => channel === 'iopub' && m.header.msg_type === 'comm_msg' && (m.content.data as { requestId?: string }).requestId === 'c1',
      CALL_MS
    );
    const reply = message.content.data as unknown as StatusReply<'connectCluster'>;
    expect(reply).toMatchObject({ ok: true, result: { clusterId: seed.emr.clusterId, livyUrl: clusterLivy, reachable: false, problem: expect.stringContaining('ECONNREFUSED') } });

    const info = await execute('%%info');
    expect(info.reply).toMatchObject({ status: 'ok' });
    const text = String(info.displays[0]['text/plain']);
    expect(text).toContain(clusterLivy);
    expect(text).toMatch(new RegExp(`EMR cluster +${seed.emr.clusterId}`));
    expect(text).toMatch(/State +unreachable: /);

    // The next cell runs there: it fails naming that Livy, not the one the kernel started with.
    const cell = await execute('spark.range(1).count()');
    expect(cell.reply).toMatchObject({ status: 'error', evalue: expect.stringContaining(clusterLivy) });
  }, CALL_MS);

  it('%emr describe then defaults to the connected cluster: summary, instance groups, steps', async () => {
    const described = await execute('%emr describe');
    expect(described.reply).toMatchObject({ status: 'ok' });
    const [summary, groups, steps] = described.tables;
    expect(summary.rows).toEqual(expect.arrayContaining([['id', seed.emr.clusterId], ['name', seed.emr.clusterName], ['release', seed.emr.releaseLabel]]));
    expect((column(groups, 'role') as string[]).sort()).toEqual(['CORE', 'MASTER', 'TASK']);
    expect(column(groups, 'market')).toContain('SPOT');
    expect((column(steps, 'id') as string[]).sort()).toEqual([...seed.emr.stepIds].sort());
  }, CALL_MS);

  it('%emr virtual-clusters and %emr job-runs list the seeded EKS estate', async () => {
    const vcs = await execute('%emr virtual-clusters');
    expect(column(vcs.tables[0], 'id')).toContain(seed.emrContainers.virtualClusterId);
    const runs = await execute(`%emr job-runs ${seed.emrContainers.virtualClusterId}`);
    const byId = Object.fromEntries(runs.tables[0].rows.map(row => [row[0], row[2]]));
    expect(byId).toEqual(Object.fromEntries(seed.emrContainers.jobRuns.map(run => [run.id, run.state])));
  }, CALL_MS);
});
