import { ITablePayload, TABLE_MIME_TYPE } from '@jupyterlab-emr/common';
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { resolveConnection } from '../../../../kernel/src/aurora/credentials';
import { IDatabase } from '../../../../kernel/src/aurora/database';
import { openDatabase } from '../../../../kernel/src/aurora/open-database';
import { AuroraEngine } from '../../../../kernel/src/aurora/targets';
import { Redactor } from '../../../../kernel/src/redact';
import { loadStackEnv, readSecret } from '../../../helpers/stack-env';
import { AuroraKernel, bundleWith, ICellRun } from '../../aurora/aurora-kernel';

// %%silver into TLS targets through a real kernel, the local Livy/Spark and the stack's databases,
// which serve a certificate for 127.0.0.1 signed by a local CA (STACK_TLS_CA_FILE) as Aurora
// serves one signed by the RDS CA. The accounts of the *_TLS_SECRET_FILE secrets may log in over
// TLS only, so rows in the table prove that Spark's executors connected with TLS and trusted the
// target's caBundle (pgjdbc with verify-full, MariaDB Connector/J with verify-full). One cell uses
// a bundle the size of the RDS one (the system's CAs and the stack's: 200+ KB, over a class file
// constant's limit), as the executors must take it. Without the caBundle the cell fails on the
// certificate and writes nothing.

const env = loadStackEnv();
const run = randomBytes(4).toString('hex');
const SECRET_FILE: Record<AuroraEngine, string> = { postgres: env.STACK_PG_TLS_SECRET_FILE, mysql: env.STACK_MARIADB_TLS_SECRET_FILE };
const passwords = Object.values(SECRET_FILE).map(file => readSecret(file).password);
const SYSTEM_CAS = '/etc/ssl/certs/ca-certificates.crt';

const rowsSql = (from: number, to: number): string => `SELECT id, concat('tls "', id, '", ünï ✓') AS name, CAST(id * 1.25 AS DECIMAL(12,2)) AS amount FROM range(${from}, ${to}, 1, 3)`;

function summary(cell: ICellRun): Record<string, unknown> {
  expect(cell.reply).toMatchObject({ status: 'ok' });
  const table = bundleWith(cell, TABLE_MIME_TYPE)?.[TABLE_MIME_TYPE] as ITablePayload;
  return Object.fromEntries(table.schema.fields.map((field, index) => [field.name, table.rows[0][index]]));
}

/** The test's own TLS connection as the TLS-only account, to set up and read back. */
async function openTls(engine: AuroraEngine): Promise<IDatabase> {
  const unused = (): Promise<string> => Promise.reject(new Error('a secret file target needs no AWS call'));
  const sources = { env: {}, redactor: new Redactor(), readFile: (file: string) => fs.readFileSync(file, 'utf8'), getSecret: unused, iamToken: unused };
  return openDatabase(await resolveConnection({ name: engine, engine, secretFile: SECRET_FILE[engine], ssl: true, caBundle: env.STACK_TLS_CA_FILE }, sources));
}

describe('%%silver into TLS targets through Livy', () => {
  const databases = {} as Record<AuroraEngine, IDatabase>;
  const table = `silver_tls_${run}`;
  let bundleDir: string;
  let kernel: AuroraKernel;

  const silver = (target: string, options: string, body: string): Promise<ICellRun> => kernel.execute(`%%silver --target ${target} ${options}\n${body}`, 600_000);
  const dump = async (engine: AuroraEngine, name: string): Promise<string> => JSON.stringify((await databases[engine].query(`SELECT id, name, amount FROM ${name} ORDER BY id`)).rows);
  const exists = async (engine: AuroraEngine, name: string): Promise<boolean> => {
    const where = engine === 'postgres' ? 'current_schema()' : 'DATABASE()';
    return Number((await databases[engine].query(`SELECT count(*) FROM information_schema.tables WHERE table_schema = ${where} AND table_name = '${name}'`)).rows[0][0]) > 0;
  };

  beforeAll(async () => {
    databases.postgres = await openTls('postgres');
    databases.mysql = await openTls('mysql');
    bundleDir = fs.mkdtempSync(path.join(os.tmpdir(), 'emr-silver-tls-'));
    const bundle = path.join(bundleDir, 'bundle.pem');
    fs.writeFileSync(bundle, fs.readFileSync(SYSTEM_CAS, 'utf8') + fs.readFileSync(env.STACK_TLS_CA_FILE, 'utf8'));
    const targets: Record<string, object> = {};
    for (const [engine, short] of [
      ['postgres', 'pg'],
      ['mysql', 'mysql']
    ] as const) {
      const base = { engine, secretFile: SECRET_FILE[engine], ssl: true };
      targets[`tls-${short}`] = { ...base, caBundle: env.STACK_TLS_CA_FILE };
      targets[`bundle-${short}`] = { ...base, caBundle: bundle };
      targets[`no-ca-${short}`] = base;
    }
    kernel = await AuroraKernel.start({ EMR_LIVY_SESSION_NAME_PREFIX: 'it-silver-tls', EMR_AURORA_TARGETS: JSON.stringify(targets) });
  }, 120_000);

  afterAll(async () => {
    await kernel?.stop();
    for (const database of Object.values(databases)) {
      for (const name of [table, `${table}_bundle`, `${table}_no_ca`]) {
        await database.query(`DROP TABLE IF EXISTS ${name}`);
      }
      await database.close();
    }
    fs.rmSync(bundleDir, { recursive: true, force: true });
  });

  it.each([
    ['postgres', 'pg'],
    ['mysql', 'mysql']
  ] as const)('%s: the executors write every row over TLS with the caBundle', async (engine, short) => {
    expect(summary(await silver(`tls-${short}`, `--table ${table} --mode overwrite --partitions 2`, rowsSql(0, 1000)))).toMatchObject({
      target: `tls-${short}`,
      rows_written: 1000,
      rows_in_target: 1000
    });
    const stats = await databases[engine].query(`SELECT count(*), count(DISTINCT id), sum(amount), min(id), max(id) FROM ${table}`);
    expect(JSON.stringify(stats.rows[0])).toBe(JSON.stringify([1000, 1000, '624375.00', 0, 999]));
    const some = await databases[engine].query(`SELECT id, name, amount FROM ${table} WHERE id IN (7, 998) ORDER BY id`);
    expect(JSON.stringify(some.rows)).toBe(
      JSON.stringify([
        [7, 'tls "7", ünï ✓', '8.75'],
        [998, 'tls "998", ünï ✓', '1247.50']
      ])
    );
  });

  it.each([
    ['postgres', 'pg'],
    ['mysql', 'mysql']
  ] as const)('%s: a CA bundle of 200+ KB reaches the executors whole', async (engine, short) => {
    expect(summary(await silver(`bundle-${short}`, `--table ${table}_bundle --mode append --partitions 2`, rowsSql(0, 10)))).toMatchObject({ rows_written: 10, rows_in_target: 10 });
    expect(await dump(engine, `${table}_bundle`)).toBe(JSON.stringify(Array.from({ length: 10 }, (_, id) => [id, `tls "${id}", ünï ✓`, (id * 1.25).toFixed(2)])));
  });

  it.each([
    ['postgres', 'pg'],
    ['mysql', 'mysql']
  ] as const)('%s: TLS without the caBundle fails on the certificate and writes nothing', async (engine, short) => {
    const cell = await silver(`no-ca-${short}`, `--table ${table}_no_ca --mode append`, rowsSql(0, 10));
    expect(cell.reply).toMatchObject({ status: 'error', ename: 'AuroraCertificateError' });
    expect(String(cell.reply.evalue)).toMatch(/presented a TLS certificate the kernel does not trust while connecting .*"caBundle"/);
    expect(await exists(engine, `${table}_no_ca`)).toBe(false);
  });

  it('never shows the passwords', () => {
    const everything = kernel.everything();
    for (const password of passwords) {
      expect(everything).not.toContain(password);
    }
  });
});
