import { CreateVirtualClusterCommand, DeleteVirtualClusterCommand, EMRContainersClient } from '@aws-sdk/client-emr-containers';
import { IAwsTarget, ITablePayload, STATUS_COMM_TARGET, StatusReply, TABLE_MIME_TYPE } from '@jupyterlab-emr/common';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { KernelHarness } from '../../helpers/kernel-harness';
import { loadStackEnv, readSeed } from '../../helpers/stack-env';

// The kernel config's "emr.profile" reaches the panel's requests while the panel's profile setting
// is empty, in a real kernel process against moto. The kernel gets no AWS keys, region or
// AWS_PROFILE in its environment, only AWS config files of its own, so two things tell which
// profile a request went with:
// - credentials: only the kernel's profile and the panel's have keys; the default profile, which
//   the SDK's default chain would take, has none, so a request on it fails with AWS_NO_CREDENTIALS;
// - region: the kernel's profile is in another region than the seeded stack. moto keeps EMR on EKS
//   virtual clusters per region (the one the request is signed for), so the virtual clusters listed
//   tell the region. (moto's EMR on EC2 behind an endpoint URL serves one region whatever the
//   signature says, so clusters cannot tell it.)
const env = loadStackEnv();
const seed = readSeed(env.STACK_SEED_FILE);
const CALL_MS = 60_000;
const PROFILE_REGION = 'eu-west-3';

describe("emr-livy kernel process: the kernel config's AWS profile for the panel", () => {
  let kernel: KernelHarness;
  let dir: string;
  let virtualClusterId: string;
  const eks = new EMRContainersClient({
    region: PROFILE_REGION,
    endpoint: env.AWS_ENDPOINT_URL,
    credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY }
  });

  beforeAll(async () => {
    expect(seed.region).not.toBe(PROFILE_REGION);
    // moto keeps a deleted virtual cluster's namespace taken (in the region, whatever the EKS cluster), so each run has its own.
    const runTag = `it-kernel-profile-${process.pid}-${Date.now()}`;
    const created = await eks.send(
      new CreateVirtualClusterCommand({
        name: runTag,
        containerProvider: { id: runTag, type: 'EKS', info: { eksInfo: { namespace: runTag } } }
      })
    );
    virtualClusterId = created.id ?? '';
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'emr-kernel-profile-'));
    const files = { config: path.join(dir, 'aws-config'), credentials: path.join(dir, 'aws-credentials'), kernel: path.join(dir, 'kernel-config.json') };
    await fs.writeFile(files.config, `[default]\nregion = ${seed.region}\n[profile kernel-profile]\nregion = ${PROFILE_REGION}\n[profile panel-profile]\nregion = ${seed.region}\n`);
    const keys = `aws_access_key_id = ${env.AWS_ACCESS_KEY_ID}\naws_secret_access_key = ${env.AWS_SECRET_ACCESS_KEY}\n`;
    await fs.writeFile(files.credentials, `[kernel-profile]\n${keys}[panel-profile]\n${keys}`);
    await fs.writeFile(files.kernel, JSON.stringify({ emr: { profile: 'kernel-profile' } }));
    kernel = await KernelHarness.start({
      env: {
        ...env,
        LIVY_URL: '',
        EMR_LIVY_CONFIG: files.kernel,
        AWS_CONFIG_FILE: files.config,
        AWS_SHARED_CREDENTIALS_FILE: files.credentials,
        // Unset: the profile, its keys and its region come from the kernel config and the files alone.
        AWS_PROFILE: undefined,
        AWS_REGION: undefined,
        AWS_DEFAULT_REGION: undefined,
        AWS_ACCESS_KEY_ID: undefined,
        AWS_SECRET_ACCESS_KEY: undefined,
        AWS_SESSION_TOKEN: undefined
      }
    });
    const open = await kernel.client.send('shell', 'comm_open', { comm_id: 'profile-1', target_name: STATUS_COMM_TARGET, data: {} });
    await kernel.client.idleAfter(open);
  }, CALL_MS);

  afterAll(async () => {
    await kernel?.stop();
    if (virtualClusterId) {
      await eks.send(new DeleteVirtualClusterCommand({ id: virtualClusterId }));
    }
    eks.destroy();
    if (dir) {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  let nextId = 0;
  async function request(method: string, params: Record<string, unknown>, aws: IAwsTarget): Promise<StatusReply> {
    const requestId = `profile-${nextId++}`;
    await kernel.client.send('shell', 'comm_msg', { comm_id: 'profile-1', data: { requestId, method, params, aws } as never });
    const { message } = await kernel.client.waitFor(
      ({ channel, message: m }) => channel === 'iopub' && m.header.msg_type === 'comm_msg' && (m.content.data as { requestId?: string } | undefined)?.requestId === requestId,
      CALL_MS
    );
    return message.content.data as unknown as StatusReply;
  }

  async function panelVirtualClusterIds(aws: IAwsTarget): Promise<string[]> {
    const reply = await request('listVirtualClusters', { filter: 'active' }, aws);
    if (!reply.ok) {
      throw new Error(`listVirtualClusters failed: ${reply.error.code} ${reply.error.message}`);
    }
    return (reply.result as { virtualClusters: { id: string }[] }).virtualClusters.map(c => c.id);
  }

  /** Runs a %emr cell; the values of the first table's id column. */
  async function cellIds(code: string): Promise<unknown[]> {
    const cell = await kernel.client.send('shell', 'execute_request', { code, stop_on_error: false });
    const reply = await kernel.client.replyTo(cell, CALL_MS);
    await kernel.client.idleAfter(cell, CALL_MS);
    expect(reply.content).toMatchObject({ status: 'ok' });
    const table = kernel.client
      .for(cell)
      .filter(({ channel, message }) => channel === 'iopub' && message.header.msg_type === 'display_data')
      .map(({ message }) => (message.content.data as Record<string, unknown>)[TABLE_MIME_TYPE] as ITablePayload | undefined)
      .find((t): t is ITablePayload => t !== undefined);
    expect(table).toBeDefined();
    const idColumn = table?.schema.fields.findIndex(field => field.name === 'id') ?? -1;
    expect(idColumn).toBeGreaterThanOrEqual(0);
    return (table?.rows ?? []).map(row => row[idColumn]);
  }

  it(
    "signs with the kernel's profile when the panel's profile is empty, where the default chain has no credentials",
    async () => {
      for (const aws of [{}, { region: '', profile: '' }]) {
        const reply = await request('listClusters', { filter: 'active' }, aws);
        expect(reply).toMatchObject({ ok: true });
      }
      // The same request on the default chain: what an empty panel profile meant before.
      expect(await request('listClusters', { filter: 'active' }, { profile: 'default' })).toMatchObject({ ok: false, error: { code: 'AWS_NO_CREDENTIALS' } });
    },
    CALL_MS
  );

  it(
    "goes to the kernel profile's region when the panel's profile and region are empty",
    async () => {
      for (const aws of [{}, { region: '', profile: '' }]) {
        const ids = await panelVirtualClusterIds(aws);
        expect(ids).toContain(virtualClusterId);
        expect(ids).not.toContain(seed.emrContainers.virtualClusterId);
      }
    },
    CALL_MS
  );

  it(
    'lists what %emr lists',
    async () => {
      const ids = await cellIds('%emr virtual-clusters');
      expect(ids).toContain(virtualClusterId);
      expect(ids).not.toContain(seed.emrContainers.virtualClusterId);
      expect(await cellIds('%emr clusters')).toContain(seed.emr.clusterId);
    },
    CALL_MS
  );

  it(
    "gives way to the panel's own profile setting",
    async () => {
      const ids = await panelVirtualClusterIds({ profile: 'panel-profile' });
      expect(ids).toContain(seed.emrContainers.virtualClusterId);
      expect(ids).not.toContain(virtualClusterId);
    },
    CALL_MS
  );
});
