import { IConnectionParams } from '../../../../kernel/src/aurora/credentials';
import { cleanupCode, credentialCode, jdbcUrl, marker, readMarker, scalaString, sourceCode, viewExistsCode, writeCode } from '../../../../kernel/src/aurora/silver-code';

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

  it('defines the source as the run\'s view for a query, a table or a DataFrame value, and prints its schema', () => {
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

  it('reads the answer after the marker, ignoring the REPL\'s other lines', () => {
    expect(readMarker('res0: Unit = ()\nEMR_SILVER_WRITTEN_ab12 2500\n', marker('ab12', 'WRITTEN'))).toBe('2500');
    expect(readMarker('EMR_SILVER_WRITTEN_other 1\n', marker('ab12', 'WRITTEN'))).toBeUndefined();
  });

  it('keeps the password out of every statement but the hand-over, where it is Base64', () => {
    const handover = credentialCode('ab12', PG.password);
    expect(handover.secretForm).toBe(Buffer.from(PG.password).toString('base64'));
    expect(handover.code).toBe(`spark.conf.set("spark.emr.silver.password.ab12", new String(java.util.Base64.getDecoder.decode("${handover.secretForm}"), "UTF-8"))`);
    expect(handover.code).not.toContain(PG.password);
    const write = writeCode({ id: 'ab12', view: 'v', params: PG, staging: { schema: 'public', name: 'silver_stage_1' }, columns: ['id', 'Name'], batchSize: 100 });
    expect(write).not.toContain(PG.password);
    expect(write).not.toContain(handover.secretForm);
    expect(write).toContain('val password = spark.conf.get("spark.emr.silver.password.ab12")');
    expect(write).toContain('spark.conf.unset("spark.emr.silver.password.ab12")');
    expect(cleanupCode('ab12', 'v')).toBe('{ spark.conf.unset("spark.emr.silver.password.ab12"); spark.catalog.dropTempView("v"); () }');
  });

  it('writes PostgreSQL with COPY through the driver\'s CopyManager and MySQL with JDBC batches in one transaction per partition', () => {
    const pg = writeCode({ id: 'ab12', view: 'v', params: PG, staging: { schema: 'public', name: 'silver_stage_1' }, columns: ['id', 'Name'], batchSize: 100, jar: 'file:///jars/postgresql.jar' });
    expect(pg).toContain(scalaString('COPY "public"."silver_stage_1" ("id", "Name") FROM STDIN WITH (FORMAT csv)'));
    expect(pg).toContain('getMethod("copyIn", classOf[String], classOf[java.io.InputStream])');
    expect(pg).toContain('spark.sparkContext.addJar("file:///jars/postgresql.jar")');
    expect(pg).toContain('val url = "jdbc:postgresql://db.local:5432/silver"');
    const mysql = writeCode({ id: 'ab12', view: 'v', params: MYSQL, staging: { schema: 'silver', name: 'silver_stage_1' }, columns: ['id', 'Name'], batchSize: 250 });
    expect(mysql).toContain(scalaString('INSERT INTO `silver`.`silver_stage_1` (`id`, `Name`) VALUES (?, ?)'));
    expect(mysql).toContain('if (pending == 250) { insert.executeBatch(); pending = 0 }');
    expect(mysql).toContain('connection.setAutoCommit(false)');
    expect(mysql).toContain('properties.setProperty("rewriteBatchedStatements", "true")');
    expect(mysql).not.toContain('addJar');
  });

  it('fits the rows to --partitions writers, merging partitions without a shuffle and shuffling only to add writers', () => {
    const options = { id: 'ab12', view: 'v', params: PG, staging: { schema: 'public', name: 'silver_stage_1' }, columns: ['id'], batchSize: 100 };
    const capped = writeCode({ ...options, partitions: 4 });
    expect(capped).toContain('val sourceRows = spark.table("v").rdd');
    expect(capped).toContain('if (sourceRows.getNumPartitions > 4) sourceRows.coalesce(4)');
    expect(capped).toContain('else if (sourceRows.getNumPartitions < 4) sourceRows.repartition(4)');
    expect(capped).toContain('writerRows.foreachPartition');
    const asIs = writeCode(options);
    expect(asIs).toContain('val writerRows = sourceRows\n');
    expect(asIs).not.toMatch(/coalesce|repartition/);
  });

  it('never puts the password in the JDBC URL and asks for verified TLS when the target uses it', () => {
    expect(jdbcUrl({ ...PG, ssl: true })).toBe('jdbc:postgresql://db.local:5432/silver?sslmode=verify-full');
    expect(jdbcUrl({ ...MYSQL, database: 'a b' })).toBe('jdbc:mariadb://db.local:3306/a%20b');
  });
});
