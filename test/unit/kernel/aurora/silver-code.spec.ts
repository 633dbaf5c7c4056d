import { IConnectionParams } from '../../../../kernel/src/aurora/credentials';
import { cleanupCode, credentialCode, jdbcTls, jdbcUrl, marker, readMarker, sourceCode, viewExistsCode } from '../../../../kernel/src/aurora/silver/session-code';
import { scalaString } from '../../../../kernel/src/scala/scala-literal';

const PG: IConnectionParams = { target: 'silver-pg', engine: 'postgres', host: 'db.local', port: 5432, database: 'silver', user: 'loader', password: 'Sup3r"Secret\\pw', ssl: false };
const MYSQL: IConnectionParams = { ...PG, target: 'silver-mysql', engine: 'mysql', port: 3306 };

/** What a Scala literal made by scalaString evaluates to (the two forms it writes). */
function evaluate(literal: string): string {
  const plain = /^"([^"\\]*)"$/.exec(literal);
  if (plain) {
    return plain[1];
  }
  const encoded = /^new String\(java\.util\.Base64\.getDecoder\.decode\("([A-Za-z0-9+/=]*)"\), "UTF-8"\)$/.exec(literal);
  if (!encoded) {
    throw new Error(`not a literal scalaString writes: ${literal}`);
  }
  return Buffer.from(encoded[1], 'base64').toString('utf8');
}

describe('the Scala %%silver sends', () => {
  it.each(['plain text', 'a "quoted" \\ path', 'line\nbreak', '\\u0022 unicode escape', 'ünïcödé ✓', '"""triple"""', ''])('passes %j as a literal that cannot change the program', text => {
    const literal = scalaString(text);
    expect(evaluate(literal)).toBe(text);
  });

  it("defines the source as the run's view for a query, a table or a DataFrame value, and prints its schema", () => {
    const query = sourceCode('ab12', 'emr_silver_ab12', { kind: 'query', sql: 'SELECT "x"' });
    expect(query).toContain(`val emrSilverSource = spark.sql(${scalaString('SELECT "x"')})\n`);
    expect(query).toContain('emrSilverSource.createOrReplaceTempView("emr_silver_ab12")');
    expect(query).toContain(`println("${marker('ab12', 'SCHEMA')}" + emrSilverSource.schema.json)`);
    expect(sourceCode('ab12', 'v', { kind: 'table', name: 'db.events' })).toContain('spark.table("db.events")');
    expect(sourceCode('ab12', 'v', { kind: 'dataframe', name: 'daily' })).toContain('(daily: org.apache.spark.sql.DataFrame)');
    // The hand-over rides last in the block: it is made only once the query is defined.
    const handed = sourceCode('ab12', 'v', { kind: 'query', sql: 'SELECT 1' }, ['spark.conf.set("k", "v")']).split('\n');
    expect(handed.indexOf('  spark.conf.set("k", "v")')).toBe(handed.length - 2);
    expect(handed.findIndex(line => line.includes('.schema.json'))).toBe(handed.length - 3);
    expect(viewExistsCode('ab12', 'daily')).toBe('println("EMR_SILVER_EXISTS_ab12 " + spark.catalog.tableExists("daily"))');
  });

  it("reads the answer after the marker, ignoring the REPL's other lines", () => {
    expect(readMarker('res0: Unit = ()\nEMR_SILVER_WRITTEN_ab12 2500\n', marker('ab12', 'WRITTEN'))).toBe('2500');
    expect(readMarker('EMR_SILVER_WRITTEN_other 1\n', marker('ab12', 'WRITTEN'))).toBeUndefined();
  });

  it('hands the password over in Base64, in a line of its own that the cleanup undoes', () => {
    const handover = credentialCode('ab12', PG.password);
    expect(handover.secretForm).toBe(Buffer.from(PG.password).toString('base64'));
    expect(handover.code).toBe(`spark.conf.set("spark.emr.silver.password.ab12", new String(java.util.Base64.getDecoder.decode("${handover.secretForm}"), "UTF-8"))`);
    expect(handover.code).not.toContain(PG.password);
    expect(cleanupCode('ab12', 'v')).toBe('{ spark.conf.unset("spark.emr.silver.password.ab12"); spark.catalog.dropTempView("v"); () }');
  });

  it('never puts the password in the JDBC URL and asks for verified TLS when the target uses it', () => {
    expect(jdbcUrl({ ...PG, ssl: true })).toBe('jdbc:postgresql://db.local:5432/silver?sslmode=verify-full');
    // Without ssl, plaintext as the kernel's own connection is, not pgjdbc's unverified "prefer".
    expect(jdbcUrl(PG)).toBe('jdbc:postgresql://db.local:5432/silver?sslmode=disable');
    expect(jdbcUrl({ ...MYSQL, database: 'a b' })).toBe('jdbc:mariadb://db.local:3306/a%20b');
  });

  it("gives each driver the target's CA as it takes it: pgjdbc a file (sslrootcert), MariaDB the PEM text (serverSslCert)", () => {
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    expect(jdbcTls({ ...PG, ssl: true, caPem: pem })).toEqual({ properties: [], caProperty: 'sslrootcert', caInFile: true, caPem: pem });
    expect(jdbcTls({ ...MYSQL, ssl: true, caPem: pem })).toEqual({ properties: [], caProperty: 'serverSslCert', caInFile: false, caPem: pem });
    // Without a caBundle, the JVM's truststore: pgjdbc's default factory would look for ~/.postgresql/root.crt instead.
    expect(jdbcTls({ ...PG, ssl: true })).toEqual({ properties: [['sslfactory', 'org.postgresql.ssl.DefaultJavaSSLFactory']], caProperty: 'sslrootcert', caInFile: true, caPem: '' });
    expect(jdbcTls({ ...MYSQL, ssl: true }).properties).toEqual([]);
    // No TLS, no CA, even when the target names one.
    expect(jdbcTls({ ...PG, caPem: pem })).toEqual({ properties: [], caProperty: 'sslrootcert', caInFile: true, caPem: '' });
  });
});
