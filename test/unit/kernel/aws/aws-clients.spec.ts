import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import { ITablePayload, TABLE_MIME_TYPE } from '@jupyterlab-emr/common';
import { loadKernelConfig } from '../../../../kernel/src/config';
import { awsEndpointOverride, describeEndpoint, resolveAwsTarget } from '../../../../kernel/src/aws/aws-clients';
import { StatusService } from '../../../../kernel/src/emr-status/status-service';
import { createCellLayer, ICellLayer } from '../../../../kernel/src/magics/assembly';
import { Redactor } from '../../../../kernel/src/redact';
import { expectOk, runCell } from '../../../helpers/cell-runner';
import { FakeLivy } from '../../../helpers/fake-livy';
import { ownEnvironment } from '../../../helpers/owned-env';

// Every variable the SDK reads for credentials, region and endpoints: these tests own them all.
const AWS_VARIABLES = [
  'AWS_ENDPOINT_URL',
  'AWS_ENDPOINT_URL_EMR',
  'AWS_ENDPOINT_URL_EMR_CONTAINERS',
  'AWS_PROFILE',
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE',
  'AWS_EC2_METADATA_DISABLED'
];
const OFFLINE_CREDENTIALS = {
  AWS_ACCESS_KEY_ID: 'testing',
  AWS_SECRET_ACCESS_KEY: 'testing',
  AWS_CONFIG_FILE: '/nonexistent/aws-config',
  AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
  AWS_EC2_METADATA_DISABLED: 'true'
};

describe('awsEndpointOverride', () => {
  const configured = 'http://configured:5000';

  it('takes the service variable, then AWS_ENDPOINT_URL, then the config, else none', () => {
    const env = { AWS_ENDPOINT_URL_EMR: 'http://emr-only:1', AWS_ENDPOINT_URL_EMR_CONTAINERS: 'http://eks-only:2', AWS_ENDPOINT_URL: 'http://every:3' };
    expect(awsEndpointOverride('emr', configured, env)).toBe('http://emr-only:1');
    expect(awsEndpointOverride('emr-containers', configured, env)).toBe('http://eks-only:2');
    expect(awsEndpointOverride('emr-containers', configured, { AWS_ENDPOINT_URL_EMR: 'http://emr-only:1' })).toBe(configured);
    expect(awsEndpointOverride('emr', configured, { AWS_ENDPOINT_URL: 'http://every:3' })).toBe('http://every:3');
    expect(awsEndpointOverride('emr', configured, { AWS_ENDPOINT_URL: '' })).toBe(configured);
    expect(awsEndpointOverride('emr', undefined, {})).toBeUndefined();
  });

  it('gives messages the same endpoint, or AWS regional one without an override', () => {
    expect(describeEndpoint('emr-containers', 'eu-west-1', configured, {})).toBe(configured);
    expect(describeEndpoint('emr', 'eu-west-1', undefined, {})).toBe('https://elasticmapreduce.eu-west-1.amazonaws.com');
    expect(describeEndpoint('emr', undefined, undefined, { AWS_REGION: 'us-east-2' })).toBe('https://elasticmapreduce.us-east-2.amazonaws.com');
  });
});

describe('resolveAwsTarget', () => {
  it("takes the request's region, then the config's, else leaves it to the SDK", () => {
    expect(resolveAwsTarget({ region: 'ap-south-1' }, { region: 'eu-north-1' }).region).toBe('eu-north-1');
    expect(resolveAwsTarget({ region: 'ap-south-1' }, { region: '' }).region).toBe('ap-south-1');
    expect(resolveAwsTarget({ region: 'ap-south-1' }).region).toBe('ap-south-1');
    expect(resolveAwsTarget({}, { region: '' }).region).toBeUndefined();
    expect(resolveAwsTarget({ region: '' }).region).toBeUndefined();
  });

  it("takes the request's profile, then the config's, else leaves it to the SDK, each value on its own", () => {
    expect(resolveAwsTarget({ profile: 'analytics' }, { profile: 'billing' })).toEqual({ region: undefined, profile: 'billing' });
    expect(resolveAwsTarget({ profile: 'analytics' }, { profile: '' })).toEqual({ region: undefined, profile: 'analytics' });
    expect(resolveAwsTarget({ region: 'ap-south-1', profile: 'analytics' }, { region: 'eu-north-1' })).toEqual({ region: 'eu-north-1', profile: 'analytics' });
    expect(resolveAwsTarget({ region: 'ap-south-1', profile: 'analytics' }, { profile: 'billing' })).toEqual({ region: 'ap-south-1', profile: 'billing' });
    expect(resolveAwsTarget({ profile: '' }, {})).toEqual({ region: undefined, profile: undefined });
  });
});

/**
 * An EMR API stand-in on loopback: answers the calls listing clusters needs, keeps what it was asked
 * and the access key and region each call was signed with (SigV4's credential scope).
 */
async function fakeAwsEndpoint(): Promise<{ url: string; calls: string[]; regions: string[]; keys: string[]; kinds(): string[]; close(): Promise<void> }> {
  const calls: string[] = [];
  const regions: string[] = [];
  const keys: string[] = [];
  const server = http.createServer((request, response) => {
    request.resume();
    const scope = /Credential=([^/]+)\/\d{8}\/([^/]+)\//.exec(request.headers.authorization ?? '');
    keys.push(scope?.[1] ?? 'unsigned');
    regions.push(scope?.[2] ?? 'unsigned');
    request.on('end', () => {
      const target = request.headers['x-amz-target'];
      if (target === 'ElasticMapReduce.ListClusters') {
        calls.push('emr ListClusters');
        response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
        response.end(JSON.stringify({ Clusters: [{ Id: 'j-CONFIGURED1', Name: 'from the configured endpoint', Status: { State: 'WAITING' } }] }));
      } else if (target === 'ElasticMapReduce.DescribeCluster') {
        calls.push('emr DescribeCluster');
        response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
        response.end(JSON.stringify({ Cluster: { Id: 'j-CONFIGURED1', Name: 'from the configured endpoint', Status: { State: 'WAITING' } } }));
      } else if (target === 'ElasticMapReduce.ListInstanceGroups') {
        calls.push('emr ListInstanceGroups');
        response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
        response.end(JSON.stringify({ InstanceGroups: [] }));
      } else if (request.method === 'GET' && request.url?.startsWith('/virtualclusters')) {
        calls.push('emr-containers ListVirtualClusters');
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ virtualClusters: [{ id: 'vc-configured', name: 'from the configured endpoint', state: 'RUNNING' }] }));
      } else {
        calls.push(`unexpected ${request.method} ${request.url} ${String(target)}`);
        response.writeHead(400, { 'content-type': 'application/json' });
        response.end('{}');
      }
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    regions,
    keys,
    /** Each kind of call once, in order of first use. */
    kinds: () => [...new Set(calls)],
    close: () => new Promise<void>(resolve => server.close(() => resolve()))
  };
}

/** The kernel's cell layer as main.ts makes it from a config file whose "emr" section is `emr`. */
function cellLayerWith(emr: Record<string, string>, env: NodeJS.ProcessEnv = {}): ICellLayer {
  const file = JSON.stringify({ emr });
  const config = loadKernelConfig({ env: { LIVY_URL: 'http://livy-a.test:8998', EMR_LIVY_CONFIG: '/cfg.json', ...env }, redactor: new Redactor(), readFile: () => file });
  return createCellLayer(config, { transport: () => new FakeLivy() });
}

/** The status service as main.ts builds it from the cell layer. */
function panelStatusOf(layer: ICellLayer): StatusService {
  return new StatusService({
    awsClients: layer.awsClients,
    configuredAwsEndpoint: layer.configuredAwsEndpoint,
    configuredAws: layer.configuredAws,
    livy: () => undefined,
    connector: { connect: async () => Promise.reject(new Error('not in this test')) },
    redactor: new Redactor()
  });
}

describe('the config\'s "emr.endpoint"', () => {
  ownEnvironment(AWS_VARIABLES, { ...OFFLINE_CREDENTIALS, AWS_REGION: 'eu-west-1' });
  let aws: Awaited<ReturnType<typeof fakeAwsEndpoint>>;
  let layer: ICellLayer;

  beforeAll(async () => {
    aws = await fakeAwsEndpoint();
    layer = cellLayerWith({ endpoint: aws.url }, { AWS_REGION: 'eu-west-1' });
  });

  afterAll(() => aws.close());

  const firstTable = (displays: Record<string, unknown>[]): ITablePayload => displays.map(bundle => bundle[TABLE_MIME_TYPE] as ITablePayload).filter(Boolean)[0];

  it('is where %emr sends EMR and EMR on EKS calls when no AWS_ENDPOINT_URL* variable is set', async () => {
    aws.calls.length = 0;
    const clusters = expectOk(await runCell(layer.executor, '%emr clusters'));
    expect(firstTable(clusters.displays()).rows.map(row => row[0])).toEqual(['j-CONFIGURED1']);
    const virtual = expectOk(await runCell(layer.executor, '%emr virtual-clusters'));
    expect(firstTable(virtual.displays()).rows.map(row => row[0])).toEqual(['vc-configured']);
    expect(aws.kinds()).toEqual(['emr ListClusters', 'emr-containers ListVirtualClusters']);
  });

  it("is where the panel's calls go too, through the same clients", async () => {
    aws.calls.length = 0;
    const status = new StatusService({
      awsClients: layer.awsClients,
      configuredAwsEndpoint: layer.configuredAwsEndpoint,
      livy: () => undefined,
      connector: { connect: async () => Promise.reject(new Error('not in this test')) },
      redactor: new Redactor()
    });
    const reply = await status.handle({ requestId: 'r1', method: 'listClusters', params: { filter: 'active' }, aws: {} });
    expect(reply).toMatchObject({ ok: true, result: { clusters: [{ id: 'j-CONFIGURED1' }] } });
    await status.handle({ requestId: 'r2', method: 'clusterDetails', params: { ids: ['j-CONFIGURED1'] }, aws: {} });
    expect(aws.kinds()).toEqual(['emr ListClusters', 'emr DescribeCluster', 'emr ListInstanceGroups']);
  });
});

describe('the config\'s "emr.region"', () => {
  // No region in the process environment, so the SDK's default would have none: only the config names one.
  ownEnvironment(AWS_VARIABLES, OFFLINE_CREDENTIALS);
  let aws: Awaited<ReturnType<typeof fakeAwsEndpoint>>;
  let layer: ICellLayer;

  beforeAll(async () => {
    aws = await fakeAwsEndpoint();
    layer = cellLayerWith({ endpoint: aws.url, region: 'ap-south-1' });
  });

  afterAll(() => aws.close());

  const panelStatus = (): StatusService => panelStatusOf(layer);

  it('is the region %emr signs its calls for', async () => {
    aws.regions.length = 0;
    expectOk(await runCell(layer.executor, '%emr clusters'));
    expect(aws.regions.length).toBeGreaterThan(0);
    expect([...new Set(aws.regions)]).toEqual(['ap-south-1']);
  });

  it("is the panel's region too when its setting is empty, for EMR and EMR on EKS", async () => {
    aws.regions.length = 0;
    const status = panelStatus();
    for (const target of [{}, { region: '' }]) {
      expect(await status.handle({ requestId: 'r1', method: 'listClusters', params: { filter: 'active' }, aws: target })).toMatchObject({ ok: true });
    }
    expect(await status.handle({ requestId: 'r2', method: 'listVirtualClusters', params: { filter: 'active' } })).toMatchObject({ ok: true });
    expect(aws.regions.length).toBeGreaterThan(2);
    expect([...new Set(aws.regions)]).toEqual(['ap-south-1']);
  });

  it("gives way to the panel's own region setting", async () => {
    aws.regions.length = 0;
    const reply = await panelStatus().handle({ requestId: 'r3', method: 'listClusters', params: { filter: 'active' }, aws: { region: 'eu-north-1' } });
    expect(reply).toMatchObject({ ok: true });
    expect([...new Set(aws.regions)]).toEqual(['eu-north-1']);
  });
});

describe('the config\'s "emr.profile"', () => {
  // Three profiles, each with its own key and region, in files only these tests read. The default
  // one is what the SDK's chain would take if the kernel's profile were not passed on.
  const dir = mkdtempSync(path.join(os.tmpdir(), 'emr-profile-'));
  const configFile = path.join(dir, 'config');
  const credentialsFile = path.join(dir, 'credentials');
  writeFileSync(configFile, ['[default]', 'region = eu-west-1', '[profile kernel-profile]', 'region = ap-northeast-2', '[profile panel-profile]', 'region = sa-east-1', ''].join('\n'));
  writeFileSync(
    credentialsFile,
    ['default', 'kernel-profile', 'panel-profile'].map(name => `[${name}]\naws_access_key_id = KEY-${name.toUpperCase()}\naws_secret_access_key = secret-${name}\n`).join('')
  );
  ownEnvironment(AWS_VARIABLES, { AWS_CONFIG_FILE: configFile, AWS_SHARED_CREDENTIALS_FILE: credentialsFile, AWS_EC2_METADATA_DISABLED: 'true' });
  let aws: Awaited<ReturnType<typeof fakeAwsEndpoint>>;
  let layer: ICellLayer;

  beforeAll(async () => {
    aws = await fakeAwsEndpoint();
    layer = cellLayerWith({ endpoint: aws.url, profile: 'kernel-profile' });
  });

  afterAll(async () => {
    await aws.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const panelStatus = (): StatusService => panelStatusOf(layer);

  const signers = () => [...new Set(aws.keys.map((key, i) => `${key} ${aws.regions[i]}`))];

  it('is the profile %emr signs its calls with, and its region', async () => {
    aws.keys.length = aws.regions.length = 0;
    expectOk(await runCell(layer.executor, '%emr clusters'));
    expect(signers()).toEqual(['KEY-KERNEL-PROFILE ap-northeast-2']);
  });

  it("is the panel's profile too when its setting is empty, for EMR and EMR on EKS", async () => {
    aws.keys.length = aws.regions.length = 0;
    const status = panelStatus();
    for (const target of [{}, { profile: '' }]) {
      expect(await status.handle({ requestId: 'p1', method: 'listClusters', params: { filter: 'active' }, aws: target })).toMatchObject({ ok: true });
    }
    expect(await status.handle({ requestId: 'p2', method: 'listVirtualClusters', params: { filter: 'active' } })).toMatchObject({ ok: true });
    expect(aws.keys.length).toBeGreaterThan(2);
    expect(signers()).toEqual(['KEY-KERNEL-PROFILE ap-northeast-2']);
  });

  it("gives way to the panel's own profile setting", async () => {
    aws.keys.length = aws.regions.length = 0;
    const reply = await panelStatus().handle({ requestId: 'p3', method: 'listClusters', params: { filter: 'active' }, aws: { profile: 'panel-profile' } });
    expect(reply).toMatchObject({ ok: true });
    expect(signers()).toEqual(['KEY-PANEL-PROFILE sa-east-1']);
  });
});
