import { ITablePayload, TABLE_MIME_TYPE } from '@jupyterlab-emr/common';
import { randomBytes } from 'crypto';
import { loadStackEnv, readSecret } from '../../helpers/stack-env';
import { AuroraKernel, bundleWith, secretsManagerTargets, streamText } from './aurora-kernel';
import { freePort } from './own-postgres';

// %%aurora through a real kernel process against the stack's PostgreSQL and MariaDB (the Aurora
// stand-ins), with targets from the stack's environment (silver-pg, silver-mysql, as scripts/demo
// gets them) and from EMR_AURORA_TARGETS (a Secrets Manager secret in the emulator, a wrong password).

const env = loadStackEnv();
const pgPassword = readSecret(env.STACK_PG_SECRET_FILE).password;
const mysqlPassword = readSecret(env.STACK_MARIADB_SECRET_FILE).password;
const schema = `aurora_${randomBytes(4).toString('hex')}`;
const wrongPassword = `wrong-${randomBytes(8).toString('hex')}`;

function table(run: Awaited<ReturnType<AuroraKernel['execute']>>): ITablePayload {
  const bundle = bundleWith(run, TABLE_MIME_TYPE);
  expect(bundle).toBeDefined();
  return bundle?.[TABLE_MIME_TYPE] as ITablePayload;
}

describe('%%aurora on the local PostgreSQL and MariaDB', () => {
  let kernel: AuroraKernel;

  beforeAll(async () => {
    kernel = await AuroraKernel.start({
      AURORA_TEST_WRONG_PASSWORD: wrongPassword,
      EMR_AURORA_TARGETS: JSON.stringify({
        ...secretsManagerTargets(),
        'wrong-password': { engine: 'postgres', secretFile: env.STACK_PG_SECRET_FILE, passwordEnv: 'AURORA_TEST_WRONG_PASSWORD' },
        nowhere: { engine: 'postgres', host: '127.0.0.1', port: await freePort(), database: 'silver', user: 'silver', passwordEnv: 'AURORA_TEST_WRONG_PASSWORD' }
      })
    });
  }, 60_000);

  afterAll(async () => {
    await kernel?.execute(`%%aurora --target silver-pg\nDROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await kernel?.execute(`%%aurora --target silver-mysql\nDROP TABLE IF EXISTS ${schema}_typed`);
    await kernel?.stop();
  });

  it('runs DDL and DML on PostgreSQL and says how many rows changed', async () => {
    expect((await kernel.execute(`%%aurora --target silver-pg\nCREATE SCHEMA ${schema}`)).reply.status).toBe('ok');
    await kernel.execute(
      `%%aurora --target silver-pg\nCREATE TABLE ${schema}.typed (id bigint PRIMARY KEY, name text, amount numeric(20,4), ratio double precision, day date, seen timestamp, ok boolean, raw bytea)`
    );
    const insert = await kernel.execute(
      `%%aurora --target silver-pg\nINSERT INTO ${schema}.typed VALUES (9007199254740993, '<b>tag</b>', 12345678901234.5678, 0.25, '2026-01-15', '2026-01-15 23:30:00', true, '\\xdeadbeef'), (2, NULL, 1.5, NULL, NULL, NULL, false, NULL)`
    );
    expect(insert.reply.status).toBe('ok');
    expect(streamText(insert)).toContain(`silver-pg (postgres at 127.0.0.1:${env.STACK_PG_PORT}/silver as silver): 2 rows affected`);
  });

  it('shows a PostgreSQL result as a typed table with exact numbers and unshifted dates', async () => {
    const run = await kernel.execute(`%%aurora --target silver-pg\nSELECT * FROM ${schema}.typed ORDER BY id DESC`);
    expect(run.reply.status).toBe('ok');
    const result = table(run);
    expect(result.schema.fields).toEqual([
      { name: 'id', type: 'bigint' },
      { name: 'name', type: 'string' },
      { name: 'amount', type: 'decimal' },
      { name: 'ratio', type: 'double' },
      { name: 'day', type: 'date' },
      { name: 'seen', type: 'timestamp' },
      { name: 'ok', type: 'boolean' },
      { name: 'raw', type: 'binary' }
    ]);
    expect(JSON.stringify(result.rows[0])).toBe('["9007199254740993","<b>tag</b>","12345678901234.5678",0.25,"2026-01-15","2026-01-15 23:30:00",true,"de ad be ef"]');
    expect(result.rowCount).toBe(2);
    const html = String(bundleWith(run, 'text/html')?.['text/html']);
    expect(html).toContain('&lt;b&gt;tag&lt;/b&gt;');
    expect(html).not.toContain('<b>tag');
  });

  it('keeps -n rows of a longer result and counts all of them', async () => {
    const run = await kernel.execute('%%aurora --target silver-pg -n 3\nSELECT g AS n, g * 2 AS twice FROM generate_series(1, 50) g');
    const result = table(run);
    expect(result.rows).toEqual([
      [1, 2],
      [2, 4],
      [3, 6]
    ]);
    expect(result).toMatchObject({ rowCount: 50, truncated: true });
    expect(bundleWith(run, 'application/vnd.vegalite.v5+json')).toBeDefined();
  });

  it('runs on MariaDB with the same table pipeline', async () => {
    await kernel.execute(`%%aurora --target silver-mysql\nCREATE TABLE ${schema}_typed (id BIGINT PRIMARY KEY, name TEXT, amount DECIMAL(20,4), day DATE, seen DATETIME)`);
    await kernel.execute(`%%aurora --target silver-mysql\nINSERT INTO ${schema}_typed VALUES (9007199254740993, 'x', 12345678901234.5678, '2026-01-15', '2026-01-15 23:30:00')`);
    const result = table(await kernel.execute(`%%aurora --target silver-mysql\nSELECT * FROM ${schema}_typed`));
    expect(result.schema.fields.map(field => field.type)).toEqual(['bigint', 'string', 'decimal', 'date', 'timestamp']);
    expect(JSON.stringify(result.rows)).toBe('[["9007199254740993","x","12345678901234.5678","2026-01-15","2026-01-15 23:30:00"]]');
  });

  it('reads credentials from Secrets Manager (the emulator) for both engines', async () => {
    const pg = table(await kernel.execute('%%aurora --target sm-pg\nSELECT current_user AS who'));
    expect(pg.rows).toEqual([['silver']]);
    const mysql = table(await kernel.execute('%%aurora --target sm-mysql\nSELECT CURRENT_USER() AS who'));
    expect(String(mysql.rows[0][0])).toMatch(/^silver@/);
  });

  it('uses the first target when none is named', async () => {
    const run = await kernel.execute('%%aurora\nSELECT 1 AS one');
    expect(table(run).rows).toEqual([[1]]);
  });

  it('explains bad SQL with the database error and where it is', async () => {
    const run = await kernel.execute('%%aurora --target silver-pg\nSELECT * FROM no_such_table_here');
    expect(run.reply).toMatchObject({ status: 'error', ename: '42P01' });
    expect(String(run.reply.evalue)).toMatch(/rejected the statement while running the statement: relation "no_such_table_here" does not exist \(at character 15/);
    const mysql = await kernel.execute('%%aurora --target silver-mysql\nSELEC 1');
    expect(mysql.reply).toMatchObject({ status: 'error', ename: 'ER_PARSE_ERROR' });
  });

  it('says a refused login and an unreachable database plainly, without the password', async () => {
    const refused = await kernel.execute('%%aurora --target wrong-password\nSELECT 1');
    expect(refused.reply).toMatchObject({ status: 'error', ename: 'AuroraAuthError' });
    expect(String(refused.reply.evalue)).toMatch(/refused the login while connecting: password authentication failed for user "silver"/);
    const unreachable = await kernel.execute('%%aurora --target nowhere\nSELECT 1');
    expect(unreachable.reply).toMatchObject({ status: 'error', ename: 'AuroraUnreachable' });
    expect(String(unreachable.reply.evalue)).toMatch(/Cannot reach Aurora target nowhere .*ECONNREFUSED.*stack\/run status/);
  });

  it('names the known targets when asked for another', async () => {
    const run = await kernel.execute('%%aurora --target prod\nSELECT 1');
    expect(run.reply).toMatchObject({ status: 'error', ename: 'AuroraTargetError' });
    expect(String(run.reply.evalue)).toContain('The targets are sm-pg, sm-mysql, wrong-password, nowhere, silver-pg, silver-mysql.');
  });

  it('never shows a password it used or was given', () => {
    const everything = kernel.everything();
    for (const secret of [pgPassword, mysqlPassword, wrongPassword]) {
      expect(everything).not.toContain(secret);
    }
  });
});
