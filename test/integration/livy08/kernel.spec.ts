import { ITablePayload, TABLE_MIME_TYPE } from '@jupyterlab-emr/common';
import { randomBytes } from 'crypto';
import { IDatabase } from '../../../kernel/src/aurora/database';
import { InterruptedError, UserError } from '../../../kernel/src/core/errors';
import { ICellExecutor } from '../../../kernel/src/core/cell-layer';
import { COMPACT_FETCH_OBJECT } from '../../../kernel/src/results/compact-fetch';
import { expectOk, kernelErrorOf, runCell } from '../../helpers/cell-runner';
import { livyRest, runningStatement, stackExecutor } from '../../helpers/livy-stack';
import { IExchange, RecordingProxy } from '../../helpers/recording-proxy';
import { RecordingSink } from '../../helpers/recording-sink';
import { loadStackEnv } from '../../helpers/stack-env';
import { openStackDatabase } from '../aurora/stack-database';

type Json = Record<string, unknown>;

// The version suite: the kernel's cell layer against Livy 0.8.0, what EMR 7.x runs. Every request
// goes through a recording proxy, so the suite can say what the kernel sent 0.8 and how 0.8 took
// it. One session serves the whole file (a start costs ~20 s here); only %%configure -f makes a
// second, as it must.

// The fields of POST /sessions in Livy 0.8.0 (CreateInteractiveRequest.scala at the release tag);
// Livy answers 400 to any other. 0.9 added idleTimeout.
const LIVY_08_SESSION_FIELDS = [
  'kind',
  'proxyUser',
  'jars',
  'pyFiles',
  'files',
  'driverMemory',
  'driverCores',
  'executorMemory',
  'executorCores',
  'numExecutors',
  'archives',
  'queue',
  'name',
  'conf',
  'heartbeatTimeoutInSecond',
  'ttl'
];

// Livy's sql kind stops at livy.rsc.sql.num-rows; the session is capped as a stock EMR is, and the
// compact fetch starts low, so a few thousand rows show both paths.
const CAP = 1000;
const COMPACT_FROM = 2000;
const LABELLED = (rows: number): string => `SELECT id, concat('r', CAST(id AS STRING)) AS label FROM range(${rows})`;

const env = loadStackEnv();
const livy08 = env.LIVY08_URL;
const schema = `v08_it_${randomBytes(4).toString('hex')}`;

describe('the kernel on Livy 0.8', () => {
  let proxy: RecordingProxy;
  let executor: ICellExecutor;
  let database: IDatabase;

  const rest = (method: string, route: string): Promise<{ status: number; json: Json }> => livyRest(method, route, undefined, livy08);
  const created = (): IExchange[] => proxy.find('POST', /^\/sessions$/);
  const sessionIds = (): number[] => created().map(exchange => (JSON.parse(exchange.answer) as { id: number }).id);
  const currentId = (): number => sessionIds()[sessionIds().length - 1];

  /** Runs a cell and gives the statements it sent Livy, as sent. */
  async function statementsOf(code: string): Promise<{ sink: RecordingSink; statements: Json[] }> {
    const before = proxy.exchanges.length;
    const sink = expectOk(await runCell(executor, code));
    const statements = proxy.exchanges
      .slice(before)
      .filter(exchange => exchange.method === 'POST' && /^\/sessions\/[^/]+\/statements$/.test(exchange.path))
      .map(exchange => JSON.parse(exchange.body) as Json);
    return { sink, statements };
  }

  function tableOf(sink: RecordingSink): ITablePayload {
    return sink.results()[0][TABLE_MIME_TYPE] as ITablePayload;
  }

  /** A table's first row as {column: value}, from a result or a display (%%silver shows its summary as one). */
  function firstRow(sink: RecordingSink): Json {
    const bundle = [...sink.results(), ...sink.displays()].find(data => data[TABLE_MIME_TYPE] !== undefined);
    const payload = bundle?.[TABLE_MIME_TYPE] as ITablePayload | undefined;
    if (!payload) {
      throw new Error(`no table in the cell's output: ${JSON.stringify(sink.events).slice(0, 2000)}`);
    }
    return Object.fromEntries(payload.schema.fields.map((field, index) => [field.name, payload.rows[0][index]]));
  }

  beforeAll(async () => {
    proxy = await RecordingProxy.start(livy08);
    executor = stackExecutor('v08', {
      LIVY_URL: proxy.url,
      // Configured, so the session-create body would carry idleTimeout if the version gating let it.
      EMR_LIVY_IDLE_TIMEOUT: '30m',
      EMR_LIVY_SQL_ROW_LIMIT: String(CAP),
      EMR_LIVY_SQL_COMPACT_FETCH_ROWS: String(COMPACT_FROM),
      // The session's first completion warms Scala's presentation compiler, which takes more than
      // the 3 s default on two busy cores; the suite checks 0.8's answer, not its speed.
      EMR_LIVY_COMPLETION_TIMEOUT_MS: '60000'
    });
    database = await openStackDatabase('postgres');
    await database.query(`CREATE SCHEMA ${schema}`);
    await database.query(`CREATE TABLE ${schema}.events (id BIGINT PRIMARY KEY, name TEXT)`);
    await database.query(`INSERT INTO ${schema}.events VALUES (-1, 'old'), (-2, 'old')`);
  });

  afterAll(async () => {
    await executor?.shutdown(false);
    // Whatever a failed test left behind; a session already deleted answers 404.
    for (const id of proxy ? sessionIds() : []) {
      await rest('DELETE', `/sessions/${id}`);
    }
    await proxy?.stop();
    await database?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await database?.close();
  });

  it('refuses %%configure with idleTimeout, which 0.8 does not know, naming ttl instead, and sends no session', async () => {
    const error = kernelErrorOf(await runCell(executor, '%%configure\n{"idleTimeout": "1h"}'));
    expect(error).toBeInstanceOf(UserError);
    expect(error.evalue).toMatch(/Livy 0\.8\.\S+ does not know "idleTimeout".*use \{"ttl": "2h"\}.*Nothing was changed/s);
    expect(created()).toHaveLength(0);
  });

  it('starts a session on the first cell with what %%configure saved before it', async () => {
    const saved = expectOk(await runCell(executor, `%%configure\n{"ttl": "2h", "driverMemory": "1g", "conf": {"spark.sql.shuffle.partitions": "5", "livy.rsc.sql.num-rows": "${CAP}"}}`));
    expect(saved.text()).toMatch(/next cell starts a session/);
    const sink = expectOk(await runCell(executor, 'spark.conf.get("spark.sql.shuffle.partitions")'));
    expect(sink.text()).toMatch(/= 5\b/);
    expect(sink.displayTexts().join('\n')).toMatch(/Spark session \d+ started in \d+/);
    const { status, json } = await rest('GET', `/sessions/${currentId()}`);
    expect(status).toBe(200);
    expect(json).toMatchObject({ state: 'idle', driverMemory: '1g', name: expect.stringMatching(/^it-v08-/) });
  });

  it('sends 0.8 a session-create body with only fields 0.8 knows, having asked GET /version first', () => {
    const [create] = created();
    expect(create.status).toBe(201);
    const body = JSON.parse(create.body) as Json;
    expect(Object.keys(body).filter(field => !LIVY_08_SESSION_FIELDS.includes(field))).toEqual([]);
    expect(body).toMatchObject({ ttl: '2h', driverMemory: '1g', heartbeatTimeoutInSecond: expect.any(Number) });
    const version = proxy.exchanges.findIndex(exchange => exchange.method === 'GET' && exchange.path === '/version');
    expect(version).toBeGreaterThanOrEqual(0);
    expect(version).toBeLessThan(proxy.exchanges.indexOf(create));
    expect(proxy.exchanges[version].answer).toMatch(/"version":"0\.8\./);
  });

  it('runs Scala: state kept between cells, compile and runtime errors by name', async () => {
    expectOk(await runCell(executor, 'val answer = 6 * 7'));
    expect(expectOk(await runCell(executor, '%%scala\nprintln(s"answer=$answer")')).text()).toContain('answer=42');
    const compile = kernelErrorOf(await runCell(executor, 'val x: Int = "a"'));
    expect(compile.ename).toBe('CompileError');
    expect(compile.evalue).toMatch(/type mismatch/);
    expect(compile.traceback.join('\n')).toMatch(/required: Int/);
    const thrown = kernelErrorOf(await runCell(executor, 'throw new IllegalStateException("nope")'));
    expect({ ename: thrown.ename, evalue: thrown.evalue }).toEqual({ ename: 'IllegalStateException', evalue: 'nope' });
  });

  it('runs %%sql through the sql kind: a typed table, and a missing table by its error class', async () => {
    const { sink, statements } = await statementsOf('%%sql\nSELECT 1 AS i, 9007199254740993L AS big, "<b>x</b>" AS s, NULL AS n');
    expect(statements).toEqual([expect.objectContaining({ kind: 'sql' })]);
    const [result] = sink.results();
    const text = String(result['text/plain']);
    expect(text.split('\n')[0]).toMatch(/^i\s+\| big\s+\| s\s+\| n$/);
    expect(text).toContain('9007199254740993');
    expect(text).toMatch(/\(1 row\)$/);
    expect(String(result['text/html'])).toContain('&lt;b&gt;x&lt;/b&gt;');
    const error = kernelErrorOf(await runCell(executor, '%%sql\nSELECT * FROM it_v08_no_such_table'));
    expect(error.ename).toBe('TABLE_OR_VIEW_NOT_FOUND');
    expect(error.evalue).toMatch(/`it_v08_no_such_table` cannot be found.*cell line 2/);
  });

  it(`fetches -n ${COMPACT_FROM} and more through the compact fetch, past the cap of ${CAP} the sql kind stops at`, async () => {
    const fetch = new RegExp(`^${COMPACT_FETCH_OBJECT.name}\\.fetch\\(`);
    const rowsBySqlKind = (statement: Json): boolean => statement.kind === 'sql' && /^SELECT \* FROM/.test(String(statement.code));
    const below = await statementsOf(`%%sql -n ${COMPACT_FROM - 500} --no-chart\n${LABELLED(5000)}`);
    expect(below.statements.filter(rowsBySqlKind)).toHaveLength(1);
    expect(below.statements.filter(statement => fetch.test(String(statement.code)))).toEqual([]);
    expect(tableOf(below.sink).rows).toHaveLength(CAP);
    const above = await statementsOf(`%%sql -n 3000 --no-chart\n${LABELLED(5000)}`);
    expect(above.statements.filter(rowsBySqlKind)).toEqual([]);
    expect(above.statements.filter(statement => fetch.test(String(statement.code)))).toEqual([expect.objectContaining({ kind: 'spark' })]);
    const shown = tableOf(above.sink);
    expect(shown).toMatchObject({ rowCount: 5000, truncated: true });
    expect(shown.rows).toHaveLength(3000);
    expect(shown.rows.filter(row => row[1] !== `r${String(row[0])}`)).toEqual([]);
    expect(new Set(shown.rows.map(row => row[0])).size).toBe(3000);
  });

  it('runs %%pyspark on the same session: prints, reads a Scala view, reports a Python exception', async () => {
    expect(expectOk(await runCell(executor, '%%pyspark\nprint(spark.range(5).count())')).text()).toBe('5\n');
    expectOk(await runCell(executor, 'spark.range(3).createOrReplaceTempView("it_v08_shared")'));
    expect(expectOk(await runCell(executor, '%%pyspark\nprint(spark.table("it_v08_shared").count())')).text()).toContain('3');
    const error = kernelErrorOf(await runCell(executor, '%%pyspark\ndef f():\n    return 1 / 0\nf()'));
    expect({ ename: error.ename, evalue: error.evalue }).toEqual({ ename: 'ZeroDivisionError', evalue: 'division by zero' });
    expect(error.traceback.join('\n')).toMatch(/Cell line 3/);
  });

  it("completes Scala from the live session through 0.8's completion endpoint, the cursor on a later line of the cell", async () => {
    expectOk(await runCell(executor, 'val numbers = List(1, 2, 3)'));
    const code = '%%spark\nval doubled = numbers.map(_ * 2)\ndoubled.ma';
    const completion = await executor.complete(code, code.length);
    expect(completion.matches).toEqual(expect.arrayContaining(['map', 'max']));
    expect([completion.cursorStart, completion.cursorEnd]).toEqual([code.length - 2, code.length]);
    expect(proxy.find('POST', /\/completion$/).map(exchange => exchange.status)).toEqual([200]);
  });

  it('%%info shows the Livy version, the session, its Spark UI and heartbeat; %%logs the driver log', async () => {
    const [info] = expectOk(await runCell(executor, '%%info')).displays();
    const text = String(info['text/plain']);
    expect(text).toContain(proxy.url);
    expect(text).toMatch(/version 0\.8/);
    expect(text).toMatch(new RegExp(`Session\\s+${currentId()} \\(it-v08-`));
    expect(text).toMatch(/State\s+idle/);
    expect(text).toMatch(/Spark UI\s+http:\/\/127\.0\.0\.1:\d+/);
    expect(text).toMatch(/Heartbeat\s+Livy deletes the session \d+ s after/);
    const logs = expectOk(await runCell(executor, '%%logs -n 20')).text();
    expect(logs).toMatch(/^Last \d+ of \d+ log lines kept by Livy for session \d+/);
    expect(logs.split('\n').length).toBeGreaterThan(2);
  });

  // Livy 0.8 cannot tell: its GET /sessions/{id} fills the ttl field with the proxy user (null here),
  // so the kernel has only the ttl it sent to go by.
  it('%%info gives the ttl the session was started with as its idle timeout', async () => {
    const text = String(expectOk(await runCell(executor, '%%info')).displays()[0]['text/plain']);
    expect(text).toMatch(/Idle timeout\s+2h without activity \(this session's ttl/);
  });

  it('cancels a running statement on interrupt and keeps the session usable', async () => {
    const sessionId = currentId();
    const controller = new AbortController();
    const cell = runCell(executor, 'spark.range(0, 2000000000L, 1, 2).map(x => { Thread.sleep(1); x }).count()', controller.signal);
    const running = await runningStatement(sessionId, code => code.includes('2000000000L'), livy08);
    controller.abort();
    const outcome = await cell;
    expect(outcome.error).toBeInstanceOf(InterruptedError);
    expect((outcome.error as InterruptedError).evalue).toMatch(/cancelled statement/);
    expect(proxy.find('POST', new RegExp(`/statements/${running}/cancel$`)).map(exchange => exchange.status)).toEqual([200]);
    expect((await rest('GET', `/sessions/${sessionId}/statements/${running}`)).json.state).toBe('cancelled');
    expect(expectOk(await runCell(executor, 'spark.range(4).count()')).text()).toMatch(/= 4\b/);
  });

  it('appends a query result to PostgreSQL with %%silver', async () => {
    const sink = expectOk(await runCell(executor, `%%silver --target silver-pg --table ${schema}.events --mode append\nSELECT id, concat('v08-', CAST(id AS STRING)) AS name FROM range(0, 300)`));
    expect(firstRow(sink)).toMatchObject({ target: 'silver-pg', table: `${schema}.events`, mode: 'append', rows_written: 300, rows_in_target: 302 });
    const stats = await database.query(`SELECT count(*), count(*) FILTER (WHERE name = concat('v08-', id)), min(id), max(id) FROM ${schema}.events`);
    expect(JSON.stringify(stats.rows[0])).toBe(JSON.stringify([302, 300, -2, 299]));
  });

  it('%%configure -f replaces the session with one started with the new settings, still only 0.8 fields', async () => {
    const old = currentId();
    const sink = expectOk(await runCell(executor, '%%configure -f\n{"conf": {"spark.sql.shuffle.partitions": "7"}}'));
    expect(sink.text()).toMatch(new RegExp(`Deleted session ${old}`));
    expect((await rest('GET', `/sessions/${old}`)).status).toBe(404);
    expect(created()).toHaveLength(2);
    expect(currentId()).not.toBe(old);
    expect(expectOk(await runCell(executor, 'spark.conf.get("spark.sql.shuffle.partitions")')).text()).toMatch(/= 7\b/);
    const body = JSON.parse(created()[1].body) as Json;
    expect(Object.keys(body).filter(field => !LIVY_08_SESSION_FIELDS.includes(field))).toEqual([]);
    expect(created()[1].status).toBe(201);
  });

  it("deletes its session at shutdown, and 0.8 refused none of the kernel's requests", async () => {
    const id = currentId();
    const before = proxy.exchanges.length;
    await executor.shutdown(false);
    const deletes = proxy.exchanges.slice(before).filter(exchange => exchange.method === 'DELETE');
    expect(deletes.map(exchange => exchange.status)).toEqual([200]);
    expect((await rest('GET', `/sessions/${id}`)).status).toBe(404);
    const refused = proxy.exchanges.filter(exchange => exchange.status === 0 || exchange.status >= 400);
    expect(refused.map(({ method, path, status, answer }) => `${method} ${path} -> ${status} ${answer.slice(0, 300)}`)).toEqual([]);
    // Many kinds of request went through, so the check above covered more than a few.
    expect(new Set(proxy.exchanges.map(exchange => `${exchange.method} ${exchange.path.replace(/\d+/g, 'N').replace(/\?.*/, '')}`)).size).toBeGreaterThan(8);
  });
});
