import { STATUS_COMM_TARGET, StatusReply } from '@jupyterlab-emr/common';
import { KernelHarness } from '../../helpers/kernel-harness';
import { loadStackEnv, readSeed } from '../../helpers/stack-env';

// The panel's path end to end on the kernel side: a real kernel process, started as Jupyter
// starts it with the stack's AWS environment, answering over a signed comm from moto.
const env = loadStackEnv();
const seed = readSeed(env.STACK_SEED_FILE);

describe('emr-livy kernel process: the emr-livy.status comm', () => {
  let kernel: KernelHarness;

  beforeAll(async () => {
    kernel = await KernelHarness.start({ env });
  }, 60_000);

  afterAll(async () => {
    await kernel?.stop();
  });

  async function request(commId: string, data: Record<string, unknown>): Promise<StatusReply> {
    await kernel.client.send('shell', 'comm_msg', { comm_id: commId, data: data as never });
    const { message } = await kernel.client.waitFor(
      ({ channel, message: m }) => channel === 'iopub' && m.header.msg_type === 'comm_msg' && (m.content.data as { requestId?: string } | undefined)?.requestId === data.requestId,
      30_000
    );
    expect(message.content.comm_id).toBe(commId);
    return message.content.data as unknown as StatusReply;
  }

  it('accepts the comm and lists the seeded cluster on a listClusters message', async () => {
    const open = await kernel.client.send('shell', 'comm_open', { comm_id: 'status-1', target_name: STATUS_COMM_TARGET, data: {} });
    await kernel.client.idleAfter(open);
    expect(kernel.client.for(open).map(({ message }) => message.header.msg_type)).not.toContain('comm_close');

    const reply = await request('status-1', { requestId: 'k1', method: 'listClusters', params: { filter: 'active' }, aws: {} });
    expect(reply.ok).toBe(true);
    const clusters = reply.ok && reply.method === 'listClusters' ? (reply.result as { clusters: { id: string; name: string }[] }).clusters : [];
    expect(clusters).toContainEqual(expect.objectContaining({ id: seed.emr.clusterId, name: seed.emr.clusterName }));
    const details = await request('status-1', { requestId: 'k1d', method: 'clusterDetails', params: { ids: [seed.emr.clusterId] }, aws: {} });
    expect(details).toMatchObject({ ok: true, result: { clusters: [{ id: seed.emr.clusterId, releaseLabel: seed.emr.releaseLabel }] } });
  }, 60_000);

  it('answers a malformed request on the same comm with INVALID_REQUEST and keeps serving', async () => {
    const bad = await request('status-1', { requestId: 'k2', method: 'describeCluster', params: {} });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    const good = await request('status-1', { requestId: 'k3', method: 'describeCluster', params: { id: seed.emr.clusterId } });
    expect(good).toMatchObject({ ok: true, result: { cluster: { id: seed.emr.clusterId } } });
  }, 60_000);
});
