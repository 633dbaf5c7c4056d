import { CellCodeError, InterruptedError, UserError } from '../../../../kernel/src/core/errors';
import { ICellExecutor } from '../../../../kernel/src/core/cell-layer';
import { KernelConfig, loadKernelConfig } from '../../../../kernel/src/config';
import { LivyTransportError } from '../../../../kernel/src/livy/errors';
import { createCellExecutor } from '../../../../kernel/src/magics/assembly';
import { IClusterDescription } from '../../../../kernel/src/cell-kit/cluster-resolver';
import { Redactor } from '../../../../kernel/src/redact';
import { expectOk, kernelErrorOf, runCell } from '../../../helpers/cell-runner';
import { FakeLivy, json, recordedOutput } from '../../../helpers/fake-livy';
import { livyFixture } from '../../../helpers/livy-fixtures';
import { CHART_COPY_MIME_TYPE, TABLE_MIME_TYPE, VEGA_LITE_MIME_TYPE } from '@jupyterlab-emr/common';

const LIVY_A = 'http://livy-a.test:8998';
const LIVY_B = 'http://livy-b.test:8998';

function config(env: NodeJS.ProcessEnv = {}): KernelConfig {
  const file = JSON.stringify({ poll: { initialMs: 1, maxMs: 5 }, progressDelayMs: 0, session: { heartbeatTimeoutSeconds: 0, cancelWaitSeconds: 1 } });
  return loadKernelConfig({ env: { LIVY_URL: LIVY_A, EMR_LIVY_CONFIG: '/cfg.json', ...env }, redactor: new Redactor(), readFile: () => file });
}

interface IWorld {
  executor: ICellExecutor;
  livy: FakeLivy;
  other: FakeLivy;
  clusters: Map<string, IClusterDescription>;
}

function world(env: NodeJS.ProcessEnv = {}): IWorld {
  const livy = new FakeLivy();
  const other = new FakeLivy();
  livy.startPolls = 0;
  other.startPolls = 0;
  const clusters = new Map<string, IClusterDescription>();
  const executor = createCellExecutor(config(env), {
    transport: url => (url === LIVY_B ? other : livy),
    describeCluster: async id => {
      const cluster = clusters.get(id);
      if (!cluster) {
        throw Object.assign(new Error(`Cluster id '${id}' is not valid.`), { name: 'InvalidRequestException', $metadata: { httpStatusCode: 400 } });
      }
      return cluster;
    }
  });
  return { executor, livy, other, clusters };
}

describe('MagicDispatcher', () => {
  it('runs a Scala cell in a new session and streams what it printed', async () => {
    const { executor, livy } = world();
    livy.script = () => ({ output: recordedOutput('statement-scala-println-ok') });
    const sink = expectOk(await runCell(executor, 'println("hi"); 42'));
    expect(sink.text()).toBe('hi\nres1: Int = 42\n');
    expect(sink.displayTexts()[0]).toMatch(/^Spark session 0 started in \d+ s$/);
    expect(livy.statements()).toEqual([{ code: 'println("hi"); 42', kind: 'spark' }]);
  });

  it('shows a progress bar that updates in place and ends with the outcome', async () => {
    const { executor, livy } = world();
    livy.script = () => ({ runningPolls: 3, progress: [0.25, 0.5, 0.75], output: recordedOutput('statement-scala-ok') });
    const sink = expectOk(await runCell(executor, 'spark.range(10).count()'));
    const progress = sink.events.filter(event => (event.type === 'display' || event.type === 'update') && /^Statement|^\[[#.]/.test(String(event.data['text/plain'])));
    expect(progress[0].type).toBe('display');
    expect(progress.slice(1).every(event => event.type === 'update')).toBe(true);
    expect(progress.map(event => String((event as { data: Record<string, unknown> }).data['text/plain']))).toEqual(
      expect.arrayContaining([expect.stringMatching(/^\[#####\.{15}\] 25%/), expect.stringMatching(/^Statement finished after/)])
    );
  });

  it("runs %%sql through Livy's sql kind and returns a table result", async () => {
    const { executor, livy } = world();
    livy.script = () => ({ output: recordedOutput('statement-sql-rows') });
    const sink = expectOk(await runCell(executor, '%%sql\nSELECT id FROM range(3);'));
    // A query is asked for one row more than the table shows, so "there is more" is known exactly.
    expect(JSON.parse(livy.requestsTo('POST', /statements$/)[0].body as string)).toEqual({ code: 'SELECT * FROM (\nSELECT id FROM range(3)\n) AS `emr_livy_result`\nLIMIT 1001', kind: 'sql' });
    const [result] = sink.results();
    expect(result['text/plain']).toMatch(/^id \| half \| label/);
    expect(result['text/html']).toMatch(/^<table class="jp-emr-ResultTable">/);
  });

  it('adds an automatic chart to a %%sql result, and names the columns for a mis-spelled --x', async () => {
    const { executor, livy } = world();
    const output = {
      status: 'ok',
      execution_count: 0,
      data: {
        'application/json': {
          schema: {
            type: 'struct',
            fields: [
              { name: 'region', type: 'string', nullable: true, metadata: {} },
              { name: 'orders', type: 'long', nullable: false, metadata: {} }
            ]
          },
          data: [
            ['north', 3],
            ['south', 5],
            ['east', 2]
          ]
        }
      }
    };
    livy.script = () => ({ output });
    const sink = expectOk(await runCell(executor, '%%sql\nSELECT region, count(*) AS orders FROM sales GROUP BY region'));
    // The table is the cell's result; its chart follows as an output of its own, so front ends without the extension show it.
    const [result] = sink.results();
    expect(Object.keys(result)).toEqual(['text/plain', 'text/html', TABLE_MIME_TYPE]);
    const chartOf = (outcome: typeof sink) => outcome.displays().find(display => display[VEGA_LITE_MIME_TYPE] !== undefined) ?? {};
    expect(Object.keys(chartOf(sink))).toEqual(['text/plain', 'image/svg+xml', VEGA_LITE_MIME_TYPE, CHART_COPY_MIME_TYPE]);
    expect(chartOf(sink)[VEGA_LITE_MIME_TYPE]).toMatchObject({
      mark: { type: 'bar', tooltip: true },
      encoding: { x: { field: 'c0', type: 'nominal', title: 'region' }, y: { field: 'c1', type: 'quantitative', title: 'orders' } },
      data: {
        values: [
          { c0: 'north', c1: 3 },
          { c0: 'south', c1: 5 },
          { c0: 'east', c1: 2 }
        ]
      }
    });
    const pie = chartOf(expectOk(await runCell(executor, '%%sql --chart pie --agg sum\nSELECT 1')));
    expect(pie[VEGA_LITE_MIME_TYPE]).toMatchObject({ mark: { type: 'arc' }, encoding: { theta: { aggregate: 'sum' }, color: { title: 'region' } } });
    const noChart = expectOk(await runCell(executor, '%%sql --no-chart\nSELECT 1'));
    expect(noChart.results()).toHaveLength(1);
    expect(chartOf(noChart)).toEqual({});
    const error = kernelErrorOf(await runCell(executor, '%%sql --x nope\nSELECT 1'));
    expect(error).toBeInstanceOf(UserError);
    expect(error.evalue).toBe('--x nope is not a column of this result. The columns are: region (category), orders (number).');
  });

  it('checks once per session that %%hive has the Hive catalog', async () => {
    const { executor, livy } = world();
    livy.script = code => ({
      output: code.startsWith('SET')
        ? { status: 'ok', execution_count: 0, data: { 'application/json': { schema: { type: 'struct', fields: [] }, data: [['spark.sql.catalogImplementation', 'in-memory']] } } }
        : recordedOutput('statement-sql-ddl')
    });
    const error = kernelErrorOf(await runCell(executor, '%%hive\nSHOW TABLES'));
    expect(error.evalue).toMatch(/%%hive needs a session with Hive support, but session 0 uses the "in-memory" catalog/);
  });

  it("turns a failed statement into the user's error, not an internal one", async () => {
    const { executor, livy } = world();
    livy.script = () => ({ output: recordedOutput('statement-scala-compile-error') });
    const error = kernelErrorOf(await runCell(executor, 'val x: Int = "a"'));
    expect(error).toBeInstanceOf(CellCodeError);
    expect(error.ename).toBe('CompileError');
  });

  it.each<[string, () => unknown, RegExp]>([
    [
      'unreachable',
      () => new LivyTransportError('LIVY_UNREACHABLE', 'refused', `${LIVY_A}/version`, 'ECONNREFUSED', false),
      /^Cannot reach Livy at http:\/\/livy-a\.test:8998 \(ECONNREFUSED\)\..*The kernel keeps working/
    ],
    [
      'TLS',
      () => new LivyTransportError('LIVY_TLS', 'failed: self-signed', `${LIVY_A}/version`, 'SELF_SIGNED_CERT_IN_CHAIN', false),
      /TLS connection to Livy .*EMR_LIVY_CA_BUNDLE.*EMR_LIVY_INSECURE=true/
    ],
    ['401', () => json(401, { msg: 'Unauthorized' }), /unauthenticated \(HTTP 401\)\. Livy said: "Unauthorized"\. Set EMR_LIVY_USERNAME and EMR_LIVY_PASSWORD/],
    ['403', () => json(403, 'Forbidden'), /refused the request \(HTTP 403, forbidden\)/],
    [
      '503',
      () => ({ status: 503, headers: { 'content-type': 'text/html' }, body: '<html><title>Error 503 Service Unavailable</title></html>' }),
      /failed on GET \/version \(HTTP 503\)\. Livy said: "Service Unavailable"/
    ],
    ['not Livy', () => ({ status: 200, headers: {}, body: '<html>sign in</html>' }), /does not answer like Livy/]
  ])('explains a Livy that is %s in one paragraph, and keeps working', async (_what, failure, message) => {
    const { executor, livy } = world();
    const answer = failure() as Parameters<FakeLivy['fail']>[2];
    livy.fail('GET', /^\/version$/, answer);
    const error = kernelErrorOf(await runCell(executor, '1 + 1'));
    expect(error).toBeInstanceOf(UserError);
    expect(error.evalue).toMatch(message);
    expect(error.traceback).toEqual([]);
    expectOk(await runCell(executor, '1 + 1'));
  });

  it('without a Livy URL, says how to set one, and %%help still works', async () => {
    const executor = createCellExecutor(config({ LIVY_URL: '' }), { transport: () => new FakeLivy() });
    const error = kernelErrorOf(await runCell(executor, '1 + 1'));
    expect(error.evalue).toMatch(/^This notebook has no Livy to run on\. Set LIVY_URL/);
    expect(String(expectOk(await runCell(executor, '%%help')).displays()[0]['text/plain'])).toMatch(/%%sql \[-n\/--limit N\] \[--max-rows N\] \[--view NAME\] \[-q\/--quiet\]/);
  });

  it('with a broken configuration, reports it in cells that need Livy', async () => {
    const saved = process.env.LIVY_URL;
    process.env.LIVY_URL = 'livy-without-scheme:8998';
    try {
      const executor = createCellExecutor(undefined, { transport: () => new FakeLivy() });
      expect(kernelErrorOf(await runCell(executor, 'spark')).evalue).toMatch(/^The environment variable LIVY_URL, "livy-without-scheme:8998" is not valid/);
      expectOk(await runCell(executor, '%%help sql'));
    } finally {
      process.env.LIVY_URL = saved;
    }
  });

  it('shows configuration warnings once, with the first cell', async () => {
    const { executor } = world({ EMR_LIVY_INSECURE: 'true' });
    expect((await runCell(executor, '%%help')).sink.text('stderr')).toMatch(/^Warning: TLS certificate checks for Livy are off/);
    expect((await runCell(executor, '%%help')).sink.text('stderr')).toBe('');
  });

  it('cancels the statement when the cell is interrupted and ends the cell as interrupted', async () => {
    const { executor, livy } = world();
    livy.script = () => ({ endless: true, output: {} });
    const controller = new AbortController();
    const pending = runCell(executor, 'spark.range(0, 1000000000L).map(x => x).count()', controller.signal);
    await new Promise(resolve => setTimeout(resolve, 50));
    controller.abort();
    const outcome = await pending;
    expect(outcome.error).toBeInstanceOf(InterruptedError);
    expect((outcome.error as InterruptedError).evalue).toBe('Interrupted: Livy cancelled statement 0 and stopped its Spark jobs.');
    expect(livy.requestsTo('POST', /statements\/0\/cancel$/)).toHaveLength(1);
  });

  it('replaces a session that vanished between cells and says its state is lost', async () => {
    const { executor, livy } = world();
    expectOk(await runCell(executor, 'val a = 1'));
    livy.dropSession(0);
    const sink = expectOk(await runCell(executor, 'spark.range(1).count()'));
    expect(sink.text('stderr')).toBe(
      'Livy session 0 is gone (not found): everything earlier cells defined in it (variables, temporary views, cached data) is lost. This cell runs in a fresh session, 1; run again the cells it depends on.\n'
    );
    expect([...livy.sessions.keys()]).toEqual([1]);
  });

  it('applies %%configure to the session it starts next, and refuses to drop a running one without -f', async () => {
    const { executor, livy } = world();
    expect(expectOk(await runCell(executor, '%%configure\n{"executorMemory": "4g", "conf": {"spark.x": "1"}}')).text()).toMatch(/^Saved\. The next cell starts a session/);
    expectOk(await runCell(executor, '1'));
    expect(livy.sessions.get(0)?.body).toMatchObject({ kind: 'spark', executorMemory: '4g', conf: { 'spark.x': '1' } });
    const refused = kernelErrorOf(await runCell(executor, '%%configure\n{"executorMemory": "8g"}'));
    expect(refused.evalue).toMatch(/already running.*Nothing was changed/s);
    expect(expectOk(await runCell(executor, '%%configure -f\n{"executorMemory": "8g"}')).text()).toMatch(/^Deleted session 0\. Starting a new one/);
    expect([...livy.sessions.keys()]).toEqual([1]);
    expect(livy.sessions.get(1)?.body).toMatchObject({ executorMemory: '8g' });
    expect(livy.sessions.get(1)?.body.conf).toBeUndefined();
  });

  it('refuses idleTimeout in %%configure for Livy 0.8, suggesting ttl', async () => {
    const { executor, livy } = world();
    livy.version = '0.8.0-incubating';
    expect(kernelErrorOf(await runCell(executor, '%%configure\n{"idleTimeout": "2h"}')).evalue).toMatch(/Livy 0\.8\.0-incubating does not know "idleTimeout".*use \{"ttl": "2h"\}/);
  });

  it('%%info shows the session with the Spark UI the driver reports and the idle timeout', async () => {
    const { executor, livy } = world({ EMR_LIVY_SERVER_IDLE_TIMEOUT: '30m' });
    livy.script = code => ({ output: code === 'sc.uiWebUrl' ? recordedOutput('statement-scala-ui-web-url') : recordedOutput('statement-scala-ok') });
    expectOk(await runCell(executor, '1'));
    const info = expectOk(await runCell(executor, '%%info')).displays()[0];
    const text = String(info['text/plain']);
    expect(text).toMatch(/^Livy\s+http:\/\/livy-a\.test:8998 \(version 0\.9\.0-incubating\)/);
    expect(text).toMatch(/Spark UI\s+http:\/\/127\.0\.0\.1:4042/);
    expect(text).toMatch(/Idle timeout\s+30m without activity \(the server's livy\.server\.session\.timeout/);
    expect(text).toMatch(/\* {4}0 {2}idle/);
    expect(String(info['text/html'])).toContain('<a href="http://127.0.0.1:4042"');
  });

  it('%%logs prints the session log, and says when there is no session yet', async () => {
    const { executor } = world();
    expect(kernelErrorOf(await runCell(executor, '%%logs')).evalue).toMatch(/^%%logs needs a Livy session, and this notebook has none yet/);
    expectOk(await runCell(executor, '1'));
    expect(expectOk(await runCell(executor, '%%logs -n 3')).text()).toBe('Last 3 of 3 log lines kept by Livy for session 0:\nstdout: \nline one\nline two\n');
  });

  it("%%cleanup deletes only this kernel's sessions unless forced", async () => {
    const { executor, livy } = world();
    expectOk(await runCell(executor, '1'));
    const foreign = createCellExecutor(config(), { transport: () => livy });
    expectOk(await runCell(foreign, '1'));
    expect(expectOk(await runCell(executor, '%%cleanup')).text()).toBe('Deleted Livy session 0 (started by this kernel).\n');
    expect(expectOk(await runCell(executor, '%%cleanup -f')).text()).toBe('Deleted Livy session 1 (on this Livy).\n');
  });

  it('%connect moves to another Livy once it answers, deleting the session on the old one', async () => {
    const { executor, livy, other } = world();
    expectOk(await runCell(executor, '1'));
    const sink = expectOk(await runCell(executor, `%connect ${LIVY_B}`));
    expect(sink.text()).toBe(`Connected to Livy 0.9.0-incubating at ${LIVY_B}. Session 0 on the previous Livy was deleted. The next cell starts a session.\n`);
    expect(livy.sessions.size).toBe(0);
    expectOk(await runCell(executor, '2'));
    expect(other.sessions.size).toBe(1);
  });

  it('%connect to a Livy that does not answer leaves the notebook where it was', async () => {
    const { executor, livy, other } = world();
    expectOk(await runCell(executor, '1'));
    other.fail('GET', /^\/version$/, new LivyTransportError('LIVY_UNREACHABLE', 'refused', `${LIVY_B}/version`, 'ECONNREFUSED', false));
    expect(kernelErrorOf(await runCell(executor, `%connect ${LIVY_B}`)).evalue).toMatch(/^Cannot reach Livy at http:\/\/livy-b\.test:8998/);
    expect(livy.sessions.size).toBe(1);
    expectOk(await runCell(executor, '2'));
    expect(livy.statements()).toHaveLength(2);
  });

  it('%connect with a cluster id finds Livy on its primary node, or explains why not', async () => {
    const { executor, clusters, other } = world({ EMR_LIVY_CLUSTER_URLS: JSON.stringify({ 'j-LOCAL': LIVY_B }) });
    clusters.set('j-LOCAL', { name: 'local', state: 'WAITING', masterPublicDnsName: 'ip-10-0-0-1.fake', releaseLabel: 'emr-7.9.0', applications: ['Spark', 'Livy'] });
    clusters.set('j-GONE', { name: 'old', state: 'TERMINATED', applications: ['Livy'] });
    clusters.set('j-NOLIVY', { name: 'batch', state: 'RUNNING', masterPublicDnsName: 'ip', applications: ['Spark', 'Hive'] });
    expect(expectOk(await runCell(executor, '%connect j-local')).text()).toMatch(/^Connected to Livy 0\.9\.0-incubating at http:\/\/livy-b\.test:8998 \(EMR cluster j-LOCAL, local, WAITING\)/);
    expect(other.requestsTo('GET', /^\/version$/)).toHaveLength(1);
    expect(kernelErrorOf(await runCell(executor, '%connect j-GONE')).evalue).toMatch(/is terminated, so its Livy is gone/);
    expect(kernelErrorOf(await runCell(executor, '%connect j-NOLIVY')).evalue).toMatch(/does not run Livy \(its applications are Spark, Hive\)/);
    expect(kernelErrorOf(await runCell(executor, '%connect j-MISSING')).evalue).toMatch(/^Could not look up EMR cluster j-MISSING through .*Cluster id 'j-MISSING' is not valid/);
  });

  it('%connect --session attaches to a session it will not delete at shutdown', async () => {
    const { executor, livy } = world();
    const owner = createCellExecutor(config(), { transport: () => livy });
    expectOk(await runCell(owner, '1'));
    expect(expectOk(await runCell(executor, '%connect --session 0')).text()).toMatch(/^Attached to Livy session 0 \(.*\), idle, kind spark\./);
    expectOk(await runCell(executor, '2'));
    await executor.shutdown(false);
    expect(livy.sessions.has(0)).toBe(true);
    await owner.shutdown(false);
    expect(livy.sessions.has(0)).toBe(false);
  });

  it("shows a magic's help on inspect, and answers is_complete", async () => {
    const { executor } = world();
    const inspection = await executor.inspect('%%configure -f\n{}', 4, 0);
    expect(inspection.found).toBe(true);
    expect(String(inspection.data['text/plain'])).toMatch(/^%%configure \[-f\/--force\]/);
    expect((await executor.inspect('spark.range(1)', 3, 0)).found).toBe(false);
    expect(await executor.isComplete('val x = (1 +')).toEqual({ status: 'incomplete', indent: '  ' });
  });

  it('runs nothing, and starts no session, for an empty cell', async () => {
    const { executor, livy } = world();
    expectOk(await runCell(executor, '\n  \n'));
    expectOk(await runCell(executor, '%%scala\n'));
    expect(livy.requests).toHaveLength(0);
  });

  it('deletes the session it started at shutdown and closes its connections', async () => {
    const { executor, livy } = world();
    expectOk(await runCell(executor, '1'));
    await executor.shutdown(false);
    expect(livy.sessions.size).toBe(0);
    expect(livy.closed).toBe(true);
  });

  it('passes the CSRF check Livy enforces', async () => {
    const { executor, livy } = world();
    expectOk(await runCell(executor, '1'));
    expect(livy.requests.filter(request => request.method !== 'GET').every(request => request.headers['X-Requested-By'] === 'jupyterlab-emr')).toBe(true);
    expect(livyFixture('csrf-header-missing-400').status).toBe(400);
  });
});
