import { AuroraKernel } from '../../aurora/aurora-kernel';

// A %%silver into MariaDB whose JDBC driver jar setting points nowhere (a wrong path): Spark cannot
// add the jar, the executors lack org.mariadb.jdbc.Driver, and the cell names the setting to fix.

describe('%%silver without the JDBC driver on the executors', () => {
  let kernel: AuroraKernel;

  beforeAll(async () => {
    kernel = await AuroraKernel.start({ EMR_LIVY_SESSION_NAME_PREFIX: 'it-silver-driver', EMR_AURORA_JDBC_JARS: JSON.stringify({ mysql: 'file:///nonexistent/mariadb-java-client.jar' }) });
  }, 120_000);

  afterAll(async () => {
    await kernel?.stop();
  });

  it('says which driver is missing and which setting adds it, and writes nothing', async () => {
    const run = await kernel.execute('%%silver --target silver-mysql --table silver_driver_missing --mode overwrite\nSELECT id FROM range(3)', 600_000);
    expect(run.reply).toMatchObject({ status: 'error', ename: 'SilverWriteError' });
    expect(String(run.reply.evalue)).toMatch(/the JDBC driver org\.mariadb\.jdbc\.Driver is not on the executors' classpath\. Point "aurora\.jdbcJars"/);
    expect(String(run.reply.evalue)).toContain('silver.silver_driver_missing is unchanged');
    // The table did not exist and was not created.
    const check = await kernel.execute("%%aurora --target silver-mysql\nSELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'silver_driver_missing'");
    expect(JSON.stringify(check.outputs.map(message => message.content.data))).toContain('"rows":[[0]]');
  });
});
