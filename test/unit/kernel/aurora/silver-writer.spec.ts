import { IConnectionParams } from '../../../../kernel/src/aurora/credentials';
import { credentialCode } from '../../../../kernel/src/aurora/silver/session-code';
import { scalaLongString, scalaString } from '../../../../kernel/src/scala/scala-literal';
import { SILVER_WRITER, silverLoader, writeCall } from '../../../../kernel/src/aurora/silver/writer';

const PG: IConnectionParams = { target: 'silver-pg', engine: 'postgres', host: 'db.local', port: 5432, database: 'silver', user: 'loader', password: 'Sup3r"Secret\\pw', ssl: false };
const MYSQL: IConnectionParams = { ...PG, target: 'silver-mysql', engine: 'mysql', port: 3306 };
const STAGING = { schema: 'public', name: 'silver_stage_1' };

/** The value given for `name` in a writeCall statement (one `name = value` line each). */
function argument(call: string, name: string): string | undefined {
  return new RegExp(`^  ${name} = (.*?),?$`, 'm').exec(call)?.[1];
}

describe("%%silver's writer object", () => {
  const PG_CALL = { id: 'ab12', source: 'spark.sql("SELECT 1 AS id")', params: PG, staging: STAGING, columns: ['id', 'Name'], batchSize: 100 };

  it('is one definition for every run and target, called by name with every value a literal', () => {
    const pg = writeCall({ ...PG_CALL, jar: 'file:///jars/postgresql.jar' });
    const mysql = writeCall({ id: 'cd34', source: 'spark.table("v")', dropView: 'v', params: MYSQL, staging: { schema: 'silver', name: 'silver_stage_2' }, columns: ['id'], batchSize: 250 });
    expect(SILVER_WRITER.name).toMatch(/^EmrSilverWriter_[0-9a-f]{12}$/);
    for (const call of [pg, mysql]) {
      expect(call.startsWith(`${SILVER_WRITER.name}.write(\n`)).toBe(true);
      expect(call.endsWith('\n)')).toBe(true);
    }
    expect(argument(pg, 'source')).toBe('spark.sql("SELECT 1 AS id")');
    expect(argument(pg, 'dropView')).toBe('""');
    expect(argument(mysql, 'dropView')).toBe('"v"');
    expect(argument(pg, 'jar')).toBe('"file:///jars/postgresql.jar"');
    expect(argument(mysql, 'jar')).toBe('""');
    expect(argument(pg, 'url')).toBe('"jdbc:postgresql://db.local:5432/silver?sslmode=disable"');
    expect(argument(pg, 'markers')).toBe('"EMR_SILVER_%s_ab12 "');
  });

  it("names the staging table and its columns quoted by the engine, for the writer to match Spark's columns to", () => {
    expect(argument(writeCall(PG_CALL), 'staging')).toBe(scalaString('"public"."silver_stage_1"'));
    expect(argument(writeCall(PG_CALL), 'columns')).toBe(`Seq(("id", ${scalaString('"id"')}, Seq()), ("Name", ${scalaString('"Name"')}, Seq()))`);
    const mysql = writeCall({ ...PG_CALL, params: MYSQL, staging: { schema: 'silver', name: 'silver_stage_1' } });
    expect(argument(mysql, 'staging')).toBe(scalaString('`silver`.`silver_stage_1`'));
    expect(argument(mysql, 'columns')).toBe('Seq(("id", "`id`", Seq()), ("Name", "`Name`", Seq()))');
    // The types the kernel can make a column for; the writer refuses the others before it loads a row.
    expect(argument(writeCall(PG_CALL), 'writableTypes')).toContain('"timestamp_ntz"');
    expect(argument(writeCall(PG_CALL), 'writableTypes')).not.toContain('array');
  });

  it('gives the writer the types each column of an existing table takes and the columns the rows must have, so drift is refused before a row loads', () => {
    const checked = writeCall({ ...PG_CALL, accepts: { id: ['byte', 'short', 'integer', 'long'] }, required: ['id'] });
    expect(argument(checked, 'columns')).toBe(`Seq(("id", ${scalaString('"id"')}, Seq("byte", "short", "integer", "long")), ("Name", ${scalaString('"Name"')}, Seq()))`);
    expect(argument(checked, 'required')).toBe('Seq("id")');
  });

  it('loads PostgreSQL with COPY, MySQL with LOAD DATA LOCAL where the server allows it, else with bulk JDBC batches', () => {
    const pg = writeCall(PG_CALL);
    expect(argument(pg, 'loader')).toBe('"copy"');
    expect(argument(pg, 'driverClass')).toBe('"org.postgresql.Driver"');
    expect(argument(pg, 'driverFlags')).toBe('Seq()');
    const loadData = writeCall({ ...PG_CALL, params: MYSQL, localInfile: true });
    expect(argument(loadData, 'loader')).toBe('"load-data"');
    expect(argument(loadData, 'driverFlags')).toBe('Seq("allowLocalInfile")');
    const batches = writeCall({ ...PG_CALL, params: MYSQL, batchSize: 250 });
    expect(argument(batches, 'loader')).toBe('"batches"');
    expect(argument(batches, 'batchSize')).toBe('250');
    expect(argument(batches, 'driverFlags')).toBe('Seq("useBulkStmts", "rewriteBatchedStatements")');
    expect([silverLoader(PG, false), silverLoader(MYSQL, true), silverLoader(MYSQL, false)]).toEqual(['copy', 'load-data', 'batches']);
    const body = SILVER_WRITER.code;
    expect(body).toContain('getMethod("copyIn", classOf[String], classOf[java.io.InputStream])');
    expect(body).toContain('getMethod("setLocalInfileInputStream", classOf[java.io.InputStream])');
    // LOAD DATA LOCAL turns refused rows into warnings; any warning fails the partition.
    expect(body).toContain('if (problems.nonEmpty) throw new java.sql.SQLException("LOAD DATA refused rows: "');
    expect(body).toContain('if (pending == batchSize) { insert.executeBatch(); pending = 0 }');
    expect(body).toContain('connection.setAutoCommit(false)');
  });

  it('never carries the password: the object takes it from spark.conf and removes it first', () => {
    const call = writeCall(PG_CALL);
    const { secretForm } = credentialCode('ab12', PG.password);
    for (const text of [call, SILVER_WRITER.code]) {
      expect(text).not.toContain(PG.password);
      expect(text).not.toContain(secretForm);
    }
    expect(argument(call, 'credentialKey')).toBe('"spark.emr.silver.password.ab12"');
    const body = SILVER_WRITER.code;
    expect(body.indexOf('val password = spark.conf.get(credentialKey)')).toBeLessThan(body.indexOf('spark.conf.unset(credentialKey)'));
    expect(body.indexOf('spark.conf.unset(credentialKey)')).toBeLessThan(body.indexOf('Right(source)'));
  });

  it('prints nothing before the load ends, since Livy reports a failed statement by the first line it printed', () => {
    const body = SILVER_WRITER.code;
    const load = body.indexOf('writerRows.foreachPartition');
    expect(body.indexOf('mark("SCHEMA", frame.schema.json)\n            mark("WRITTEN"')).toBeGreaterThan(load);
    // Before it, only the branch that refuses the columns (and so loads nothing) prints.
    const before = body.slice(body.indexOf('def write('), load);
    expect(before.match(/mark\("/g)).toHaveLength(3);
    expect(before).toContain('case Left(e) => mark("SOURCE_FAILED"');
    expect(before).toContain('{ mark("SCHEMA", frame.schema.json); mark("REFUSED", "") }');
  });

  it('passes --partitions as the number of writers, 0 for as many as the rows have partitions', () => {
    expect(argument(writeCall({ ...PG_CALL, partitions: 4 }), 'partitions')).toBe('4');
    expect(argument(writeCall(PG_CALL), 'partitions')).toBe('0');
    // Fewer writers than partitions: merged without a shuffle; more: a shuffle; 0: as they are.
    expect(SILVER_WRITER.code).toContain('if (partitions > 0 && sourceRows.getNumPartitions > partitions) sourceRows.coalesce(partitions)');
    expect(SILVER_WRITER.code).toContain('else if (partitions > 0 && sourceRows.getNumPartitions < partitions) sourceRows.repartition(partitions)');
  });

  it("passes a TLS target's CA to every connection: a file per JVM for pgjdbc, the text for MariaDB", () => {
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    const plain = writeCall(PG_CALL);
    expect(argument(plain, 'tlsProperties')).toBe('Seq()');
    expect(argument(plain, 'caPem')).toBe('""');
    const pg = writeCall({ ...PG_CALL, params: { ...PG, ssl: true, caPem: pem } });
    expect(argument(pg, 'url')).toBe('"jdbc:postgresql://db.local:5432/silver?sslmode=verify-full"');
    expect(argument(pg, 'caPem')).toBe(scalaString(pem));
    expect(argument(pg, 'caProperty')).toBe('"sslrootcert"');
    expect(argument(pg, 'caInFile')).toBe('true');
    expect(argument(pg, 'tlsProperties')).toBe('Seq()');
    const noBundle = writeCall({ ...PG_CALL, params: { ...PG, ssl: true } });
    expect(argument(noBundle, 'tlsProperties')).toBe('Seq(("sslfactory", "org.postgresql.ssl.DefaultJavaSSLFactory"))');
    expect(argument(noBundle, 'caPem')).toBe('""');
    const mysql = writeCall({ ...PG_CALL, params: { ...MYSQL, ssl: true, caPem: pem } });
    expect(argument(mysql, 'url')).toBe('"jdbc:mariadb://db.local:3306/silver?sslMode=verify-full"');
    expect(argument(mysql, 'caProperty')).toBe('"serverSslCert"');
    expect(argument(mysql, 'caInFile')).toBe('false');
    const body = SILVER_WRITER.code;
    expect(body).toContain('tlsProperties.foreach { case (name, value) => properties.setProperty(name, value) }');
    expect(body).toContain('if (caPem.nonEmpty) properties.setProperty(caProperty, if (caInFile) caFile(caPem) else caPem)');
    // The file is written once per JVM, in a directory of its own that a system property remembers.
    expect(body).toContain('System.getProperty("emr.silver.ca.dir")');
    expect(body).toContain('if (!java.nio.file.Files.exists(file))');
    // Never printed.
    expect(body.slice(body.indexOf('def caFile('), body.indexOf('def write('))).not.toContain('println');
  });

  it('cuts a long CA bundle into literals a class file can hold (65,535 bytes each)', () => {
    const cert = `-----BEGIN CERTIFICATE-----\n${'A'.repeat(64)}\n`.repeat(3000);
    const expression = scalaLongString(cert);
    expect(expression.startsWith('Seq(')).toBe(true);
    expect(expression.endsWith(').mkString')).toBe(true);
    const literals = [...expression.matchAll(/decode\("([A-Za-z0-9+/=]+)"\)/g)].map(match => match[1]);
    expect(literals.length).toBeGreaterThan(1);
    expect(Math.max(...literals.map(literal => literal.length))).toBeLessThan(65_535);
    expect(literals.map(literal => Buffer.from(literal, 'base64').toString('utf8')).join('')).toBe(cert);
    expect(scalaLongString('')).toBe('""');
    expect(scalaLongString('short')).toBe('"short"');
  });
});
