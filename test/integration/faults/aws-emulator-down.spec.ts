import { EMRClient, RunJobFlowCommand } from '@aws-sdk/client-emr';
import { STATUS_COMM_TARGET } from '@jupyterlab-emr/common';
import { ChildProcess, spawn } from 'child_process';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { JsonObject } from '../../../kernel/src/protocol/messages';
import { freePorts } from '../../helpers/connection-info';
import { KernelHarness } from '../../helpers/kernel-harness';
import { loadStackEnv } from '../../helpers/stack-env';

// The AWS emulator going away under the status comm the side panel refreshes through, and coming
// back. The test runs its own moto (from the stack's venv) on a free port, so the shared one is
// never touched; a restarted moto starts empty, as a real outage does not, so the test creates
// its cluster again before checking the panel sees it.

const env = loadStackEnv();
const MOTO = path.join(env.STACK_VENV_BIN, 'moto_server');

interface IMoto {
  process: ChildProcess;
  exited: Promise<void>;
}

async function startMoto(port: number): Promise<IMoto> {
  const child = spawn(MOTO, ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
  const exited = new Promise<void>(resolve => child.once('exit', () => resolve()));
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/moto-api/`, { signal: AbortSignal.timeout(1000) })).ok) {
        return { process: child, exited };
      }
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`moto_server did not answer on port ${port} within 30 s`);
    }
    await new Promise(resolve => setTimeout(resolve, 200));
  }
}

async function stopMoto(moto: IMoto | undefined): Promise<void> {
  if (moto && moto.process.exitCode === null && moto.process.signalCode === null) {
    moto.process.kill('SIGKILL');
    await moto.exited;
  }
}

async function createCluster(endpoint: string, name: string): Promise<string> {
  const emr = new EMRClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
  const { JobFlowId } = await emr.send(
    new RunJobFlowCommand({
      Name: name,
      ReleaseLabel: 'emr-7.9.0',
      Instances: { InstanceCount: 1, MasterInstanceType: 'm5.xlarge', KeepJobFlowAliveWhenNoSteps: true },
      JobFlowRole: 'EMR_EC2_DefaultRole',
      ServiceRole: 'EMR_DefaultRole'
    })
  );
  emr.destroy();
  return JobFlowId as string;
}

describe('the AWS emulator stopped while the status comm refreshes', () => {
  let port: number;
  let endpoint: string;
  let moto: IMoto | undefined;
  let kernel: KernelHarness;
  let home: string;
  let nextId = 0;

  beforeAll(async () => {
    [port] = await freePorts(1);
    endpoint = `http://127.0.0.1:${port}`;
    moto = await startMoto(port);
    home = await fs.mkdtemp(path.join(os.tmpdir(), 'emr-livy-moto-fault-'));
    kernel = await KernelHarness.start({
      env: {
        ...env,
        XDG_CONFIG_HOME: home,
        EMR_LIVY_CONFIG: '',
        AWS_ENDPOINT_URL: endpoint,
        AWS_ACCESS_KEY_ID: 'testing',
        AWS_SECRET_ACCESS_KEY: 'testing',
        AWS_REGION: 'us-east-1'
      }
    });
    const open = await kernel.client.send('shell', 'comm_open', { comm_id: 'panel', target_name: STATUS_COMM_TARGET, data: {} });
    await kernel.client.idleAfter(open);
  }, 120_000);

  afterAll(async () => {
    await kernel?.stop();
    await stopMoto(moto);
    await fs.rm(home, { recursive: true, force: true });
  });

  /** Sends one refresh as the panel does and waits for its answer. */
  async function listClusters(): Promise<JsonObject> {
    const requestId = `r${(nextId += 1)}`;
    await kernel.client.send('shell', 'comm_msg', { comm_id: 'panel', data: { requestId, method: 'listClusters', params: { filter: 'all' }, aws: {} } });
    const { message } = await kernel.client.waitFor(
      ({ channel, message: m }) => channel === 'iopub' && m.header.msg_type === 'comm_msg' && (m.content.data as JsonObject).requestId === requestId,
      120_000
    );
    return message.content.data as JsonObject;
  }

  const clusterNames = (reply: JsonObject): string[] => ((reply.result as { clusters: { name: string }[] } | undefined)?.clusters ?? []).map(cluster => cluster.name);

  it('lists what the emulator holds while it runs', async () => {
    await createCluster(endpoint, 'before-outage');
    const reply = await listClusters();
    expect(reply.ok).toBe(true);
    expect(clusterNames(reply)).toEqual(['before-outage']);
  });

  it('answers a refresh against a frozen emulator with an error after the request timeout, and answers other requests meanwhile', async () => {
    // SIGSTOP: the port still accepts connections (the OS backlog) but nothing ever answers, the
    // worst case for a client without timeouts.
    moto?.process.kill('SIGSTOP');
    try {
      const frozen = listClusters();
      const info = await kernel.client.send('shell', 'kernel_info_request');
      expect((await kernel.client.replyTo(info, 5000)).content.status).toBe('ok');
      await expect(kernel.client.ping(Buffer.from('alive'))).resolves.toEqual(Buffer.from('alive'));
      const reply = await frozen;
      expect(reply).toMatchObject({ ok: false, error: { code: 'ENDPOINT_UNREACHABLE', message: `Could not reach ${endpoint} (ETIMEDOUT).` } });
    } finally {
      moto?.process.kill('SIGCONT');
    }
    const thawed = await listClusters();
    expect(thawed.ok).toBe(true);
  });

  it('answers a refresh in flight when the emulator dies with the error, and keeps the kernel responsive', async () => {
    const inFlight = listClusters();
    await stopMoto(moto);
    moto = undefined;
    const during = await inFlight;
    // Either it got in before the kill, or it failed naming the endpoint; it never hangs.
    if (!during.ok) {
      expect(during.error).toMatchObject({ code: 'ENDPOINT_UNREACHABLE', message: expect.stringContaining(endpoint) });
    }
    const after = await listClusters();
    expect(after).toMatchObject({ ok: false, error: { code: 'ENDPOINT_UNREACHABLE', message: `Could not reach ${endpoint} (ECONNREFUSED).` } });
    // The kernel still answers everything else while AWS is away.
    const info = await kernel.client.send('shell', 'kernel_info_request');
    expect((await kernel.client.replyTo(info)).content.status).toBe('ok');
    await expect(kernel.client.ping(Buffer.from('alive'))).resolves.toEqual(Buffer.from('alive'));
  });

  it('recovers on the next refresh once the emulator is back', async () => {
    moto = await startMoto(port);
    await createCluster(endpoint, 'after-outage');
    const reply = await listClusters();
    expect(reply.ok).toBe(true);
    expect(clusterNames(reply)).toEqual(['after-outage']);
  });
});
