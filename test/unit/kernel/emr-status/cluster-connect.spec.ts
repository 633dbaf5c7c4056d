import { IAwsClients } from '../../../../kernel/src/aws/aws-clients';
import { ClusterConnector } from '../../../../kernel/src/emr-status/cluster-connect';
import { ExecutionQueue } from '../../../../kernel/src/core/execution-queue';
import { LivyClient } from '../../../../kernel/src/livy/client';
import { LivyTransportError } from '../../../../kernel/src/livy/errors';
import { IHttpRequest, IHttpResponse, LivyHttp } from '../../../../kernel/src/livy/http';
import { ClusterResolver } from '../../../../kernel/src/cell-kit/cluster-resolver';
import { ILivyEndpoint, ISwitchOptions } from '../../../../kernel/src/cell-kit/context';

type Answer = (request: IHttpRequest) => IHttpResponse;
const VERSION: Answer = () => ({ status: 200, headers: {}, body: '{"version": "0.9.0-incubating"}' });
const REFUSED: Answer = request => {
  throw new LivyTransportError('LIVY_UNREACHABLE', `Cannot reach Livy at ${new URL(request.url).origin}: connect ECONNREFUSED`, request.url, 'ECONNREFUSED', false);
};

/** The notebook's connection at its interface: records every switch, opens endpoints on a scripted transport. */
function connection(answer: Answer) {
  const switches: { url: string; options?: ISwitchOptions }[] = [];
  let current: ILivyEndpoint | undefined;
  return {
    switches,
    current: () => current,
    require: () => current!,
    switchTo: async (url: string, options?: ISwitchOptions) => {
      switches.push({ url, options });
      const transport = { send: async (request: IHttpRequest) => answer(request), close: () => undefined };
      const client = new LivyClient(new LivyHttp({ baseUrl: url, transport, requestedBy: 't', timeoutMs: 1000 }));
      current = { url, client, clusterId: options?.clusterId } as ILivyEndpoint;
      return { endpoint: current, released: 4 };
    }
  };
}

function emrAnswering(cluster: Record<string, unknown>) {
  const calls: { region?: string; input: unknown }[] = [];
  const factory = (target: { region?: string }): IAwsClients =>
    ({
      emr: { send: async (command: { input: unknown }) => (calls.push({ region: target.region, input: command.input }), { Cluster: cluster }) },
      emrContainers: { send: async () => ({}) }
    }) as unknown as IAwsClients;
  return { calls, factory };
}

const RUNNING = {
  Id: 'j-ABC',
  Name: 'analytics',
  Status: { State: 'WAITING' },
  ReleaseLabel: 'emr-7.9.0',
  MasterPublicDnsName: 'ec2-1-2-3-4.compute-1.amazonaws.com',
  Applications: [{ Name: 'Spark' }, { Name: 'Livy' }]
};

function resolver(overrides: Record<string, string> = {}) {
  return new ClusterResolver({ describeCluster: async () => ({ applications: [] }), awsEndpoint: 'http://aws', livyPort: 8998, livyScheme: 'auto', overrides });
}

describe('ClusterConnector (the panel\'s "Connect active notebook")', () => {
  it('describes the cluster in the panel region, switches the notebook to its Livy and reports the version', async () => {
    const conn = connection(VERSION);
    const aws = emrAnswering(RUNNING);
    const connector = new ClusterConnector({ connection: conn, resolver: resolver(), awsClients: aws.factory, queue: new ExecutionQueue() });
    const result = await connector.connect('j-ABC', { region: 'eu-west-1' });
    expect(aws.calls).toEqual([{ region: 'eu-west-1', input: { ClusterId: 'j-ABC' } }]);
    expect(conn.switches).toEqual([{ url: 'https://ec2-1-2-3-4.compute-1.amazonaws.com:8998', options: { clusterId: 'j-ABC', verify: false } }]);
    expect(result).toEqual({
      clusterId: 'j-ABC',
      clusterName: 'analytics',
      livyUrl: 'https://ec2-1-2-3-4.compute-1.amazonaws.com:8998',
      reachable: true,
      livyVersion: '0.9.0-incubating',
      problem: undefined,
      releasedSession: 4
    });
  });

  it('switches even when Livy does not answer yet, and says why', async () => {
    const conn = connection(REFUSED);
    const connector = new ClusterConnector({
      connection: conn,
      resolver: resolver({ 'j-abc': 'http://127.0.0.1:1' }),
      awsClients: emrAnswering(RUNNING).factory,
      queue: new ExecutionQueue()
    });
    const result = await connector.connect('j-ABC', {});
    expect(conn.current()?.url).toBe('http://127.0.0.1:1');
    expect(result).toMatchObject({ livyUrl: 'http://127.0.0.1:1', reachable: false, problem: 'Cannot reach Livy at http://127.0.0.1:1: connect ECONNREFUSED' });
  });

  it.each([
    [{ ...RUNNING, Status: { State: 'TERMINATED' } }, /is terminated, so its Livy is gone/],
    [{ ...RUNNING, Applications: [{ Name: 'Spark' }] }, /does not run Livy/],
    [{ ...RUNNING, MasterPublicDnsName: undefined }, /reports no primary node address yet/]
  ])('refuses a cluster it cannot connect to, and leaves the notebook where it was', async (cluster, message) => {
    const conn = connection(VERSION);
    const connector = new ClusterConnector({ connection: conn, resolver: resolver(), awsClients: emrAnswering(cluster).factory, queue: new ExecutionQueue() });
    await expect(connector.connect('j-ABC', {})).rejects.toMatchObject({ code: 'CLUSTER_NOT_CONNECTABLE', message: expect.stringMatching(message) });
    expect(conn.switches).toEqual([]);
  });

  it('refuses while a cell runs, rather than ending its session under it', async () => {
    const conn = connection(VERSION);
    const queue = new ExecutionQueue();
    let finish!: () => void;
    const cell = queue.enqueue(() => new Promise<void>(resolve => (finish = resolve)));
    const connector = new ClusterConnector({ connection: conn, resolver: resolver(), awsClients: emrAnswering(RUNNING).factory, queue });
    await expect(connector.connect('j-ABC', {})).rejects.toMatchObject({ code: 'KERNEL_BUSY' });
    finish();
    await cell;
    await expect(connector.connect('j-ABC', {})).resolves.toMatchObject({ reachable: true });
    expect(conn.switches).toHaveLength(1);
  });
});
