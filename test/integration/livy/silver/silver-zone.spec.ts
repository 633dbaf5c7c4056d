import { randomBytes } from 'crypto';
import { IDatabase } from '../../../../kernel/src/aurora/database';
import { AuroraEngine } from '../../../../kernel/src/aurora/targets';
import { AuroraKernel, secretsManagerTargets, ICellRun, streamText } from '../../aurora/aurora-kernel';
import { openStackDatabase } from '../../aurora/stack-database';

// %%silver's timestamps where the Spark session and its JVM are not in UTC (the stack's are): a
// column without time zone gets the wall clock Spark shows, on both engines, and PostgreSQL's
// timestamptz the instant. Before, COPY's CSV carried the UTC instant, which a PostgreSQL
// "timestamp" column read as a UTC wall clock, four or five hours off here.

const run = randomBytes(4).toString('hex');
const ZONE = 'America/New_York';

// Summer (UTC-4) and winter (UTC-5): the offset is the one of each moment, not of today. PostgreSQL's
// table also has a timestamptz column, given the same values.
const ROWS: Record<AuroraEngine, string> = {
  postgres: "SELECT id, at, at AS at_zoned FROM VALUES (1, TIMESTAMP '2024-06-01 12:00:00.5'), (2, TIMESTAMP '2024-01-15 08:00:00') AS t(id, at)",
  mysql: "SELECT id, at FROM VALUES (1, TIMESTAMP '2024-06-01 12:00:00.5'), (2, TIMESTAMP '2024-01-15 08:00:00') AS t(id, at)"
};

describe.each<AuroraEngine>(['postgres', 'mysql'])('%%silver timestamps from a Spark session in %s', engine => {
  const table = `silver_zone_${run}`;
  let kernel: AuroraKernel;
  let database: IDatabase;

  const succeeded = (cell: ICellRun): void => expect(cell.reply).toMatchObject({ status: 'ok' });

  beforeAll(async () => {
    database = await openStackDatabase(engine);
    await database.query(engine === 'postgres' ? `CREATE TABLE ${table} (id int PRIMARY KEY, at timestamp, at_zoned timestamptz)` : `CREATE TABLE ${table} (id INT PRIMARY KEY, at DATETIME(6))`);
    kernel = await AuroraKernel.start({
      EMR_LIVY_SESSION_NAME_PREFIX: `it-silver-zone-${engine}`,
      EMR_LIVY_SESSION_DEFAULTS: JSON.stringify({ conf: { 'spark.driver.extraJavaOptions': `-Duser.timezone=${ZONE}`, 'spark.sql.session.timeZone': ZONE } }),
      EMR_AURORA_TARGETS: JSON.stringify(secretsManagerTargets())
    });
  }, 180_000);

  afterAll(async () => {
    await kernel?.stop();
    await database?.query(`DROP TABLE IF EXISTS ${table}`);
    await database?.close();
  });

  it('writes the wall clock Spark shows into a column without time zone, and the instant into timestamptz', async () => {
    const zones = await kernel.execute('println("ZONES[" + java.util.TimeZone.getDefault.getID + "," + spark.conf.get("spark.sql.session.timeZone") + "]")');
    expect(streamText(zones)).toContain(`ZONES[${ZONE},${ZONE}]`);
    succeeded(await kernel.execute(`%%silver --target ${engine === 'postgres' ? 'sm-pg' : 'sm-mysql'} --table ${table} --mode overwrite\n${ROWS[engine]}`, 600_000));
    if (engine === 'postgres') {
      const stored = await database.query(`SELECT at::text, (at_zoned AT TIME ZONE 'UTC')::text FROM ${table} ORDER BY id`);
      expect(stored.rows).toEqual([
        ['2024-06-01 12:00:00.5', '2024-06-01 16:00:00.5'],
        ['2024-01-15 08:00:00', '2024-01-15 13:00:00']
      ]);
    } else {
      const stored = await database.query(`SELECT CAST(at AS CHAR) FROM ${table} ORDER BY id`);
      expect(stored.rows).toEqual([['2024-06-01 12:00:00.500000'], ['2024-01-15 08:00:00.000000']]);
    }
  });
});
