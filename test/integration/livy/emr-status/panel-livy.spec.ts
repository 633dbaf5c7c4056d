import { STATUS_COMM_TARGET, StatusReply } from '@jupyterlab-emr/common';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { KernelHarness } from '../../../helpers/kernel-harness';
import { eventually, livyRest } from '../../../helpers/livy-stack';
import { loadStackEnv, readSeed } from '../../../helpers/stack-env';

// The side panel's Livy section and Connect against the local Livy, through a real kernel process:
// the kernel's own Livy client lists and stops sessions, and Connect on the seeded cluster (mapped
// to the local Livy, as moto's primary node name does not resolve) finds Livy answering.
const env = loadStackEnv();
const seed = readSeed(env.STACK_SEED_FILE);
const CALL_MS = 60_000;

describe('emr-livy kernel process: the panel on the local Livy', () => {
  let kernel: KernelHarness;
  let home: string;
  let sessionId: number;
  let next = 0;

  beforeAll(async () => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'emr-livy-panel-'));
    kernel = await KernelHarness.start({
      env: {
        ...env,
        HOME: home,
        EMR_LIVY_CONFIG: '',
        // The kernel starts on a Livy URL nobody answers at; Connect moves it to the stack's Livy
        // through the map the stack's env.sh holds (what the demo's JupyterLab reads).
        LIVY_URL: 'http://127.0.0.1:9'
      }
    });
    const open = await kernel.client.send('shell', 'comm_open', { comm_id: 'panel', target_name: STATUS_COMM_TARGET, data: {} });
    await kernel.client.idleAfter(open);
    // Someone else's session on the same Livy: the panel lists every session, not only the notebook's.
    const created = await livyRest('POST', '/sessions', { kind: 'spark', name: `it-panel-other-${process.pid}` });
    sessionId = created.json.id as number;
  }, CALL_MS);

  afterAll(async () => {
    await kernel?.stop();
    if (sessionId !== undefined) {
      await livyRest('DELETE', `/sessions/${sessionId}`);
    }
    fs.rmSync(home, { recursive: true, force: true });
  });

  async function request(method: string, params: Record<string, unknown>): Promise<StatusReply> {
    const requestId = `p${++next}`;
    await kernel.client.send('shell', 'comm_msg', { comm_id: 'panel', data: { requestId, method, params, aws: {} } });
    const { message } = await kernel.client.waitFor(
      ({ channel, message: m }) => channel === 'iopub' && m.header.msg_type === 'comm_msg' && (m.content.data as { requestId?: string }).requestId === requestId,
      CALL_MS
    );
    return message.content.data as unknown as StatusReply;
  }

  it("the stack's env.sh maps the seeded cluster to the stack's Livy", () => {
    expect(JSON.parse(env.EMR_LIVY_CLUSTER_URLS)).toEqual({ [seed.emr.clusterId]: env.LIVY_URL });
  });

  it('lists nothing while the notebook points at a Livy that does not answer', async () => {
    expect(await request('listLivySessions', {})).toMatchObject({ ok: false, error: { code: 'LIVY_UNREACHABLE', message: expect.stringContaining('127.0.0.1:9') } });
  });

  it('Connect on the seeded cluster finds the local Livy answering, and the Livy section follows it', async () => {
    const connected = await request('connectCluster', { clusterId: seed.emr.clusterId });
    expect(connected).toMatchObject({ ok: true, result: { livyUrl: env.LIVY_URL, reachable: true, livyVersion: expect.stringMatching(/^0\.\d+/) } });
    const listed = await request('listLivySessions', {});
    expect(listed).toMatchObject({ ok: true, result: { url: env.LIVY_URL } });
    const ids = listed.ok ? (listed.result as { sessions: { id: number; name?: string }[] }).sessions.map(s => s.id) : [];
    expect(ids).toContain(sessionId);
  });

  it(
    'stops a session the notebook did not start: Livy no longer has it',
    async () => {
      expect(await request('stopLivySession', { id: sessionId })).toMatchObject({ ok: true, result: { url: env.LIVY_URL, stopped: sessionId } });
      await eventually(`session ${sessionId} to be gone`, CALL_MS, async () => ((await livyRest('GET', `/sessions/${sessionId}`)).status === 404 ? true : undefined));
    },
    CALL_MS
  );

  it(
    '%%info after Connect reports the local Livy and the cluster it was reached through',
    async () => {
      const run = await kernel.client.send('shell', 'execute_request', { code: '%%info', stop_on_error: false });
      expect((await kernel.client.replyTo(run, CALL_MS)).content).toMatchObject({ status: 'ok' });
      await kernel.client.idleAfter(run, CALL_MS);
      const shown = kernel.client.for(run).find(({ message }) => message.header.msg_type === 'display_data');
      const text = String((shown?.message.content.data as Record<string, unknown>)['text/plain']);
      expect(text).toMatch(new RegExp(`^Livy +${env.LIVY_URL.replace(/[.]/g, '\\.')} \\(version 0\\.`));
      expect(text).toMatch(new RegExp(`EMR cluster +${seed.emr.clusterId}`));
    },
    CALL_MS
  );
});
