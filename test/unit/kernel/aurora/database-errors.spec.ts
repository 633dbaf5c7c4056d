import { IConnectionParams } from '../../../../kernel/src/aurora/credentials';
import { databaseUserError } from '../../../../kernel/src/aurora/database-errors';

const PG: IConnectionParams = { target: 'silver-pg', engine: 'postgres', host: 'db.local', port: 5432, database: 'silver', user: 'loader', password: 'pw', ssl: true };

describe('database errors as user errors', () => {
  it('says a certificate was not trusted, and that a caBundle is the remedy', () => {
    const error = Object.assign(new Error('self-signed certificate in certificate chain'), { code: 'SELF_SIGNED_CERT_IN_CHAIN' });
    const failure = databaseUserError(error, PG, 'connecting');
    expect(failure.name).toBe('AuroraCertificateError');
    expect(failure.message).toContain('silver-pg (postgres at db.local:5432/silver as loader) presented a TLS certificate the kernel does not trust while connecting');
    expect(failure.message).toContain('SELF_SIGNED_CERT_IN_CHAIN: self-signed certificate in certificate chain');
    expect(failure.message).toContain('"caBundle"');
    const altName = Object.assign(new Error("Hostname/IP does not match certificate's altnames"), { code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
    expect(databaseUserError(altName, PG, 'connecting').name).toBe('AuroraCertificateError');
    // mysql2 renames the TLS error and keeps Node's message; another handshake failure stays what it was.
    const mysql2 = Object.assign(new Error('unable to verify the first certificate'), { code: 'HANDSHAKE_SSL_ERROR' });
    expect(databaseUserError(mysql2, PG, 'connecting').message).toContain('(HANDSHAKE_SSL_ERROR: unable to verify the first certificate)');
    const protocol = Object.assign(new Error('wrong version number'), { code: 'HANDSHAKE_SSL_ERROR' });
    expect(databaseUserError(protocol, PG, 'connecting').name).toBe('HANDSHAKE_SSL_ERROR');
  });
});
