import { UserError } from '../../../../kernel/src/core/errors';
import { ICellExecutor } from '../../../../kernel/src/core/cell-layer';
import { expectOk, kernelErrorOf, runCell } from '../../../helpers/cell-runner';
import { livyRest, stackExecutor } from '../../../helpers/livy-stack';
import { loadStackEnv, readSeed } from '../../../helpers/stack-env';

type Json = Record<string, unknown>;

// Session magics on the real Livy: %%configure, %%info, %%logs, %connect, %%cleanup.
describe('session magics on Livy', () => {
  let executor: ICellExecutor;

  beforeAll(() => {
    executor = stackExecutor('session');
  });

  afterAll(async () => {
    await executor.shutdown(false);
  });

  async function ourSessions(prefix = 'it-session'): Promise<Json[]> {
    const { json } = await livyRest('GET', '/sessions?size=1000');
    return (json.sessions as Json[]).filter(item => String(item.name).startsWith(prefix));
  }

  it('%%configure before the first cell sets what the session starts with', async () => {
    const saved = expectOk(await runCell(executor, '%%configure\n{"conf": {"spark.sql.shuffle.partitions": "5"}, "driverMemory": "1g"}'));
    expect(saved.text()).toMatch(/next cell starts a session/);
    const sink = expectOk(await runCell(executor, 'spark.conf.get("spark.sql.shuffle.partitions")'));
    expect(sink.text()).toMatch(/= 5\b/);
    const [session] = await ourSessions();
    expect(session.driverMemory).toBe('1g');
  });

  it('refuses %%configure without -f while a session runs, and malformed JSON, changing nothing', async () => {
    expectOk(await runCell(executor, 'val kept = "still here"'));
    const [before] = await ourSessions();
    const noForce = kernelErrorOf(await runCell(executor, '%%configure\n{"driverMemory": "2g"}'));
    expect(noForce.evalue).toMatch(/already running.*%%configure -f.*Nothing was changed/s);
    const malformed = kernelErrorOf(await runCell(executor, '%%configure -f\n{"driverMemory": "2g",\n "conf": {oops}}'));
    expect(malformed).toBeInstanceOf(UserError);
    expect(malformed.evalue).toMatch(/not valid JSON at cell line 3.*Nothing was changed/s);
    const [after] = await ourSessions();
    expect(after.id).toBe(before.id);
    expect(expectOk(await runCell(executor, 'kept')).text()).toContain('still here');
  });

  it('%%configure -f replaces the session with one using the new settings', async () => {
    const [old] = await ourSessions();
    const sink = expectOk(await runCell(executor, '%%configure -f\n{"conf": {"spark.sql.shuffle.partitions": "7"}}'));
    expect(sink.text()).toMatch(new RegExp(`Deleted session ${String(old.id)}`));
    expect((await livyRest('GET', `/sessions/${String(old.id)}`)).status).toBe(404);
    expect(expectOk(await runCell(executor, 'spark.conf.get("spark.sql.shuffle.partitions")')).text()).toMatch(/= 7\b/);
  });

  it('%%info shows the session, its Spark UI, how long it may sit idle, and the sessions on Livy', async () => {
    const [session] = await ourSessions();
    const sink = expectOk(await runCell(executor, '%%info'));
    const [info] = sink.displays();
    const text = String(info['text/plain']);
    expect(text).toContain(loadStackEnv().LIVY_URL);
    expect(text).toMatch(/version 0\.9/);
    expect(text).toMatch(new RegExp(`Session\\s+${String(session.id)} \\(it-session`));
    expect(text).toMatch(/State\s+idle/);
    expect(text).toMatch(/Spark UI\s+http:\/\/127\.0\.0\.1:\d+/);
    expect(text).toMatch(/Idle timeout\s+.*livy\.server\.session\.timeout/);
    expect(String(info['text/html'])).toMatch(/<a href="http:\/\/127\.0\.0\.1:\d+"/);
  });

  it('%%logs prints the end of the driver log', async () => {
    const sink = expectOk(await runCell(executor, '%%logs -n 20'));
    expect(sink.text()).toMatch(/^Last \d+ of \d+ log lines/);
    expect(sink.text().split('\n').length).toBeGreaterThan(2);
  });

  it('%connect --session attaches a second kernel to the same session', async () => {
    const [session] = await ourSessions();
    expectOk(await runCell(executor, 'val sharedValue = 99'));
    const other = stackExecutor('session-attach');
    try {
      const attached = expectOk(await runCell(other, `%connect --session ${String(session.id)}`));
      expect(attached.text()).toMatch(new RegExp(`Attached to Livy session ${String(session.id)}`));
      expect(expectOk(await runCell(other, 'sharedValue + 1')).text()).toMatch(/= 100\b/);
    } finally {
      await other.shutdown(false);
    }
    // It was not the second kernel's to delete.
    expect((await livyRest('GET', `/sessions/${String(session.id)}`)).status).toBe(200);
  });

  it('%connect with an EMR cluster id finds the cluster through the EMR API', async () => {
    const env = loadStackEnv();
    const seed = readSeed(env.STACK_SEED_FILE);
    // The SDK reads credentials from the process environment, as it does in a kernel started with the stack's env.sh.
    for (const [name, value] of Object.entries(env).filter(([key]) => key.startsWith('AWS_'))) {
      process.env[name] = value;
    }
    const other = stackExecutor('session-cluster', { EMR_LIVY_CLUSTER_URLS: JSON.stringify(seed.livyUrls), LIVY_URL: '' });
    try {
      const sink = expectOk(await runCell(other, `%connect ${seed.emr.clusterId}`));
      expect(sink.text()).toMatch(new RegExp(`Connected to Livy 0\\.9\\S* at ${env.LIVY_URL} \\(EMR cluster ${seed.emr.clusterId}, ${seed.emr.clusterName}, (WAITING|RUNNING)\\)`));
      const unknown = kernelErrorOf(await runCell(other, '%connect j-NOSUCHCLUSTER1'));
      expect(unknown.evalue).toContain(`Could not look up EMR cluster j-NOSUCHCLUSTER1 through ${env.AWS_ENDPOINT_URL}`);
    } finally {
      await other.shutdown(false);
    }
  });

  it('%%cleanup deletes the sessions this kernel started', async () => {
    const [session] = await ourSessions();
    const sink = expectOk(await runCell(executor, '%%cleanup'));
    expect(sink.text()).toMatch(new RegExp(`Deleted Livy session ${String(session.id)} \\(started by this kernel\\)`));
    expect(await ourSessions()).toHaveLength(0);
  });

  it('answers an unknown magic with the valid ones and keeps working', async () => {
    const error = kernelErrorOf(await runCell(executor, '%%sqll\nSELECT 1'));
    expect(error.evalue).toMatch(/Unknown magic %%sqll\. Did you mean %%sql\?/);
    expect(expectOk(await runCell(executor, '%%help')).displays()[0]['text/plain']).toMatch(/%%configure/);
  });
});
