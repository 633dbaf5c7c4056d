import { ITablePayload, TABLE_MIME_TYPE } from '@jupyterlab-emr/common';
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import { Connection, createConnection } from 'mysql2/promise';
import * as path from 'path';
import { IDatabase } from '../../../../kernel/src/aurora/database';
import { AuroraEngine } from '../../../../kernel/src/aurora/targets';
import { loadStackEnv, STACK_DIR } from '../../../helpers/stack-env';
import { AuroraKernel, secretsManagerTargets, bundleWith, ICellRun, streamText } from '../../aurora/aurora-kernel';
import { databaseNow, openStackDatabase, stagingTablesSince } from '../../aurora/stack-database';

// The write paths of %%silver's writer through a real kernel, the local Livy/Spark and the real
// PostgreSQL and MariaDB: every Spark type through COPY's CSV and LOAD DATA's tab-separated rows,
// one Livy statement per write into an existing table, refusals that leave nothing behind (no
// staging table, no password in spark.conf), and MariaDB's JDBC batches where local_infile is off.

const env = loadStackEnv();
const run = randomBytes(4).toString('hex');

/** A Spark SQL string literal: backslash escapes for the quote, the backslash and control characters. */
function sparkString(text: string): string {
  const escaped = [...text]
    .map(char => {
      if (char === '\\' || char === "'") {
        return `\\${char}`;
      }
      const code = char.codePointAt(0) as number;
      return code < 0x20 ? `\\u${code.toString(16).padStart(4, '0')}` : char;
    })
    .join('');
  return `'${escaped}'`;
}

/** The strings every loader must carry exactly: what CSV quoting or LOAD DATA's escapes could get wrong. */
const STRINGS: [number, string | null][] = [
  [1, 'tab\there'],
  [2, null],
  [3, ''],
  [4, 'back\\slash'],
  [5, '\\N'],
  [6, 'a \\N inside, and \\t and \\n as two characters'],
  [7, 'ends with a backslash\\'],
  [8, 'cr\ronly, crlf\r\n, newline\nend'],
  [9, 'quotes "double" \'single\' ""doubled"" ,comma;'],
  [10, 'ünïcödé 日本語 Ελληνικά'],
  [11, 'emoji 🎉👍🏽 and a ZWJ 👩‍💻'],
  [12, '\n'],
  [13, 'NULL'],
  [14, ' leading and trailing spaces ']
];
// PostgreSQL's text cannot hold NUL; it is written to MariaDB only, and a separate test asserts PostgreSQL's error.
const NUL_STRING: [number, string] = [15, 'nul\u0000byte'];

/** Values of every scalar type the writer takes; row 2 is NULL in every nullable column. */
const TYPED_ROWS = [
  `SELECT 1 AS id, CAST(9223372036854775807 AS BIGINT) AS b, CAST(-2147483648 AS INT) AS i, CAST(32767 AS SMALLINT) AS s, CAST(-128 AS TINYINT) AS t,
     CAST(0.1 AS DOUBLE) AS d, CAST(1.5 AS FLOAT) AS f, CAST('12345678901234.123456' AS DECIMAL(20,6)) AS n, true AS flag,
     DATE '2024-02-29' AS day, TIMESTAMP '2024-03-10 02:30:00.123456' AS at, X'00FF095C0A0D2227' AS bin`,
  `SELECT 2, CAST(NULL AS BIGINT), CAST(NULL AS INT), CAST(NULL AS SMALLINT), CAST(NULL AS TINYINT), CAST(NULL AS DOUBLE), CAST(NULL AS FLOAT),
     CAST(NULL AS DECIMAL(20,6)), CAST(NULL AS BOOLEAN), CAST(NULL AS DATE), CAST(NULL AS TIMESTAMP), CAST(NULL AS BINARY)`,
  `SELECT 3, CAST(-9223372036854775808 AS BIGINT), 0, CAST(-32768 AS SMALLINT), CAST(127 AS TINYINT), CAST(-1e300 AS DOUBLE), CAST(-0.25 AS FLOAT),
     CAST('-0.000001' AS DECIMAL(20,6)), false, DATE '1970-01-01', TIMESTAMP '1999-12-31 23:59:59', X''`
];

function typedQuery(strings: [number, string | null][]): string {
  const texts = strings.map(([id, text]) => `SELECT ${id} AS id, ${text === null ? 'CAST(NULL AS STRING)' : sparkString(text)} AS txt`).join(' UNION ALL ');
  return `SELECT coalesce(v.id, s.id) AS id, b, i, s, t, d, f, n, flag, day, at, bin, txt FROM (${TYPED_ROWS.join(' UNION ALL ')}) v FULL OUTER JOIN (${texts}) s ON v.id = s.id`;
}

/** The typed columns as each engine prints them, for rows 1-3 (rows without typed values are NULL). */
const EXPECTED_TYPED: Record<AuroraEngine, (string | null)[][]> = {
  postgres: [
    ['9223372036854775807', '-2147483648', '32767', '-128', '0.1', '1.5', '12345678901234.123456', 'true', '2024-02-29', '2024-03-10 02:30:00.123456', '00ff095c0a0d2227'],
    [null, null, null, null, null, null, null, null, null, null, null],
    ['-9223372036854775808', '0', '-32768', '127', '-1e+300', '-0.25', '-0.000001', 'false', '1970-01-01', '1999-12-31 23:59:59', '']
  ],
  mysql: [
    ['9223372036854775807', '-2147483648', '32767', '-128', '0.1', '1.5', '12345678901234.123456', '1', '2024-02-29', '2024-03-10 02:30:00.123456', '00ff095c0a0d2227'],
    [null, null, null, null, null, null, null, null, null, null, null],
    ['-9223372036854775808', '0', '-32768', '127', '-1e300', '-0.25', '-0.000001', '0', '1970-01-01', '1999-12-31 23:59:59.000000', '']
  ]
};

function summary(run: ICellRun): Record<string, unknown> {
  expect(run.reply).toMatchObject({ status: 'ok' });
  const table = bundleWith(run, TABLE_MIME_TYPE)?.[TABLE_MIME_TYPE] as ITablePayload;
  return Object.fromEntries(table.schema.fields.map((field, index) => [field.name, table.rows[0][index]]));
}

/** The number of statements the Livy session named with `prefix` has run, from Livy's REST API. */
async function livyStatements(prefix: string): Promise<number> {
  const headers = { 'X-Requested-By': 'x' };
  const sessions = (await (await fetch(`${env.LIVY_URL}/sessions?size=1000`, { headers })).json()) as { sessions: { id: number; name: string | null }[] };
  const ours = sessions.sessions.filter(session => session.name?.startsWith(prefix));
  expect(ours).toHaveLength(1);
  const statements = (await (
    await fetch(`${env.LIVY_URL}/sessions/${ours[0].id}/statements`, {
      headers
    })
  ).json()) as { total_statements: number };
  return statements.total_statements;
}

// MariaDB's root logs in by unix_socket, which only accepts a client whose OS user is root: the
// batch fallback needs root to SET GLOBAL local_infile, which the test user silver may not.
const dbRoot = fs.existsSync(path.join(STACK_DIR, 'db-root')) ? fs.readFileSync(path.join(STACK_DIR, 'db-root'), 'utf8').trim() || STACK_DIR : STACK_DIR;
const mariadbSocket = path.join(dbRoot, 'mariadb', 'run', 'mysqld.sock');
const rootReachable = process.getuid?.() === 0 && fs.existsSync(mariadbSocket);

describe.each<AuroraEngine>(['postgres', 'mysql'])('%%silver write paths into %s', engine => {
  const targetName = engine === 'postgres' ? 'sm-pg' : 'sm-mysql';
  const schema = engine === 'postgres' ? `silver_paths_${run}` : 'silver';
  const table = (name: string): string => (engine === 'postgres' ? `${schema}.${name}` : `${name}_${run}`);
  const qualifiedName = (name: string): string => (engine === 'postgres' ? table(name) : `silver.${table(name)}`);
  const sessionPrefix = `it-silver-paths-${engine}-${run}`;
  const tables = ['types', 'counted', 'fresh', 'refusing', 'batches', 'batched_big'];
  let kernel: AuroraKernel;
  let database: IDatabase;

  const silver = (options: string, body = ''): Promise<ICellRun> => kernel.execute(`%%silver --target ${targetName} ${options}\n${body}`, 600_000);
  // MariaDB's database silver is shared with other suites: only staging tables made since this suite began count
  // (a staging table need not carry its target's comment: only a swap's is made LIKE the target). PostgreSQL's schema is this suite's own.
  let suiteStart = '';
  const stagingTables = (): Promise<unknown[]> => stagingTablesSince(database, engine, schema, suiteStart);
  const dump = async (name: string): Promise<string> => JSON.stringify((await database.query(`SELECT * FROM ${table(name)} ORDER BY id`)).rows);
  const typedColumns =
    engine === 'postgres'
      ? "b::text, i::text, s::text, t::text, d::text, f::text, n::text, flag::text, day::text, at::text, encode(bin, 'hex')"
      : 'CAST(b AS CHAR), CAST(i AS CHAR), CAST(s AS CHAR), CAST(t AS CHAR), CAST(d AS CHAR), CAST(f AS CHAR), CAST(n AS CHAR), CAST(flag AS CHAR), CAST(day AS CHAR), CAST(at AS CHAR), lower(hex(bin))';
  const readTyped = async (name: string): Promise<unknown[][]> => (await database.query(`SELECT id, ${typedColumns}, txt FROM ${table(name)} ORDER BY id`)).rows;
  const createTyped = async (name: string): Promise<void> => {
    await database.query(
      engine === 'postgres'
        ? `CREATE TABLE ${table(name)} (id int PRIMARY KEY, b bigint, i int, s smallint, t smallint, d double precision, f real, n numeric(20,6), flag boolean, day date, at timestamp, bin bytea, txt text)`
        : `CREATE TABLE ${table(name)} (id INT PRIMARY KEY, b BIGINT, i INT, s SMALLINT, t TINYINT, d DOUBLE, f FLOAT, n DECIMAL(20,6), flag BOOLEAN, day DATE, at DATETIME(6), bin VARBINARY(64), txt TEXT)`
    );
    await database.query(`INSERT INTO ${table(name)} (id, txt) VALUES (-1, 'replaced by the overwrite')`);
  };
  const strings = engine === 'postgres' ? STRINGS : [...STRINGS, NUL_STRING];
  const expectedTyped = (): unknown[][] => strings.map(([id, text]) => [id, ...(EXPECTED_TYPED[engine][id - 1] ?? EXPECTED_TYPED[engine][1]), text]);
  /** Creates a typed table, overwrites it with every type and string through %%silver, and checks every value read back. */
  const overwriteTyped = async (name: string): Promise<void> => {
    await createTyped(name);
    const result = summary(await silver(`--table ${qualifiedName(name)} --mode overwrite --partitions 2`, typedQuery(strings)));
    expect(result).toMatchObject({
      rows_written: strings.length,
      rows_in_target: strings.length
    });
    expect(await readTyped(name)).toEqual(expectedTyped());
  };
  /** The spark.conf keys a %%silver run may have left with a password in them. */
  const passwordKeys = async (): Promise<string> => {
    const answer = await kernel.execute('println("KEYS[" + spark.conf.getAll.keys.filter(_.startsWith("spark.emr.silver.password")).mkString(",") + "]")');
    expect(answer.reply.status).toBe('ok');
    return /KEYS\[(.*)\]/.exec(streamText(answer))?.[1] ?? `no answer: ${streamText(answer)}`;
  };

  beforeAll(async () => {
    database = await openStackDatabase(engine);
    if (engine === 'postgres') {
      await database.query(`CREATE SCHEMA ${schema}`);
    } else {
      suiteStart = await databaseNow(database);
    }
    kernel = await AuroraKernel.start({
      EMR_LIVY_SESSION_NAME_PREFIX: sessionPrefix,
      EMR_AURORA_TARGETS: JSON.stringify(secretsManagerTargets())
    });
  }, 120_000);

  afterAll(async () => {
    await kernel?.stop();
    if (engine === 'postgres') {
      await database?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    } else {
      for (const name of tables) {
        await database?.query(`DROP TABLE IF EXISTS ${table(name)}`);
      }
    }
    await database?.close();
  });

  it(`carries every type exactly into an existing table through ${engine === 'postgres' ? "COPY's CSV" : "LOAD DATA's escaped rows"}, in the JVM's wall clock as Spark shows it`, async () => {
    // The stack's JVM, Spark session and database servers all run in UTC: a timestamp's wall clock is the same in Spark, in the
    // CSV's instant (COPY into "timestamp" drops the zone) and in LOAD DATA's local wall clock.
    const zones = await kernel.execute('println("ZONES[" + java.util.TimeZone.getDefault.getID + "," + spark.conf.get("spark.sql.session.timeZone") + "]")');
    expect(streamText(zones)).toMatch(/ZONES\[(UTC|Etc\/UTC),(UTC|Etc\/UTC)\]/);
    // %%sql shows a timestamp as Livy's json4s does, in whole seconds of UTC; as text, Spark shows the microseconds too.
    const shown = await kernel.execute(
      "%%sql\nSELECT TIMESTAMP '2024-03-10 02:30:00.123456' AS at, CAST(TIMESTAMP '2024-03-10 02:30:00.123456' AS STRING) AS at_text, TIMESTAMP '1999-12-31 23:59:59' AS y2k"
    );
    const shownTable = bundleWith(shown, TABLE_MIME_TYPE)?.[TABLE_MIME_TYPE] as ITablePayload;
    expect(shownTable.rows[0].map(String)).toEqual(['2024-03-10T02:30:00Z', '2024-03-10 02:30:00.123456', '1999-12-31T23:59:59Z']);

    await overwriteTyped('types');
    expect(await stagingTables()).toEqual([]);
  });

  if (engine === 'postgres') {
    it("refuses a NUL character with PostgreSQL's own reason and leaves the table unchanged", async () => {
      await createTyped('nul');
      const before = await dump('nul');
      const failed = await silver(`--table ${qualifiedName('nul')} --mode append`, typedQuery([NUL_STRING]));
      expect(failed.reply).toMatchObject({
        status: 'error',
        ename: 'SilverWriteError'
      });
      expect(String(failed.reply.evalue)).toMatch(/invalid byte sequence for encoding "UTF8": 0x00/);
      expect(String(failed.reply.evalue)).toContain(`${qualifiedName('nul')} is unchanged`);
      expect(await dump('nul')).toBe(before);
      expect(await stagingTables()).toEqual([]);
    });
  }

  it('writes into an existing table in one Livy statement, and into a new table in two', async () => {
    await database.query(`CREATE TABLE ${table('counted')} (id BIGINT PRIMARY KEY, name TEXT)`);
    // The first run defines the writer in the session (a statement of its own when the session lacks it).
    summary(await silver(`--table ${qualifiedName('counted')} --mode overwrite`, "SELECT id, 'first' AS name FROM range(0, 10)"));
    const before = await livyStatements(sessionPrefix);
    expect(summary(await silver(`--table ${qualifiedName('counted')} --mode overwrite`, "SELECT id, 'second' AS name FROM range(0, 20)"))).toMatchObject({
      rows_written: 20,
      rows_in_target: 20
    });
    expect(await livyStatements(sessionPrefix)).toBe(before + 1);
    expect((await database.query(`SELECT count(*), min(name), max(name) FROM ${table('counted')}`)).rows[0].map(String)).toEqual(['20', 'second', 'second']);

    const beforeNew = await livyStatements(sessionPrefix);
    expect(summary(await silver(`--table ${qualifiedName('fresh')} --mode overwrite`, "SELECT id, 'new' AS name FROM range(0, 5)"))).toMatchObject({ rows_written: 5, rows_in_target: 5 });
    expect(await livyStatements(sessionPrefix)).toBe(beforeNew + 2);
    expect(await stagingTables()).toEqual([]);
  });

  describe('refusals leave the target, the database and the session as they were', () => {
    beforeAll(async () => {
      await database.query(`CREATE TABLE ${table('refusing')} (id BIGINT PRIMARY KEY, name TEXT)`);
      await database.query(`INSERT INTO ${table('refusing')} VALUES (1, 'kept'), (2, 'also kept')`);
    });

    const refused = async (body: string, ename: string): Promise<string> => {
      const before = await dump('refusing');
      const answer = await silver(`--table ${qualifiedName('refusing')} --mode overwrite`, body);
      expect(answer.reply).toMatchObject({ status: 'error', ename });
      expect(await dump('refusing')).toBe(before);
      expect(before).toContain('also kept');
      expect(await stagingTables()).toEqual([]);
      expect(await passwordKeys()).toBe('');
      return String(answer.reply.evalue);
    };

    it("a column the target lacks: SilverSchemaError naming it and the target's columns", async () => {
      const evalue = await refused("SELECT id, 'x' AS name, 42 AS surplus FROM range(0, 3)", 'SilverSchemaError');
      expect(evalue).toContain('(its columns: id, name); nothing was written');
      expect(evalue).toMatch(/surplus +\| integer +\| +\| not in the table/);
    });

    it("a query that fails: SilverSourceError with Spark's reason", async () => {
      const evalue = await refused(`SELECT * FROM no_such_table_${run}`, 'SilverSourceError');
      expect(evalue).toContain('the query failed:');
      expect(evalue).toMatch(new RegExp(`TABLE_OR_VIEW_NOT_FOUND.*no_such_table_${run}`));
      expect(evalue).toContain('Nothing was written.');
    });

    it('an array column: SilverSchemaError suggesting to_json', async () => {
      const evalue = await refused('SELECT id, array(id, id) AS name FROM range(0, 3)', 'SilverSchemaError');
      expect(evalue).toMatch(/cannot write name \(array/);
      expect(evalue).toContain('to_json');
    });
  });

  if (engine === 'mysql') {
    // Root is reachable only when this process runs as the OS user root on the machine of the stack's
    // mariadbd (unix_socket authentication); elsewhere the fallback cannot be switched on, so the test
    // is skipped rather than run against a server whose local_infile it cannot turn off.
    (rootReachable ? it : it.skip)('loads by JDBC batches, every value exact, where @@GLOBAL.local_infile is OFF', async () => {
      const root: Connection = await createConnection({
        socketPath: mariadbSocket,
        user: 'root'
      });
      try {
        await root.query('SET GLOBAL local_infile = 0');
        await overwriteTyped('batches');

        // A write big enough to be seen at work: the executors' statements are INSERTs into the staging table, never a LOAD DATA.
        await database.query(`CREATE TABLE ${table('batched_big')} (id BIGINT PRIMARY KEY, name TEXT)`);
        const rows = 400_000;
        const writing = silver(`--table ${qualifiedName('batched_big')} --mode append --partitions 2`, `SELECT id, concat('row ', id) AS name FROM range(0, ${rows})`);
        let settled = false;
        void writing.finally(() => (settled = true));
        const seen = new Set<string>();
        while (!settled) {
          // Only the statements on this run's staging table (other suites may be loading theirs at the same time).
          const ours = (await stagingTables()).map(row => String((row as unknown[])[0]));
          const [processes] = await root.query("SELECT info FROM information_schema.processlist WHERE info LIKE '%silver_stage_%' AND user = 'silver'");
          for (const { info } of processes as { info: string }[]) {
            if (ours.some(name => info.includes(name))) {
              seen.add(/^\s*(\w+(?: \w+)?)/.exec(info)?.[1].toUpperCase() ?? info);
            }
          }
          await new Promise(resolve => setTimeout(resolve, 20));
        }
        expect(summary(await writing)).toMatchObject({
          rows_written: rows,
          rows_in_target: rows
        });
        expect([...seen]).toContain('INSERT INTO');
        expect([...seen].filter(what => what.startsWith('LOAD'))).toEqual([]);
        const stats = (await database.query(`SELECT count(*), count(DISTINCT id), min(id), max(id), sum(length(name)) FROM ${table('batched_big')}`)).rows[0].map(String);
        expect(stats).toEqual([String(rows), String(rows), '0', String(rows - 1), String(sumOfLengths(rows))]);
        expect(await stagingTables()).toEqual([]);
      } finally {
        await root.query('SET GLOBAL local_infile = 1');
        await root.end();
      }
    });
  }
});

/** The total length of 'row 0' … 'row n-1'. */
function sumOfLengths(n: number): number {
  let total = 0;
  for (let id = 0; id < n; id++) {
    total += 4 + String(id).length;
  }
  return total;
}
