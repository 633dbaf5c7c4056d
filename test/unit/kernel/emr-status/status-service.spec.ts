import { IAwsTarget, StatusReply } from '@jupyterlab-emr/common';
import { IAwsClients } from '../../../../kernel/src/aws/aws-clients';
import { toStatusError } from '../../../../kernel/src/aws/aws-errors';
import { StatusService } from '../../../../kernel/src/emr-status/status-service';
import { LivyClient } from '../../../../kernel/src/livy/client';
import { LivyTransportError } from '../../../../kernel/src/livy/errors';
import { basicAuthorization, IHttpRequest, IHttpResponse, LivyHttp } from '../../../../kernel/src/livy/http';
import { Redactor } from '../../../../kernel/src/redact';
import { fakeSdkClient, sdkError } from '../../../helpers/fake-sdk-client';
import { ownEnvironment } from '../../../helpers/owned-env';

type Handler = (input: Record<string, unknown>) => unknown;
const fakeClient = fakeSdkClient;

const created = new Date('2026-01-15T10:00:00Z');

const LIVY_URL = 'http://livy.test:8998';

/** The kernel's own Livy client with basic auth, over a transport that records requests and answers from `answer`. */
function livyClient(answer: (request: IHttpRequest) => IHttpResponse | Promise<IHttpResponse>) {
  const requests: IHttpRequest[] = [];
  const transport = { send: async (request: IHttpRequest) => (requests.push(request), answer(request)), close: () => undefined };
  const http = new LivyHttp({ baseUrl: LIVY_URL, transport, authorization: basicAuthorization('analyst', 'pa55word'), requestedBy: 'jupyterlab-emr', timeoutMs: 1000 });
  return { requests, client: new LivyClient(http) };
}

function setup(emrHandlers: Record<string, Handler>, eksHandlers: Record<string, Handler> = {}, livy?: LivyClient) {
  const emr = fakeClient(emrHandlers);
  const emrContainers = fakeClient(eksHandlers);
  const redactor = new Redactor();
  const clients = { emr, emrContainers } as unknown as IAwsClients;
  const connector = { connect: jest.fn(async (clusterId: string) => ({ clusterId, livyUrl: LIVY_URL, reachable: true })) };
  const service = new StatusService({
    awsClients: () => clients,
    livy: () => (livy ? { url: LIVY_URL, client: livy } : undefined),
    connector,
    redactor
  });
  return { service, emr, emrContainers, redactor, connector };
}

const ok = <T>(reply: StatusReply): T => {
  if (!reply.ok) {
    throw new Error(`${reply.error.code}: ${reply.error.message}`);
  }
  return reply.result as T;
};

describe('StatusService request validation', () => {
  const { service } = setup({});
  it.each([
    ['no requestId', { method: 'listClusters', params: { filter: 'all' } }],
    ['an unknown method', { requestId: 'a', method: 'dropTables', params: {} }],
    ['a bad filter', { requestId: 'a', method: 'listClusters', params: { filter: 'some' } }],
    ['a cluster id that is not a string', { requestId: 'a', method: 'describeCluster', params: { id: 7 } }],
    ['a Livy session id that is not a number', { requestId: 'a', method: 'stopLivySession', params: { id: '1; rm' } }],
    ['a region that is not a string', { requestId: 'a', method: 'listClusters', params: { filter: 'all' }, aws: { region: 1 } }],
    ['a resize to a count that is not a whole number', { requestId: 'a', method: 'resizeInstanceGroup', params: { clusterId: 'j-1', groupId: 'ig-1', count: 2.5 } }],
    ['a resize to a negative count', { requestId: 'a', method: 'resizeInstanceGroup', params: { clusterId: 'j-1', groupId: 'ig-1', count: -1 } }],
    ['a fleet resize without its spot capacity', { requestId: 'a', method: 'resizeInstanceFleet', params: { clusterId: 'j-1', fleetId: 'if-1', onDemand: 2 } }],
    ['a load request without a cluster id', { requestId: 'a', method: 'clusterLoad', params: {} }],
    ['details of no cluster', { requestId: 'a', method: 'clusterDetails', params: { ids: [] } }],
    ['details of more clusters than a page', { requestId: 'a', method: 'clusterDetails', params: { ids: Array.from({ length: 51 }, (_, i) => `j-${i}`) } }],
    ['details with an id that is not a string', { requestId: 'a', method: 'clusterDetails', params: { ids: ['j-1', 3] } }],
    ['not an object at all', 'listClusters']
  ])('answers %s with INVALID_REQUEST', async (_label, data) => {
    const reply = await service.handle(data);
    expect(reply).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
  });
});

describe('StatusService on EMR on EC2', () => {
  const summary = (id: string) => ({
    Id: id,
    Name: `cluster ${id}`,
    NormalizedInstanceHours: 12,
    Status: { State: 'WAITING', Timeline: { CreationDateTime: created } }
  });

  it('lists active clusters at once, then gives the details DescribeCluster adds to the rows asked, and passes the Marker on', async () => {
    const { service, emr } = setup({
      ListClustersCommand: () => ({ Clusters: [summary('j-1'), summary('j-2')], Marker: 'next-page' }),
      DescribeClusterCommand: input => {
        if (input.ClusterId === 'j-2') {
          throw sdkError('ThrottlingException', 'Rate exceeded');
        }
        return {
          Cluster: {
            Id: 'j-1',
            ReleaseLabel: 'emr-7.9.0',
            Applications: [{ Name: 'Spark', Version: '3.5.5' }, { Name: 'Livy' }],
            MasterPublicDnsName: 'ec2-1.compute.amazonaws.com'
          }
        };
      },
      ListInstanceGroupsCommand: () => ({
        InstanceGroups: [{ Id: 'ig-1', InstanceGroupType: 'MASTER', InstanceType: 'm5.xlarge', RunningInstanceCount: 1, RequestedInstanceCount: 1, Market: 'ON_DEMAND', Status: { State: 'RUNNING' } }]
      })
    });
    const page = ok<{ clusters: unknown[]; marker?: string }>(await service.handle({ requestId: 'r', method: 'listClusters', params: { filter: 'active', marker: 'm1' } }));
    expect(emr.calls[0]).toEqual({
      command: 'ListClustersCommand',
      input: { Marker: 'm1', ClusterStates: ['STARTING', 'BOOTSTRAPPING', 'RUNNING', 'WAITING', 'TERMINATING'] }
    });
    expect(page.marker).toBe('next-page');
    expect(emr.calls.map(call => call.command)).toEqual(['ListClustersCommand']);
    expect(page.clusters).toEqual([
      { id: 'j-1', name: 'cluster j-1', state: 'WAITING', normalizedInstanceHours: 12, createdAt: created.toISOString(), detailsPending: true },
      { id: 'j-2', name: 'cluster j-2', state: 'WAITING', normalizedInstanceHours: 12, createdAt: created.toISOString(), detailsPending: true }
    ]);
    const details = ok<{ clusters: unknown[] }>(await service.handle({ requestId: 'r2', method: 'clusterDetails', params: { ids: ['j-1', 'j-2'] } }));
    expect(details.clusters).toEqual([
      {
        id: 'j-1',
        name: 'cluster j-1',
        state: 'WAITING',
        normalizedInstanceHours: 12,
        createdAt: created.toISOString(),
        releaseLabel: 'emr-7.9.0',
        applications: ['Spark 3.5.5', 'Livy'],
        masterAddress: 'ec2-1.compute.amazonaws.com',
        instances: { kind: 'groups', groups: [{ id: 'ig-1', role: 'MASTER', instanceType: 'm5.xlarge', running: 1, requested: 1, market: 'ON_DEMAND', state: 'RUNNING' }] },
        instancesAsOf: expect.any(String)
      },
      // Its Describe was throttled: still listed, without the details (nor its instances: groups or fleets is not known).
      { id: 'j-2', name: 'cluster j-2', state: 'WAITING', normalizedInstanceHours: 12, createdAt: created.toISOString() }
    ]);
  });

  it('asks for every state when the filter is all', async () => {
    const { service, emr } = setup({ ListClustersCommand: () => ({ Clusters: [] }) });
    await service.handle({ requestId: 'r', method: 'listClusters', params: { filter: 'all' } });
    expect(emr.calls[0].input.ClusterStates).toBeUndefined();
  });

  it('describes a fleet cluster whose fleets cannot be listed, with steps, and says why fleets are missing', async () => {
    const { service } = setup({
      DescribeClusterCommand: () => ({
        Cluster: { Id: 'j-1', Name: 'fleet', InstanceCollectionType: 'INSTANCE_FLEET', Status: { State: 'RUNNING' } }
      }),
      ListInstanceFleetsCommand: () => {
        throw sdkError('Error', 'The list_instance_fleets action has not been implemented', { $metadata: { httpStatusCode: 500 } });
      },
      ListStepsCommand: () => ({
        Steps: Array.from({ length: 12 }, (_, i) => ({ Id: `s-${i}`, Name: `step ${i}`, Status: { State: i === 0 ? 'RUNNING' : 'COMPLETED' } }))
      })
    });
    const detail = ok<{ instances: { kind: string; reason?: string }; steps: { id: string; state: string }[] }>(
      await service.handle({ requestId: 'r', method: 'describeCluster', params: { id: 'j-1' } })
    );
    expect(detail.instances.kind).toBe('unavailable');
    expect(detail.instances.reason).toMatch(/Instance fleets are not available/);
    expect(detail.steps).toHaveLength(10);
    expect(detail.steps[0]).toMatchObject({ id: 's-0', state: 'RUNNING' });
  });

  it('maps instance groups with role, type, counts and market', async () => {
    const { service } = setup({
      DescribeClusterCommand: () => ({ Cluster: { Id: 'j-1', Status: { State: 'WAITING' } } }),
      ListInstanceGroupsCommand: () => ({
        InstanceGroups: [{ Id: 'ig-1', InstanceGroupType: 'CORE', InstanceType: 'r5.2xlarge', RunningInstanceCount: 3, RequestedInstanceCount: 4, Market: 'SPOT', Status: { State: 'RESIZING' } }]
      }),
      ListStepsCommand: () => ({})
    });
    const detail = ok<{ instances: unknown }>(await service.handle({ requestId: 'r', method: 'describeCluster', params: { id: 'j-1' } }));
    expect(detail.instances).toEqual({
      kind: 'groups',
      groups: [{ id: 'ig-1', name: undefined, role: 'CORE', instanceType: 'r5.2xlarge', running: 3, requested: 4, market: 'SPOT', state: 'RESIZING' }]
    });
  });

  it('passes every reply through the redactor', async () => {
    const { service, redactor } = setup({
      ListClustersCommand: () => ({ Clusters: [{ Id: 'j-1', Name: 'etl for s3cr3t-token-value', Status: { State: 'WAITING' } }] }),
      DescribeClusterCommand: () => ({})
    });
    redactor.register('s3cr3t-token-value');
    const reply = await service.handle({ requestId: 'r', method: 'listClusters', params: { filter: 'all' } });
    expect(JSON.stringify(reply)).not.toContain('s3cr3t-token-value');
    expect(JSON.stringify(reply)).toContain('etl for ***');
    const details = await service.handle({ requestId: 'r2', method: 'clusterDetails', params: { ids: ['j-1'] } });
    expect(details).toMatchObject({ ok: true, result: { clusters: [{ name: 'etl for ***' }] } });
  });
});

describe('StatusService on EMR on EKS', () => {
  it('lists virtual clusters with their newest job runs, and keeps a cluster whose runs failed to list', async () => {
    const { service } = setup(
      {},
      {
        ListVirtualClustersCommand: input =>
          input.nextToken
            ? { virtualClusters: [{ id: 'vc-2', name: 'two', state: 'RUNNING' }] }
            : {
                virtualClusters: [{ id: 'vc-1', name: 'one', state: 'RUNNING', containerProvider: { id: 'eks-a', info: { eksInfo: { namespace: 'spark' } } } }],
                nextToken: 't2'
              },
        ListJobRunsCommand: input => {
          if (input.virtualClusterId === 'vc-2') {
            throw sdkError('AccessDeniedException', 'not allowed');
          }
          return {
            jobRuns: [
              { id: 'old', name: 'old', state: 'COMPLETED', createdAt: new Date('2026-01-01T00:00:00Z') },
              { id: 'new', name: 'new', state: 'RUNNING', createdAt: new Date('2026-01-02T00:00:00Z') }
            ]
          };
        }
      }
    );
    const { virtualClusters } = ok<{ virtualClusters: { id: string; namespace?: string; jobRuns: { id: string }[] | null; jobRunsError?: { code: string } }[] }>(
      await service.handle({ requestId: 'r', method: 'listVirtualClusters', params: { filter: 'active' } })
    );
    expect(virtualClusters.map(c => c.id)).toEqual(['vc-1', 'vc-2']);
    expect(virtualClusters[0].namespace).toBe('spark');
    expect(virtualClusters[0].jobRuns?.map(r => r.id)).toEqual(['new', 'old']);
    expect(virtualClusters[1]).toMatchObject({ jobRuns: null, jobRunsError: { code: 'AWS_ACCESS_DENIED' } });
  });
});

describe('AWS errors → status codes', () => {
  const endpoint = 'https://elasticmapreduce.us-east-1.amazonaws.com';
  it.each([
    [sdkError('CredentialsProviderError', 'Could not load credentials from any providers'), 'AWS_NO_CREDENTIALS'],
    [sdkError('UnrecognizedClientException', 'The security token included in the request is invalid'), 'AWS_INVALID_CREDENTIALS'],
    [sdkError('AccessDeniedException', 'User is not authorized to perform elasticmapreduce:ListClusters'), 'AWS_ACCESS_DENIED'],
    [sdkError('Error', 'Region is missing'), 'AWS_WRONG_REGION'],
    [sdkError('Error', 'getaddrinfo ENOTFOUND elasticmapreduce.us-east-9.amazonaws.com', { code: 'ENOTFOUND' }), 'AWS_WRONG_REGION'],
    [sdkError('Error', 'AWS SDK error wrapper for Error: connect ECONNREFUSED 127.0.0.1:1'), 'ENDPOINT_UNREACHABLE'],
    [sdkError('TimeoutError', 'Connection timed out after 5000 ms'), 'ENDPOINT_UNREACHABLE'],
    [sdkError('ThrottlingException', 'Rate exceeded'), 'AWS_THROTTLED'],
    [sdkError('InvalidRequestException', 'Cluster id is not valid', { $metadata: { httpStatusCode: 400 } }), 'AWS_REQUEST_REJECTED'],
    [new TypeError('x is undefined'), 'INTERNAL']
  ])('%s → %s', (error, code) => {
    expect(toStatusError(error, endpoint).code).toBe(code);
  });

  it('names the endpoint it could not reach', () => {
    const error = sdkError('Error', 'connect ECONNREFUSED', { code: 'ECONNREFUSED' });
    expect(toStatusError(error, 'http://127.0.0.1:1').message).toBe('Could not reach http://127.0.0.1:1 (ECONNREFUSED).');
  });
});

describe('StatusService on Livy', () => {
  const json = (status: number, body: unknown): IHttpResponse => ({ status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it("lists sessions through the notebook's Livy client, with its basic auth", async () => {
    const { client, requests } = livyClient(() =>
      json(200, {
        from: 0,
        total: 1,
        sessions: [{ id: 3, name: null, kind: 'spark', state: 'idle', appId: 'local-1', appInfo: { sparkUiUrl: 'http://ui', driverLogUrl: null }, owner: null, proxyUser: null, log: [] }]
      })
    );
    const { service } = setup({}, {}, client);
    const result = ok<unknown>(await service.handle({ requestId: 'r', method: 'listLivySessions', params: {} }));
    expect(requests.map(r => `${r.method} ${r.url}`)).toEqual([`GET ${LIVY_URL}/sessions?from=0&size=1000`]);
    expect(requests[0].headers.Authorization).toBe(basicAuthorization('analyst', 'pa55word'));
    expect(result).toEqual({
      url: LIVY_URL,
      sessions: [{ id: 3, name: undefined, kind: 'spark', state: 'idle', appId: 'local-1', sparkUiUrl: 'http://ui', driverLogUrl: undefined }]
    });
  });

  it('stops a session with a DELETE that Livy CSRF protection accepts', async () => {
    const { client, requests } = livyClient(() => json(200, { msg: 'deleted' }));
    const { service } = setup({}, {}, client);
    const reply = await service.handle({ requestId: 'r', method: 'stopLivySession', params: { id: 3 } });
    expect(reply).toMatchObject({ ok: true, result: { url: LIVY_URL, stopped: 3 } });
    expect(requests.map(r => `${r.method} ${r.url}`)).toEqual([`DELETE ${LIVY_URL}/sessions/3`]);
    expect(requests[0].headers).toMatchObject({ 'X-Requested-By': 'jupyterlab-emr', Authorization: expect.stringMatching(/^Basic /) });
  });

  it('says Livy is unreachable at its URL when nothing answers', async () => {
    const { client } = livyClient(request => {
      throw new LivyTransportError('LIVY_UNREACHABLE', `Cannot reach Livy at ${LIVY_URL}: connect ECONNREFUSED`, request.url, 'ECONNREFUSED', false);
    });
    const { service } = setup({}, {}, client);
    const reply = await service.handle({ requestId: 'r', method: 'listLivySessions', params: {} });
    expect(reply).toEqual({
      requestId: 'r',
      method: 'listLivySessions',
      ok: false,
      error: { code: 'LIVY_UNREACHABLE', message: `Cannot reach Livy at ${LIVY_URL}: connect ECONNREFUSED` }
    });
  });

  it('reports what Livy answered when it refuses, naming the URL', async () => {
    const { client } = livyClient(() => json(404, { msg: 'Session 9 not found' }));
    const { service } = setup({}, {}, client);
    const reply = await service.handle({ requestId: 'r', method: 'stopLivySession', params: { id: 9 } });
    expect(reply).toMatchObject({
      ok: false,
      error: { code: 'LIVY_ERROR', message: `Livy answered DELETE /sessions/9 with HTTP 404: Session 9 not found (Livy at ${LIVY_URL}).` }
    });
  });

  it('says no Livy is configured when the notebook has none', async () => {
    const { service } = setup({});
    expect(await service.handle({ requestId: 'r', method: 'listLivySessions', params: {} })).toMatchObject({ ok: false, error: { code: 'LIVY_NOT_CONFIGURED' } });
  });
});

describe('StatusService as a comm target', () => {
  it('answers each comm message on the same comm; connectCluster goes to the connector with the panel target', async () => {
    const { service, connector } = setup({});
    const sent: unknown[] = [];
    const comm = { commId: 'c', targetName: 'emr-livy.status', send: (data: unknown) => sent.push(data), close: jest.fn() };
    const listener = await service.commTarget(comm, {});
    await listener.onMessage?.({ requestId: 'x1', method: 'connectCluster', params: { clusterId: 'j-1' }, aws: { region: 'eu-west-1' } }, {} as never);
    await listener.onMessage?.({ requestId: 'x2', method: 'connectCluster', params: {} }, {} as never);
    expect(connector.connect).toHaveBeenCalledTimes(1);
    expect(connector.connect).toHaveBeenCalledWith('j-1', { region: 'eu-west-1', profile: undefined });
    expect(sent).toEqual([
      { requestId: 'x1', method: 'connectCluster', ok: true, result: { clusterId: 'j-1', livyUrl: LIVY_URL, reachable: true } },
      { requestId: 'x2', method: 'connectCluster', ok: false, error: { code: 'INVALID_REQUEST', message: 'clusterId must be a non-empty string.' } }
    ]);
  });
});

describe("StatusService's AWS region and profile", () => {
  // The endpoint an error names comes from AWS_ENDPOINT_URL* when set (scripts/test sets it to the
  // stack's emulator); these tests are about AWS's own regional endpoints, so they clear them.
  ownEnvironment(['AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_EMR', 'AWS_ENDPOINT_URL_EMR_CONTAINERS']);

  /** A service whose client factory records each target it is asked for; every EMR call fails with `error`. */
  function withConfigured(configuredAws: IAwsTarget | undefined, error: Error) {
    const targets: unknown[] = [];
    const emr = fakeClient({ ListClustersCommand: () => Promise.reject(error) });
    const clients = { emr, emrContainers: fakeClient({}) } as unknown as IAwsClients;
    const connector = { connect: jest.fn(async (clusterId: string) => ({ clusterId, livyUrl: LIVY_URL, reachable: true })) };
    const service = new StatusService({
      awsClients: target => (targets.push(target), clients),
      configuredAws,
      livy: () => undefined,
      connector,
      redactor: new Redactor()
    });
    return { service, targets, connector };
  }
  const unknownHost = sdkError('Error', 'getaddrinfo ENOTFOUND', { code: 'ENOTFOUND' });

  it("take the kernel config's region when the panel's setting is empty: for the clients, the connector and the endpoint it names", async () => {
    const { service, targets, connector } = withConfigured({ region: 'ap-south-1' }, unknownHost);
    const reply = await service.handle({ requestId: 'r1', method: 'listClusters', params: { filter: 'active' }, aws: { region: '', profile: 'analytics' } });
    await service.handle({ requestId: 'r2', method: 'connectCluster', params: { clusterId: 'j-1' } });
    expect(targets).toEqual([{ region: 'ap-south-1', profile: 'analytics' }]);
    expect(connector.connect).toHaveBeenCalledWith('j-1', { region: 'ap-south-1', profile: undefined });
    expect(reply).toMatchObject({ ok: false, error: { code: 'AWS_WRONG_REGION', message: expect.stringContaining('https://elasticmapreduce.ap-south-1.amazonaws.com') } });
  });

  it("take the panel's own region when set", async () => {
    const { service, targets } = withConfigured({ region: 'ap-south-1' }, unknownHost);
    const reply = await service.handle({ requestId: 'r1', method: 'listClusters', params: { filter: 'active' }, aws: { region: 'eu-north-1' } });
    expect(targets).toEqual([{ region: 'eu-north-1', profile: undefined }]);
    expect(reply).toMatchObject({ ok: false, error: { message: expect.stringContaining('https://elasticmapreduce.eu-north-1.amazonaws.com') } });
  });

  it("take the kernel config's profile when the panel's setting is empty, for the clients and the connector", async () => {
    const { service, targets, connector } = withConfigured({ region: 'ap-south-1', profile: 'kernel-profile' }, unknownHost);
    for (const aws of [undefined, {}, { profile: '' }, { region: 'eu-north-1', profile: '' }]) {
      await service.handle({ requestId: 'r1', method: 'listClusters', params: { filter: 'active' }, aws });
    }
    await service.handle({ requestId: 'r2', method: 'connectCluster', params: { clusterId: 'j-1' }, aws: { profile: '' } });
    expect(targets).toEqual([
      { region: 'ap-south-1', profile: 'kernel-profile' },
      { region: 'ap-south-1', profile: 'kernel-profile' },
      { region: 'ap-south-1', profile: 'kernel-profile' },
      { region: 'eu-north-1', profile: 'kernel-profile' }
    ]);
    expect(connector.connect).toHaveBeenCalledWith('j-1', { region: 'ap-south-1', profile: 'kernel-profile' });
  });

  it("take the panel's own profile when set", async () => {
    const { service, targets, connector } = withConfigured({ region: 'ap-south-1', profile: 'kernel-profile' }, unknownHost);
    await service.handle({ requestId: 'r1', method: 'listClusters', params: { filter: 'active' }, aws: { profile: 'analytics' } });
    await service.handle({ requestId: 'r2', method: 'connectCluster', params: { clusterId: 'j-1' }, aws: { profile: 'analytics' } });
    expect(targets).toEqual([{ region: 'ap-south-1', profile: 'analytics' }]);
    expect(connector.connect).toHaveBeenCalledWith('j-1', { region: 'ap-south-1', profile: 'analytics' });
  });

  it('leave both to the SDK when neither the panel nor the kernel config names them', async () => {
    const { service, targets } = withConfigured(undefined, unknownHost);
    await service.handle({ requestId: 'r1', method: 'listClusters', params: { filter: 'active' }, aws: { region: '', profile: '' } });
    expect(targets).toEqual([{ region: undefined, profile: undefined }]);
  });
});
