import { STATUS_COMM_TARGET } from '@jupyterlab-emr/common';
import { randomBytes } from 'crypto';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { JsonObject } from '../../../kernel/src/protocol/messages';
import { HostileEndpoint } from '../../helpers/hostile-endpoint';
import { KernelHarness } from '../../helpers/kernel-harness';
import { loadStackEnv, readSeed } from '../../helpers/stack-env';

// Every secret the kernel is given (the Livy basic-auth password, a gateway header, AWS keys) is
// set in the environment of a real kernel process. The kernel then talks to a Livy endpoint on
// loopback that refuses it and echoes the credentials back in its error body, and to the AWS
// emulator through the status comm. Everything the kernel sends on the wire and everything it
// logs is scanned for every secret, in every form it was sent in.

const env = loadStackEnv();
const seed = readSeed(env.STACK_SEED_FILE);
const secret = (label: string): string => `${label}-${randomBytes(12).toString('hex')}`;

describe('secrets never leave the kernel', () => {
  const username = 'analyst';
  const password = secret('livy-password');
  const gatewayToken = secret('gateway-token');
  const awsSecretKey = secret('aws-secret');
  const awsSessionToken = secret('aws-session');
  // Forms a secret travels in: as is, inside basic auth, URL-encoded.
  const forms = [password, gatewayToken, awsSecretKey, awsSessionToken, Buffer.from(`${username}:${password}`).toString('base64'), encodeURIComponent(`${username}:${password}`)];
  let endpoint: HostileEndpoint;
  let kernel: KernelHarness;
  let configHome: string;

  beforeAll(async () => {
    endpoint = await HostileEndpoint.start();
    configHome = await fs.mkdtemp(path.join(os.tmpdir(), 'emr-livy-secrets-'));
    kernel = await KernelHarness.start({
      env: {
        ...env,
        XDG_CONFIG_HOME: configHome,
        EMR_LIVY_CONFIG: '',
        EMR_LIVY_LOG_LEVEL: 'debug',
        LIVY_URL: endpoint.url,
        EMR_LIVY_USERNAME: username,
        EMR_LIVY_PASSWORD: password,
        EMR_LIVY_HEADERS: JSON.stringify({ 'X-Gateway-Token': gatewayToken }),
        EMR_LIVY_CLUSTER_URLS: JSON.stringify({ [seed.emr.clusterId]: endpoint.url }),
        AWS_ACCESS_KEY_ID: 'AKIAEMRLIVYTEST00001',
        AWS_SECRET_ACCESS_KEY: awsSecretKey,
        AWS_SESSION_TOKEN: awsSessionToken
      }
    });
  }, 60_000);

  afterAll(async () => {
    await kernel?.stop();
    await endpoint?.stop();
    await fs.rm(configHome, { recursive: true, force: true });
  });

  async function execute(code: string): Promise<JsonObject> {
    const request = await kernel.client.send('shell', 'execute_request', { code, stop_on_error: false });
    const reply = await kernel.client.replyTo(request, 60_000);
    await kernel.client.idleAfter(request, 60_000);
    return reply.content;
  }

  async function comm(data: JsonObject): Promise<JsonObject> {
    await kernel.client.send('shell', 'comm_msg', { comm_id: 'secrets-status', data });
    const { message } = await kernel.client.waitFor(
      ({ channel, message: m }) => channel === 'iopub' && m.header.msg_type === 'comm_msg' && (m.content.data as JsonObject | undefined)?.requestId === data.requestId,
      60_000
    );
    return message.content.data as JsonObject;
  }

  it('sends the credentials to Livy, which echoes them back in its refusals', async () => {
    const reply = await execute('spark.range(3).count()');
    expect(reply).toMatchObject({ status: 'error', evalue: expect.stringMatching(/401/) });
    const sent = endpoint.requests[0];
    expect(sent.headers.authorization).toBe(`Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`);
    expect(sent.headers['x-gateway-token']).toBe(gatewayToken);
  });

  it('runs every kind of cell and comm request that can reach a secret', async () => {
    for (const code of [
      '%%sql\nSELECT 1',
      '%%pyspark\nprint(1)',
      '%%info',
      '%%logs',
      '%%cleanup',
      `%connect ${endpoint.url}`,
      `%connect ${endpoint.url} --session 3`,
      `%connect ${seed.emr.clusterId}`,
      'println("after connect")',
      '%%configure -f\n{"executorMemory": "1g"}',
      '%%help connect'
    ]) {
      expect(await execute(code)).toHaveProperty('status');
    }
    const complete = await kernel.client.send('shell', 'complete_request', { code: 'spark.ra', cursor_pos: 8 });
    await kernel.client.replyTo(complete, 30_000);

    const open = await kernel.client.send('shell', 'comm_open', { comm_id: 'secrets-status', target_name: STATUS_COMM_TARGET, data: {} });
    await kernel.client.idleAfter(open);
    const requests: JsonObject[] = [
      { requestId: 's1', method: 'listClusters', params: { filter: 'all' }, aws: {} },
      { requestId: 's2', method: 'describeCluster', params: { id: seed.emr.clusterId }, aws: {} },
      { requestId: 's3', method: 'describeCluster', params: { id: 'j-DOESNOTEXIST' }, aws: {} },
      { requestId: 's4', method: 'listVirtualClusters', params: {}, aws: {} },
      { requestId: 's5', method: 'listLivySessions', params: {} },
      { requestId: 's6', method: 'stopLivySession', params: { id: 1 } },
      { requestId: 's7', method: 'connectCluster', params: { id: seed.emr.clusterId }, aws: {} },
      // The emulator echoes a cluster id it does not know; here that id is the AWS secret key itself.
      { requestId: 's8', method: 'describeCluster', params: { id: awsSecretKey }, aws: {} }
    ];
    const replies = [];
    for (const data of requests) {
      replies.push(await comm(data));
    }
    // The emulator accepted the keys (so they were used), and the Livy side was refused.
    expect(replies[0]).toMatchObject({ ok: true });
    expect(replies[4]).toMatchObject({ ok: false });
    expect(replies[7]).toMatchObject({ ok: false, error: { message: expect.stringContaining('***') } });
  }, 300_000);

  it('has no secret in any message it sent, in any form, nor in its log', () => {
    const wire = kernel.client.received.map(({ channel, message }) => `${channel} ${JSON.stringify(message)}`);
    expect(wire.length).toBeGreaterThan(40);
    // The echo reached the user as Livy's message, with the secrets masked in it.
    expect(wire.join('\n')).toMatch(/refused GET|refused POST/);
    expect(wire.join('\n')).toContain('***');
    for (const form of forms) {
      expect(wire.filter(line => line.includes(form))).toEqual([]);
      expect(kernel.stderr.includes(form)).toBe(false);
    }
    expect(kernel.stderr.length).toBeGreaterThan(0);
  });

  it('renders the echoed markup as text in every HTML output', () => {
    const html = kernel.client.received
      .map(({ message }) => (message.content.data as Record<string, unknown> | undefined)?.['text/html'])
      .filter((value): value is string => typeof value === 'string');
    expect(html.length).toBeGreaterThan(0);
    for (const fragment of html) {
      expect(fragment).not.toMatch(/<(img|script)\b/i);
    }
  });
});

describe('credentials written into a Livy URL never leave the kernel', () => {
  const configured = secret('url-password');
  const connected = secret('connect-password');
  let endpoint: HostileEndpoint;
  let kernel: KernelHarness;
  let configHome: string;

  beforeAll(async () => {
    endpoint = await HostileEndpoint.start();
    configHome = await fs.mkdtemp(path.join(os.tmpdir(), 'emr-livy-url-secrets-'));
    const withCredentials = endpoint.url.replace('http://', `http://analyst:${configured}@`);
    kernel = await KernelHarness.start({
      env: { ...env, XDG_CONFIG_HOME: configHome, EMR_LIVY_CONFIG: '', EMR_LIVY_LOG_LEVEL: 'debug', LIVY_URL: withCredentials }
    });
  }, 60_000);

  afterAll(async () => {
    await kernel?.stop();
    await endpoint?.stop();
    await fs.rm(configHome, { recursive: true, force: true });
  });

  it('masks them in every output and log line, although the endpoint echoes them back', async () => {
    // A password with characters that a URL must encode, typed into %connect.
    const other = endpoint.url.replace('http://', `http://ops:${encodeURIComponent(`${connected}/+@`)}@`);
    for (const code of ['spark.range(1).count()', '%%info', `%connect ${other}`, 'spark.range(1).count()', '%%info', '%%logs']) {
      const request = await kernel.client.send('shell', 'execute_request', { code, stop_on_error: false });
      await kernel.client.replyTo(request, 60_000);
      await kernel.client.idleAfter(request, 60_000);
    }
    // The endpoint saw both sets of credentials as basic auth and echoed them.
    const seen = endpoint.requests.map(request => Buffer.from(String(request.headers.authorization).replace('Basic ', ''), 'base64').toString());
    expect(seen).toContain(`analyst:${configured}`);
    expect(seen).toContain(`ops:${connected}/+@`);
    const wire = kernel.client.received
      // The cell the user typed is echoed as typed (execute_input): their own text, not a leak.
      .filter(({ message }) => message.header.msg_type !== 'execute_input')
      .map(({ message }) => JSON.stringify(message))
      .join('\n');
    expect(wire).toMatch(/refused/);
    for (const form of [configured, connected, encodeURIComponent(`${connected}/+@`), Buffer.from(`analyst:${configured}`).toString('base64')]) {
      expect(wire.includes(form)).toBe(false);
      expect(kernel.stderr.includes(form)).toBe(false);
    }
  });
});
