import { STATUS_COMM_TARGET, StatusReply } from '@jupyterlab-emr/common';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { KernelHarness } from '../../../helpers/kernel-harness';
import { eventually } from '../../../helpers/livy-stack';
import { loadStackEnv } from '../../../helpers/stack-env';

// The side panel's Livy section marks the notebook's busy session with the Spark job it runs,
// through a real kernel process on the stack's Livy: local mode reports no Spark UI to Livy, so
// the kernel asks the UI address it read from the session's log.
const CALL_MS = 240_000;

describe("the panel's Livy section while a cell runs", () => {
  let kernel: KernelHarness;
  let home: string;
  let next = 0;
  const prefix = `it-panel-busy-${process.pid}`;

  beforeAll(async () => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'emr-livy-panel-busy-'));
    kernel = await KernelHarness.start({ env: { ...loadStackEnv(), HOME: home, EMR_LIVY_CONFIG: '', EMR_LIVY_SESSION_NAME_PREFIX: prefix } });
    const open = await kernel.client.send('shell', 'comm_open', { comm_id: 'panel', target_name: STATUS_COMM_TARGET, data: {} });
    await kernel.client.idleAfter(open);
  }, CALL_MS);

  afterAll(async () => {
    if (kernel) {
      const request = await kernel.client.send('control', 'shutdown_request', { restart: false });
      await kernel.client.replyTo(request, 30_000).catch(() => undefined);
      await kernel.stop();
    }
    fs.rmSync(home, { recursive: true, force: true });
  });

  async function listSessions(): Promise<StatusReply> {
    const requestId = `busy${++next}`;
    await kernel.client.send('shell', 'comm_msg', { comm_id: 'panel', data: { requestId, method: 'listLivySessions', params: {}, aws: {} } });
    const { message } = await kernel.client.waitFor(
      ({ channel, message: m }) => channel === 'iopub' && m.header.msg_type === 'comm_msg' && (m.content.data as { requestId?: string }).requestId === requestId,
      30_000
    );
    return message.content.data as unknown as StatusReply;
  }

  it(
    "shows the running job under the notebook's session, linked to its Spark UI page, while the cell runs",
    async () => {
      expect((await kernel.execute('spark.range(1).count()')).reply.status).toBe('ok');
      const long = await kernel.client.send('shell', 'execute_request', { code: 'spark.range(0, 4, 1, 2).mapPartitions { rows => Thread.sleep(60000); rows }.count()', stop_on_error: false });
      type Listed = { name?: string; state: string; runningJobs?: { jobId: number; description: string; url: string }[] };
      const ours = await eventually('the running job in the panel', 90_000, async () => {
        const reply = await listSessions();
        const sessions = reply.ok ? (reply.result as { sessions: Listed[] }).sessions : [];
        return sessions.find(session => session.name?.startsWith(prefix) && session.runningJobs?.length);
      });
      expect(ours.state).toBe('busy');
      expect(ours.runningJobs![0].description).toMatch(/^count at <console>:\d+/);
      expect(ours.runningJobs![0].url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/jobs\/job\/\?id=\d+$/);
      const interrupt = await kernel.client.send('control', 'interrupt_request', {});
      await kernel.client.replyTo(interrupt, 30_000);
      await kernel.client.replyTo(long, 60_000);
    },
    CALL_MS
  );
});
