import { STATUS_COMM_TARGET } from '@jupyterlab-emr/common';
import { freePorts } from '../../helpers/connection-info';
import { loadStackEnv } from '../../helpers/stack-env';
import { kernelForSuite, streamText } from './hive-kernel';
import { scratchClusterForSuite } from './scratch-cluster';

// With no HiveServer2 configured, %%hive finds the one on the EMR cluster the notebook is
// connected to (DescribeCluster on the emulator, on a cluster of the test's own that runs Hive; its primary node's name
// is fabricated, so EMR_HIVESERVER2_CLUSTER_URLS maps it to the stack's Thrift server, as
// EMR_LIVY_CLUSTER_URLS does for Livy), and --step goes to that cluster.

const env = loadStackEnv();
const hs2 = `${env.HIVESERVER2_HOST}:${env.HIVESERVER2_PORT}`;

describe('%%hive on the connected cluster', () => {
  const cluster = scratchClusterForSuite(`it-hive-discovery-${process.pid}`);
  const kernel = kernelForSuite(async () => {
    const clusterId = cluster();
    // The cluster's Livy is a closed port: connecting through the panel does not need it to answer.
    const [closedLivy] = await freePorts(1);
    return {
      LIVY_URL: '',
      // No HiveServer2 but the connected cluster's (.stack/env.sh names the stack's Thrift server).
      EMR_HIVESERVER2_URL: '',
      EMR_LIVY_CLUSTER_URLS: JSON.stringify({ [clusterId]: `http://127.0.0.1:${closedLivy}` }),
      EMR_HIVESERVER2_CLUSTER_URLS: JSON.stringify({ [clusterId]: hs2 })
    };
  });

  it('runs on Spark before a cluster is connected, then on the HiveServer2 of the cluster the panel connected', async () => {
    const clusterId = cluster();
    const before = await kernel().execute('%%hive --engine hiveserver2\nSELECT 1');
    expect(String(before.reply.evalue)).toContain('none is configured or found on a connected cluster');

    const { client } = kernel().harness;
    const open = await client.send('shell', 'comm_open', { comm_id: 'hive-connect', target_name: STATUS_COMM_TARGET, data: {} });
    await client.idleAfter(open);
    await client.send('shell', 'comm_msg', { comm_id: 'hive-connect', data: { requestId: 'h1', method: 'connectCluster', params: { clusterId }, aws: {} } });
    await client.waitFor(({ channel, message }) => channel === 'iopub' && message.header.msg_type === 'comm_msg' && (message.content.data as { requestId?: string }).requestId === 'h1', 60_000);

    const run = await kernel().execute('%%hive\nSELECT 41 + 1 AS answer');
    expect(run.reply.status).toBe('ok');
    expect(streamText(run, 'stdout')).toContain(`Running on HiveServer2 at ${hs2} (on EMR cluster ${clusterId})`);
  });

  it('submits --step to the connected cluster without --cluster, and the side panel lists it', async () => {
    const run = await kernel().execute('%%hive --step --name it-connected-step\nSELECT 1');
    expect(run.reply.status).toBe('ok');
    const stepId = /^Submitted (s-[A-Z0-9]+)/.exec(streamText(run, 'stdout'))?.[1];
    expect(stepId).toBeDefined();
    // The panel's describeCluster, over the same comm the panel uses.
    const { client } = kernel().harness;
    await client.send('shell', 'comm_msg', { comm_id: 'hive-connect', data: { requestId: 'h2', method: 'describeCluster', params: { id: cluster() }, aws: {} } });
    const { message } = await client.waitFor(
      ({ channel, message: m }) => channel === 'iopub' && m.header.msg_type === 'comm_msg' && (m.content.data as { requestId?: string }).requestId === 'h2',
      60_000
    );
    const detail = (message.content.data as { result: { steps: { id: string; name: string; state: string }[] } }).result;
    expect(detail.steps).toEqual(expect.arrayContaining([expect.objectContaining({ id: stepId, name: 'it-connected-step' })]));
  });
});
