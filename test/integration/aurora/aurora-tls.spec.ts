import { ITablePayload, TABLE_MIME_TYPE } from '@jupyterlab-emr/common';
import { loadStackEnv, readSecret } from '../../helpers/stack-env';
import { AuroraKernel, bundleWith, ICellRun } from './aurora-kernel';

// %%aurora over TLS through a real kernel process: the stack's databases serve a certificate for
// 127.0.0.1 signed by a local CA (STACK_TLS_CA_FILE), as Aurora serves one signed by the RDS CA,
// and the *_TLS_SECRET_FILE accounts may log in over TLS only. A target with the CA as its
// caBundle connects and the server says the session is TLS; without it, or without TLS, it fails.

const env = loadStackEnv();
const passwords = [readSecret(env.STACK_PG_TLS_SECRET_FILE).password, readSecret(env.STACK_MARIADB_TLS_SECRET_FILE).password];

function rows(run: ICellRun): unknown[][] {
  expect(run.reply).toMatchObject({ status: 'ok' });
  return (bundleWith(run, TABLE_MIME_TYPE)?.[TABLE_MIME_TYPE] as ITablePayload).rows;
}

describe('%%aurora over TLS on the local PostgreSQL and MariaDB', () => {
  let kernel: AuroraKernel;

  beforeAll(async () => {
    const pg = { engine: 'postgres', secretFile: env.STACK_PG_TLS_SECRET_FILE };
    const mysql = { engine: 'mysql', secretFile: env.STACK_MARIADB_TLS_SECRET_FILE };
    kernel = await AuroraKernel.start({
      EMR_AURORA_TARGETS: JSON.stringify({
        'tls-pg': { ...pg, ssl: true, caBundle: env.STACK_TLS_CA_FILE },
        'tls-mysql': { ...mysql, ssl: true, caBundle: env.STACK_TLS_CA_FILE },
        // TLS, but trusting only Node's own CAs, which never signed the stack's certificate.
        'no-ca-pg': { ...pg, ssl: true },
        'no-ca-mysql': { ...mysql, ssl: true },
        'plain-pg': pg,
        'plain-mysql': mysql
      })
    });
  }, 60_000);

  afterAll(async () => {
    await kernel?.stop();
  });

  it('connects to PostgreSQL with the caBundle and the session is TLS', async () => {
    expect(rows(await kernel.execute('%%aurora --target tls-pg\nSELECT ssl, current_user FROM pg_stat_ssl WHERE pid = pg_backend_pid()'))).toEqual([[true, 'silver_tls']]);
  });

  it('connects to MariaDB with the caBundle and the session is TLS', async () => {
    const [[name, cipher]] = rows(await kernel.execute("%%aurora --target tls-mysql\nSHOW SESSION STATUS LIKE 'Ssl_cipher'"));
    expect(name).toBe('Ssl_cipher');
    expect(cipher).toMatch(/^TLS_|^ECDHE-|^DHE-/);
  });

  it.each(['no-ca-pg', 'no-ca-mysql'])('%s: TLS without the caBundle fails on the certificate and says what to give', async target => {
    // PostgreSQL sends its certificate alone, MariaDB the chain with the CA: Node names the two differently.
    const run = await kernel.execute(`%%aurora --target ${target}\nSELECT 1`);
    expect(run.reply).toMatchObject({ status: 'error', ename: 'AuroraCertificateError' });
    expect(String(run.reply.evalue)).toMatch(
      /presented a TLS certificate the kernel does not trust while connecting \((UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN|HANDSHAKE_SSL_ERROR): (unable to verify the first certificate|self-signed certificate in certificate chain)\)/
    );
    expect(String(run.reply.evalue)).toContain('"caBundle"');
  });

  it.each(['plain-pg', 'plain-mysql'])('%s: the TLS-only account is refused without TLS', async target => {
    const run = await kernel.execute(`%%aurora --target ${target}\nSELECT 1`);
    expect(run.reply).toMatchObject({ status: 'error', ename: 'AuroraAuthError' });
  });

  it('never shows the passwords', () => {
    const everything = kernel.everything();
    for (const password of passwords) {
      expect(everything).not.toContain(password);
    }
  });
});
