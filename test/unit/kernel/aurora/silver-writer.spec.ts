import { IConnectionParams } from '../../../../kernel/src/aurora/credentials';
import { credentialCode } from '../../../../kernel/src/aurora/silver-code';
import { scalaString } from '../../../../kernel/src/livy/scala-literal';
import { SILVER_WRITER, writeCall } from '../../../../kernel/src/aurora/silver-writer';

const PG: IConnectionParams = { target: 'silver-pg', engine: 'postgres', host: 'db.local', port: 5432, database: 'silver', user: 'loader', password: 'Sup3r"Secret\\pw', ssl: false };
const MYSQL: IConnectionParams = { ...PG, target: 'silver-mysql', engine: 'mysql', port: 3306 };
const STAGING = { schema: 'public', name: 'silver_stage_1' };

/** The value given for `name` in a writeCall statement (one `name = value` line each). */
function argument(call: string, name: string): string | undefined {
  return new RegExp(`^  ${name} = (.*?),?$`, 'm').exec(call)?.[1];
}

describe("%%silver's writer object", () => {
  it('is one definition for every run and target, called by name with every value a literal', () => {
    const pg = writeCall({ id: 'ab12', view: 'v', params: PG, staging: STAGING, columns: ['id', 'Name'], batchSize: 100, jar: 'file:///jars/postgresql.jar' });
    const mysql = writeCall({ id: 'cd34', view: 'w', params: MYSQL, staging: { schema: 'silver', name: 'silver_stage_2' }, columns: ['id'], batchSize: 250 });
    expect(SILVER_WRITER.name).toMatch(/^EmrSilverWriter_[0-9a-f]{12}$/);
    for (const call of [pg, mysql]) {
      expect(call.startsWith(`${SILVER_WRITER.name}.write(\n`)).toBe(true);
      expect(call.endsWith('\n)')).toBe(true);
    }
    expect(argument(pg, 'view')).toBe('"v"');
    expect(argument(pg, 'jar')).toBe('"file:///jars/postgresql.jar"');
    expect(argument(mysql, 'jar')).toBe('""');
    expect(argument(pg, 'url')).toBe('"jdbc:postgresql://db.local:5432/silver"');
    expect(argument(pg, 'marker')).toBe('"EMR_SILVER_WRITTEN_ab12 "');
  });

  it('writes PostgreSQL with COPY through the CopyManager and MySQL with bulk JDBC batches', () => {
    const pg = writeCall({ id: 'ab12', view: 'v', params: PG, staging: STAGING, columns: ['id', 'Name'], batchSize: 100 });
    expect(argument(pg, 'postgres')).toBe('true');
    expect(argument(pg, 'loadSql')).toBe(scalaString('COPY "public"."silver_stage_1" ("id", "Name") FROM STDIN WITH (FORMAT csv)'));
    expect(argument(pg, 'driverClass')).toBe('"org.postgresql.Driver"');
    expect(argument(pg, 'driverFlags')).toBe('Seq()');
    const mysql = writeCall({ id: 'ab12', view: 'v', params: MYSQL, staging: { schema: 'silver', name: 'silver_stage_1' }, columns: ['id', 'Name'], batchSize: 250 });
    expect(argument(mysql, 'postgres')).toBe('false');
    expect(argument(mysql, 'loadSql')).toBe(scalaString('INSERT INTO `silver`.`silver_stage_1` (`id`, `Name`) VALUES (?, ?)'));
    expect(argument(mysql, 'batchSize')).toBe('250');
    expect(argument(mysql, 'driverFlags')).toBe('Seq("useBulkStmts", "rewriteBatchedStatements")');
    expect(SILVER_WRITER.code).toContain('getMethod("copyIn", classOf[String], classOf[java.io.InputStream])');
    expect(SILVER_WRITER.code).toContain('if (pending == batchSize) { insert.executeBatch(); pending = 0 }');
    expect(SILVER_WRITER.code).toContain('connection.setAutoCommit(false)');
  });

  it('never carries the password: the object takes it from spark.conf and removes it first', () => {
    const call = writeCall({ id: 'ab12', view: 'v', params: PG, staging: STAGING, columns: ['id'], batchSize: 100 });
    const { secretForm } = credentialCode('ab12', PG.password);
    for (const text of [call, SILVER_WRITER.code]) {
      expect(text).not.toContain(PG.password);
      expect(text).not.toContain(secretForm);
    }
    expect(argument(call, 'credentialKey')).toBe('"spark.emr.silver.password.ab12"');
    const body = SILVER_WRITER.code;
    expect(body.indexOf('val password = spark.conf.get(credentialKey)')).toBeLessThan(body.indexOf('spark.conf.unset(credentialKey)'));
    expect(body.indexOf('spark.conf.unset(credentialKey)')).toBeLessThan(body.indexOf('foreachPartition'));
  });

  it('passes --partitions as the number of writers, 0 for as many as the rows have partitions', () => {
    const options = { id: 'ab12', view: 'v', params: PG, staging: STAGING, columns: ['id'], batchSize: 100 };
    expect(argument(writeCall({ ...options, partitions: 4 }), 'partitions')).toBe('4');
    expect(argument(writeCall(options), 'partitions')).toBe('0');
    // Fewer writers than partitions: merged without a shuffle; more: a shuffle; 0: as they are.
    expect(SILVER_WRITER.code).toContain('if (partitions > 0 && sourceRows.getNumPartitions > partitions) sourceRows.coalesce(partitions)');
    expect(SILVER_WRITER.code).toContain('else if (partitions > 0 && sourceRows.getNumPartitions < partitions) sourceRows.repartition(partitions)');
  });
});
