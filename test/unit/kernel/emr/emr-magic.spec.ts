import { ITablePayload, TABLE_MIME_TYPE } from '@jupyterlab-emr/common';
import { KernelConfig, loadKernelConfig } from '../../../../kernel/src/config';
import { IAwsClients } from '../../../../kernel/src/aws/aws-clients';
import { LivyTransportError } from '../../../../kernel/src/livy/errors';
import { createCellExecutor } from '../../../../kernel/src/magics/assembly';
import { Redactor } from '../../../../kernel/src/redact';
import { expectOk, kernelErrorOf, runCell } from '../../../helpers/cell-runner';
import { FakeLivy } from '../../../helpers/fake-livy';

type Handler = (input: Record<string, unknown>) => unknown;

function config(): KernelConfig {
  const file = JSON.stringify({ poll: { initialMs: 1, maxMs: 5 }, progressDelayMs: 0, session: { heartbeatTimeoutSeconds: 0 } });
  return loadKernelConfig({ env: { LIVY_URL: 'http://livy-a.test:8998', EMR_LIVY_CONFIG: '/cfg.json', AWS_REGION: 'eu-west-1' }, redactor: new Redactor(), readFile: () => file });
}

/** The EMR API at its only boundary, send(command), answering by command name; every call kept. */
function world(emrHandlers: Record<string, Handler>, eksHandlers: Record<string, Handler> = {}) {
  const calls: { command: string; input: Record<string, unknown>; region?: string }[] = [];
  const client = (handlers: Record<string, Handler>, region?: string) => ({
    send: async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
      calls.push({ command: command.constructor.name, input: command.input, region });
      const handler = handlers[command.constructor.name];
      if (!handler) {
        throw new Error(`unexpected ${command.constructor.name}`);
      }
      return handler(command.input);
    }
  });
  const livy = new FakeLivy();
  livy.startPolls = 0;
  const executor = createCellExecutor(config(), {
    transport: () => livy,
    describeCluster: async () => ({ name: 'analytics', state: 'WAITING', masterPublicDnsName: 'primary.test', applications: ['Livy'] }),
    awsClients: target => ({ emr: client(emrHandlers, target.region), emrContainers: client(eksHandlers, target.region) }) as unknown as IAwsClients
  });
  return { executor, calls, livy };
}

function tables(displays: Record<string, unknown>[]): ITablePayload[] {
  return displays.map(bundle => bundle[TABLE_MIME_TYPE] as ITablePayload).filter(Boolean);
}

const created = new Date('2026-01-15T10:00:00Z');
const summary = (id: string, state = 'WAITING') => ({ Id: id, Name: `cluster ${id}`, NormalizedInstanceHours: 8, Status: { State: state, Timeline: { CreationDateTime: created } } });

describe('%emr', () => {
  it('clusters: pages through ListClusters (no DescribeCluster per cluster) into one table', async () => {
    const { executor, calls } = world({
      ListClustersCommand: input => (input.Marker ? { Clusters: [summary('j-2')] } : { Clusters: [summary('j-1')], Marker: 'next' })
    });
    const sink = expectOk(await runCell(executor, '%emr clusters'));
    expect(calls.map(c => [c.command, c.input.Marker, c.region])).toEqual([
      ['ListClustersCommand', undefined, 'eu-west-1'],
      ['ListClustersCommand', 'next', 'eu-west-1']
    ]);
    expect(calls[0].input.ClusterStates).toContain('WAITING');
    expect(sink.text()).toBe('EMR clusters (active; --all adds ended ones): 2\n');
    const [table] = tables(sink.displays());
    expect(table.schema.fields.map(f => f.name)).toEqual(['id', 'name', 'state', 'created', 'ended', 'normalized_instance_hours', 'state_reason']);
    expect(table.rows).toEqual([
      ['j-1', 'cluster j-1', 'WAITING', '2026-01-15T10:00:00.000Z', null, 8, null],
      ['j-2', 'cluster j-2', 'WAITING', '2026-01-15T10:00:00.000Z', null, 8, null]
    ]);
  });

  it('shows its tables as HTML and text as well, so they read in any front end, not only with the extension', async () => {
    const { executor } = world({ ListClustersCommand: () => ({ Clusters: [summary('j-1')] }) });
    const [bundle] = expectOk(await runCell(executor, '%emr clusters')).displays();
    expect(Object.keys(bundle)).toEqual(['text/plain', 'text/html', TABLE_MIME_TYPE]);
    expect(String(bundle['text/html'])).toMatch(/^<table class="jp-emr-ResultTable">\n<thead><tr><th title="string">id<\/th>[\s\S]*<td[^>]*>j-1<\/td>/);
    expect(String(bundle['text/plain']).split('\n')[2]).toMatch(/^j-1 +\| cluster j-1 \| WAITING +\|/);
  });

  it('clusters --all asks for every state', async () => {
    const { executor, calls } = world({ ListClustersCommand: () => ({ Clusters: [summary('j-9', 'TERMINATED')] }) });
    expectOk(await runCell(executor, '%emr clusters --all'));
    expect(calls[0].input.ClusterStates).toBeUndefined();
  });

  it('describe defaults to the cluster the notebook connected to, with its instances and steps', async () => {
    const { executor, calls } = world({
      DescribeClusterCommand: input => ({
        Cluster: { ...summary(input.ClusterId as string), ReleaseLabel: 'emr-7.9.0', Applications: [{ Name: 'Livy', Version: '0.8.0' }], MasterPublicDnsName: 'primary.test' }
      }),
      ListInstanceGroupsCommand: () => ({
        InstanceGroups: [{ Id: 'ig-1', InstanceGroupType: 'MASTER', InstanceType: 'm5.xlarge', RunningInstanceCount: 1, RequestedInstanceCount: 1, Market: 'ON_DEMAND', Status: { State: 'RUNNING' } }]
      }),
      ListStepsCommand: () => ({ Steps: [{ Id: 's-1', Name: 'load', Status: { State: 'COMPLETED', Timeline: { CreationDateTime: created } } }] })
    });
    const refused = kernelErrorOf(await runCell(executor, '%emr describe'));
    expect(refused.evalue).toMatch(/^%emr describe needs a cluster id \(j-…\): this notebook's Livy was not reached through an EMR cluster\./);
    expectOk(await runCell(executor, '%connect j-abc'));
    const sink = expectOk(await runCell(executor, '%emr describe'));
    expect(calls.filter(c => c.command === 'DescribeClusterCommand').map(c => c.input.ClusterId)).toEqual(['j-ABC']);
    const [cluster, groups, steps] = tables(sink.displays());
    expect(cluster.rows).toEqual(
      expect.arrayContaining([
        ['id', 'j-ABC'],
        ['release', 'emr-7.9.0'],
        ['applications', 'Livy 0.8.0'],
        ['primary node', 'primary.test']
      ])
    );
    expect(groups.rows).toEqual([['MASTER', 'm5.xlarge', 1, 1, 'ON_DEMAND', 'RUNNING']]);
    expect(steps.rows).toEqual([['s-1', 'load', 'COMPLETED', '2026-01-15T10:00:00.000Z', null]]);
    expect(sink.text()).toBe('EMR cluster j-ABC\nInstance groups\nRecent steps\n');
  });

  it('steps and job-runs list what they are asked for', async () => {
    const { executor, calls } = world(
      { ListStepsCommand: () => ({ Steps: [{ Id: 's-2', Name: 'export', Status: { State: 'PENDING' } }] }) },
      {
        ListJobRunsCommand: () => ({
          jobRuns: [
            { id: 'jr-old', name: 'old', state: 'COMPLETED', createdAt: new Date('2026-01-01T00:00:00Z') },
            { id: 'jr-new', name: 'new', state: 'RUNNING', createdAt: new Date('2026-01-02T00:00:00Z'), releaseLabel: 'emr-7.9.0-latest' }
          ]
        })
      }
    );
    const steps = tables(expectOk(await runCell(executor, '%emr steps j-xyz')).displays())[0];
    expect(steps.rows).toEqual([['s-2', 'export', 'PENDING', null, null]]);
    const runs = tables(expectOk(await runCell(executor, '%emr job-runs vc-123')).displays())[0];
    expect(runs.rows.map(row => row[0])).toEqual(['jr-new', 'jr-old']);
    expect(calls.map(c => [c.command, c.input.ClusterId ?? c.input.virtualClusterId])).toEqual([
      ['ListStepsCommand', 'j-XYZ'],
      ['ListJobRunsCommand', 'vc-123']
    ]);
  });

  it.each([
    ['%emr', /^%emr needs one of clusters, describe, steps, virtual-clusters, job-runs: %emr clusters \[--all\]/],
    ['%emr nodes', /^%emr does not know "nodes"; it takes one of clusters, describe/],
    ['%emr job-runs', /^%emr job-runs needs the virtual cluster's id \(%emr virtual-clusters lists them\)\.$/],
    ['%emr describe --all', /^%emr describe takes no --all/],
    ['%emr describe cluster-1', /^%emr describe needs an EMR cluster id \(j-…\), not "cluster-1"\.$/],
    ['%emr clusters j-1', /^%emr clusters takes no id/]
  ])('%s is refused with how it is written', async (code, message) => {
    const { executor, calls } = world({});
    expect(kernelErrorOf(await runCell(executor, code)).evalue).toMatch(message);
    expect(calls).toEqual([]);
  });

  it('turns an AWS refusal into one paragraph with the endpoint and the remedy', async () => {
    const { executor } = world({
      ListClustersCommand: () => {
        throw Object.assign(new Error('User is not authorized to perform elasticmapreduce:ListClusters'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } });
      }
    });
    const error = kernelErrorOf(await runCell(executor, '%emr clusters'));
    expect(error.evalue).toBe(
      '%emr clusters: Access denied: User is not authorized to perform elasticmapreduce:ListClusters. Ask for elasticmapreduce:List*/Describe* and emr-containers:List* on the role the kernel uses.'
    );
  });
});

describe('%%info on a Livy that does not answer', () => {
  it('answers with the endpoint and an unreachable state instead of failing', async () => {
    const { executor, livy } = world({});
    livy.fail(
      'GET',
      /^\/version$/,
      new LivyTransportError('LIVY_UNREACHABLE', 'Cannot reach Livy at http://livy-a.test:8998: connect ECONNREFUSED', 'http://livy-a.test:8998/version', 'ECONNREFUSED', false)
    );
    const sink = expectOk(await runCell(executor, '%%info'));
    const text = String(sink.displays()[0]['text/plain']);
    expect(text).toMatch(/^Livy +http:\/\/livy-a\.test:8998\n/);
    expect(text).toMatch(/\nState +unreachable: Cannot reach Livy at http:\/\/livy-a\.test:8998: connect ECONNREFUSED\n/);
    expect(text).toContain('Sessions on this Livy: unknown, Livy did not answer');
    expect(livy.requestsTo('GET', /sessions/)).toEqual([]);
  });

  it('still fails with the remedy when Livy answers but refuses the credentials', async () => {
    const { executor, livy } = world({});
    // Twice: the %%info probe, then the version the cell itself asks for.
    for (let i = 0; i < 2; i++) {
      livy.fail('GET', /^\/version$/, { status: 401, headers: { 'content-type': 'application/json' }, body: '{"msg": "Unauthorized"}' });
    }
    const error = kernelErrorOf(await runCell(executor, '%%info'));
    expect(error.evalue).toMatch(/401/);
  });
});
