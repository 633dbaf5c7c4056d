import { TABLE_MIME_TYPE } from '@jupyterlab-emr/common';
import { randomBytes } from 'crypto';
import { JsonObject } from '../../../kernel/src/protocol/messages';
import { freePorts } from '../../helpers/connection-info';
import { eventually } from '../../helpers/livy-stack';
import { loadStackEnv } from '../../helpers/stack-env';
import { contents, HiveTestKernel, kernelForSuite, streamText } from './hive-kernel';
import { longQuery, jobsMarked, mainJobRunning } from './spark-jobs';

// %%hive in a real kernel process against the local stack's HiveServer2 (Spark's Thrift server,
// binary transport, SASL PLAIN): queries, DDL, several statements, errors, operation logs, an
// interrupt that cancels the server's job, and a HiveServer2 that is not there.

const env = loadStackEnv();
const hs2 = `${env.HIVESERVER2_HOST}:${env.HIVESERVER2_PORT}`;
function table(result: JsonObject): { schema: { fields: { name: string; type: string }[] }; rows: unknown[][]; truncated: boolean } {
  return (result.data as JsonObject)[TABLE_MIME_TYPE] as never;
}

describe('%%hive on HiveServer2', () => {
  const name = `it_hs2_${Date.now().toString(36)}_${randomBytes(2).toString('hex')}`;
  const password = `hs2-pw-${randomBytes(12).toString('hex')}`;
  let kernel: HiveTestKernel;

  beforeAll(async () => {
    kernel = await HiveTestKernel.start({
      EMR_HIVESERVER2_URL: `jdbc:hive2://${hs2}/default`,
      EMR_HIVESERVER2_USERNAME: 'analyst',
      // The stack's server takes any PLAIN credentials; the password must still never show.
      EMR_HIVESERVER2_PASSWORD: password,
      EMR_HIVESERVER2_LOG_LEVEL: 'VERBOSE'
    });
  }, 60_000);

  afterAll(async () => {
    await kernel?.execute(`%%hive\nDROP TABLE IF EXISTS ${name}`);
    await kernel?.stop();
  });

  it('runs a query into a typed table, names the engine, and streams the operation log', async () => {
    const run = await kernel.execute(
      "%%hive\nSELECT 1 AS id, 'a<b>' AS name, CAST(12345678901234567 AS BIGINT) AS big, CAST(2.5 AS DECIMAL(10,2)) AS price, array(1, 2) AS pair, CAST(NULL AS INT) AS nothing"
    );
    expect(run.reply.status).toBe('ok');
    expect(streamText(run, 'stdout')).toContain(`Running on HiveServer2 at ${hs2} (configured)`);
    const [result] = contents(run, 'execute_result');
    expect(result.metadata).toMatchObject({ engine: 'hiveserver2', endpoint: hs2 });
    const payload = table(result);
    expect(payload.schema.fields).toEqual([
      { name: 'id', type: 'int' },
      { name: 'name', type: 'string' },
      { name: 'big', type: 'bigint' },
      { name: 'price', type: 'decimal(10,2)' },
      { name: 'pair', type: 'array' },
      { name: 'nothing', type: 'int' }
    ]);
    // A long beyond 2^53 and a decimal keep their exact digits.
    expect(payload.rows).toEqual([[1, 'a<b>', '12345678901234567', '2.50', [1, 2], null]]);
    expect(String((result.data as JsonObject)['text/html'])).toContain('a&lt;b&gt;');
    expect(streamText(run, 'stderr')).toMatch(/Running query with|Submitting query/);
  });

  it('runs DDL and several statements, split on ; outside quotes and comments, showing each result', async () => {
    const create = await kernel.execute(
      `%%hive\nCREATE TABLE ${name} (id INT, label STRING) STORED AS PARQUET;\n` +
        `INSERT INTO ${name} VALUES (1, 'one; not a split'), (2, 'two');\n-- a comment; with a semicolon\n` +
        `SELECT id, label FROM ${name} ORDER BY id;`
    );
    expect(create.reply.status).toBe('ok');
    // DDL and INSERT show no empty "Result" tables; the query is the cell's result, and its chart an output of its own after it.
    expect(contents(create, 'display_data').map(content => Object.keys(content.data as JsonObject))).toEqual([
      ['text/plain', 'image/svg+xml', 'application/vnd.vegalite.v5+json', 'application/vnd.jupyterlab-emr.chart-copy.v1+json']
    ]);
    const [result] = contents(create, 'execute_result');
    expect(table(result).rows).toEqual([
      [1, 'one; not a split'],
      [2, 'two']
    ]);

    const two = await kernel.execute(`%%hive -n 1\nSHOW TABLES LIKE '${name}';\nSELECT id FROM ${name} ORDER BY id`);
    const shown = contents(two, 'display_data').map(content => table(content));
    expect(shown).toHaveLength(1);
    expect(shown[0].rows.map(row => row[1])).toContain(name);
    const last = table(contents(two, 'execute_result')[0]);
    expect(last.rows).toEqual([[1]]);
    expect(last.truncated).toBe(true);
  });

  it('keeps the session between cells, as beeline does', async () => {
    await kernel.execute('%%hive\nSET it.hive.marker=kept');
    const run = await kernel.execute('%%hive\nSET it.hive.marker');
    expect(table(contents(run, 'execute_result')[0]).rows).toEqual([['it.hive.marker', 'kept']]);
  });

  it('reports a failing statement as a clean SQL error with its cell line, and says what ran', async () => {
    const run = await kernel.execute('%%hive\nSELECT 1;\n\nSELECT * FROM it_no_such_table');
    expect(run.reply).toMatchObject({ status: 'error', ename: 'TABLE_OR_VIEW_NOT_FOUND' });
    const evalue = String(run.reply.evalue);
    expect(evalue).toContain('it_no_such_table');
    expect(evalue).toContain('cell line 4');
    expect(evalue).not.toMatch(/HiveSQLException|\tat |UnresolvedRelation/);
    expect(streamText(run, 'stderr')).toContain('Statement 2 of 2 (cell line 4) failed. The statements before it ran');
    // The first statement's table was shown before the failure.
    expect(contents(run, 'display_data')).toHaveLength(1);
  });

  it('cancels the running statement on the server when the cell is interrupted', async () => {
    const marker = `it_cancel_${randomBytes(4).toString('hex')}`;
    const run = await kernel.execute(`%%hive\n${longQuery(marker)}`, async () => {
      await eventually('the cross join to run', 60_000, async () => ((await mainJobRunning(marker)) ? true : undefined));
      await kernel.harness.client.send('control', 'interrupt_request');
    });
    expect(run.reply).toMatchObject({ status: 'error', ename: 'KeyboardInterrupt' });
    expect(String(run.reply.evalue)).toContain(`HiveServer2 at ${hs2} cancelled the statement`);
    const jobs = await eventually('the job to stop', 60_000, async () => {
      const found = await jobsMarked(marker);
      return found.every(job => job.status !== 'RUNNING') ? found : undefined;
    });
    expect(jobs.map(job => job.status)).toContain('FAILED');
    const next = await kernel.execute('%%hive\nSELECT 2 AS two');
    expect(table(contents(next, 'execute_result')[0]).rows).toEqual([[2]]);
  });

  it('never shows the HiveServer2 password', async () => {
    const run = await kernel.execute(`%%hive\nSELECT '${password}' AS echoed`);
    const everything = JSON.stringify([run.reply, run.iopub.map(message => message.content)]);
    expect(everything).not.toContain(password);
    expect(kernel.harness.stderr).not.toContain(password);
  });
});

describe('%%hive when HiveServer2 is down', () => {
  let closedPort: number;
  const kernel = kernelForSuite(async () => {
    [closedPort] = await freePorts(1);
    return { EMR_HIVESERVER2_URL: `127.0.0.1:${closedPort}` };
  });

  it('says so, naming the endpoint and the remedies, and runs nothing elsewhere', async () => {
    const run = await kernel().execute('%%hive\nSELECT 1');
    expect(run.reply).toMatchObject({ status: 'error', ename: 'HiveServer2Unreachable' });
    const evalue = String(run.reply.evalue);
    expect(evalue).toContain(`HiveServer2 at 127.0.0.1:${closedPort} is unreachable (ECONNREFUSED)`);
    expect(evalue).toContain('--engine spark');
    expect(streamText(run, 'stdout')).not.toContain('Spark SQL');
  });

  it('falls back to the Spark session only when asked with --engine auto', async () => {
    const run = await kernel().execute('%%hive --engine auto\nSELECT 1');
    expect(streamText(run, 'stderr')).toContain(`HiveServer2 at 127.0.0.1:${closedPort} is unreachable (ECONNREFUSED); --engine auto falls back to Spark.`);
    expect(streamText(run, 'stdout')).toContain(`Running on Spark SQL in the Livy session at ${env.LIVY_URL}`);
  });

  it('keeps serving: the kernel answers and the next cell fails the same way', async () => {
    const run = await kernel().execute('%%hive --engine hiveserver2\nSHOW TABLES');
    expect(run.reply).toMatchObject({ status: 'error', ename: 'HiveServer2Unreachable' });
  });
});

describe('%%hive in a kernel started from a shell that sourced .stack/env.sh', () => {
  // No variable of the test's own: what env.sh exports is all the kernel gets.
  const kernel = kernelForSuite();

  it("runs on the stack's Thrift server, as configured by EMR_HIVESERVER2_URL from env.sh", async () => {
    expect(env.EMR_HIVESERVER2_URL).toBe(hs2);
    const run = await kernel().execute("%%hive\nSELECT 'from-env' AS answer");
    expect(run.reply.status).toBe('ok');
    expect(streamText(run, 'stdout')).toContain(`Running on HiveServer2 at ${hs2} (configured)`);
    const [result] = contents(run, 'execute_result');
    expect(table(result).rows).toEqual([['from-env']]);
  });
});

describe('%%hive without a HiveServer2', () => {
  // env.sh names the stack's Thrift server; an empty value is "none configured".
  const kernel = kernelForSuite(() => ({ EMR_HIVESERVER2_URL: '' }));

  it('runs on the Spark session by default, and refuses --engine hiveserver2 with the remedy', async () => {
    const spark = await kernel().execute('%%hive\nSELECT 1');
    expect(streamText(spark, 'stdout')).toContain(`Running on Spark SQL in the Livy session at ${env.LIVY_URL}`);
    const refused = await kernel().execute('%%hive --engine hiveserver2\nSELECT 1');
    expect(refused.reply).toMatchObject({ status: 'error' });
    expect(String(refused.reply.evalue)).toContain('Set EMR_HIVESERVER2_URL');
  });
});
