import { randomBytes } from 'crypto';
import { CreateDatabaseCommand, CreateTableCommand, DeleteDatabaseCommand, GlueClient } from '@aws-sdk/client-glue';
import { createAuroraService } from '../../../kernel/src/aurora/open-database';
import { IDatabase } from '../../../kernel/src/aurora/database';
import { stackTargets } from '../../../kernel/src/aurora/targets';
import { AuroraCatalogSource } from '../../../kernel/src/catalog/aurora-catalog';
import { GlueCatalogSource } from '../../../kernel/src/catalog/glue-catalog';
import { HiveCatalogSource } from '../../../kernel/src/catalog/hive-catalog';
import { Hs2Client } from '../../../kernel/src/hive/hs2-client';
import { Redactor } from '../../../kernel/src/redact';
import { loadStackEnv, readSecret } from '../../helpers/stack-env';
import { openStackDatabase } from '../aurora/stack-database';

// Each source against the stack's real part: PostgreSQL and MariaDB's information_schema, moto's
// Glue, the Spark Thrift server's HiveServer2 metadata calls. A part that is down fails the test.
const env = loadStackEnv();
const suffix = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
const signal = new AbortController().signal;

describe.each([
  ['postgres', 'silver-pg'],
  ['mysql', 'silver-mysql']
] as const)('Aurora catalog on the stack (%s)', (engine, targetName) => {
  // PostgreSQL: a schema of the suite's own in the target's database. MariaDB: the target's
  // database itself (its user may not create others), the suite's tables named apart.
  const schema = engine === 'postgres' ? `catalog_it_${suffix}` : readSecret(env.STACK_MARIADB_SECRET_FILE).dbname;
  const orders = `orders_${suffix}`;
  const recent = `recent_${suffix}`;
  let database: IDatabase;
  const aurora = createAuroraService({ targets: stackTargets(env), jdbcJars: {} }, new Redactor(), env);
  const source = new AuroraCatalogSource(aurora.target(targetName), aurora);

  beforeAll(async () => {
    database = await openStackDatabase(engine);
    if (engine === 'postgres') {
      await database.query(`CREATE SCHEMA ${schema}`);
      await database.query(`CREATE TABLE ${schema}.${orders} (id bigint PRIMARY KEY, note varchar(40), placed_at timestamp)`);
      await database.query(`COMMENT ON COLUMN ${schema}.${orders}.note IS 'free text from the customer'`);
    } else {
      await database.query(`CREATE TABLE ${schema}.${orders} (id bigint PRIMARY KEY, note varchar(40) COMMENT 'free text from the customer', placed_at timestamp NULL)`);
    }
    await database.query(`CREATE VIEW ${schema}.${recent} AS SELECT id FROM ${schema}.${orders}`);
  });

  afterAll(async () => {
    if (engine === 'postgres') {
      await database?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    } else {
      await database?.query(`DROP VIEW IF EXISTS ${schema}.${recent}`);
      await database?.query(`DROP TABLE IF EXISTS ${schema}.${orders}`);
    }
    await database?.close();
  });

  it('lists the schema among the databases, and its table and view with their types', async () => {
    expect(await source.databases(signal)).toContain(schema);
    const tables = (await source.tables(schema, signal)).filter(table => table.name.endsWith(suffix));
    expect(tables.map(table => [table.name, table.type])).toEqual([
      [orders, 'managed'],
      [recent, 'view']
    ]);
    expect(tables[0].database).toBe(schema);
    if (engine === 'mysql') {
      // No database named: the connection's own (DATABASE()).
      expect((await source.tables(undefined, signal)).map(table => table.name)).toContain(orders);
    }
  });

  it("opens a table: its columns in order, with types and the column's comment", async () => {
    const table = await source.table(schema, orders, signal);
    expect(table.columns.map(column => column.name)).toEqual(['id', 'note', 'placed_at']);
    expect(table.columns[0].type).toMatch(/^bigint/);
    expect(table.columns[1]).toMatchObject({ name: 'note', comment: 'free text from the customer' });
    expect(table.columns[1].type).toMatch(/varchar|character varying/);
    expect(table.columns[0].comment).toBeUndefined();
  });
});

describe("Glue catalog on the stack's moto", () => {
  const glue = new GlueClient({ endpoint: env.AWS_ENDPOINT_URL, region: env.AWS_REGION, credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY } });
  const databaseName = `catalog_it_${suffix}`;
  const source = new GlueCatalogSource(glue, { region: env.AWS_REGION });

  beforeAll(async () => {
    await glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: databaseName } }));
    // 250 tables: more than two of Glue's pages of 100, so listing must follow NextToken.
    for (let start = 0; start < 250; start += 25) {
      await Promise.all(
        Array.from({ length: 25 }, (_, offset) => {
          const index = start + offset;
          return glue.send(
            new CreateTableCommand({
              DatabaseName: databaseName,
              TableInput: {
                Name: `t${String(index).padStart(3, '0')}`,
                TableType: 'EXTERNAL_TABLE',
                Parameters: { classification: 'parquet' },
                PartitionKeys: [{ Name: 'day', Type: 'date' }],
                StorageDescriptor: {
                  Location: `s3://bronze-logs/t${index}/`,
                  Columns: [
                    { Name: 'id', Type: 'bigint' },
                    { Name: 'status', Type: 'int', Comment: 'HTTP status' }
                  ]
                }
              }
            })
          );
        })
      );
    }
  });

  afterAll(async () => {
    await glue.send(new DeleteDatabaseCommand({ Name: databaseName })).catch(() => undefined);
    glue.destroy();
  });

  it('lists all 250 tables of a database, page by page', async () => {
    const tables = await source.tables(databaseName, signal);
    expect(tables).toHaveLength(250);
    expect(new Set(tables.map(table => table.name)).size).toBe(250);
    expect(tables.find(table => table.name === 't249')).toEqual({
      database: databaseName,
      name: 't249',
      type: 'external',
      location: 's3://bronze-logs/t249/',
      format: 'parquet',
      partitionColumns: ['day']
    });
    expect(await source.databases(signal)).toContain(databaseName);
  });

  it("has the stack's seeded database over the bronze logs (stack/aws/seed.py)", async () => {
    const tables = await source.tables('bronze', signal);
    expect(tables.map(table => [table.name, table.type, table.location, table.format, table.partitionColumns])).toEqual([
      ['access_logs', 'external', 's3://bronze-logs/access/', 'text', ['dt']],
      ['access_logs_gzip', 'external', 's3://bronze-logs/access-gzip/', 'text', ['dt']]
    ]);
  });

  it('opens a table: its columns with comments, then the partition keys', async () => {
    const table = await source.table(databaseName, 't007', signal);
    expect(table.columns).toEqual([
      { name: 'id', type: 'bigint' },
      { name: 'status', type: 'int', comment: 'HTTP status' },
      { name: 'day', type: 'date' }
    ]);
  });
});

describe("HiveServer2 catalog on the stack's Thrift server", () => {
  const endpoint = { host: env.HIVESERVER2_HOST, port: Number(env.HIVESERVER2_PORT) };
  const client = new Hs2Client({ endpoint, logLevel: 'NONE', connectTimeoutMs: 10_000, requestTimeoutMs: 120_000, statusWaitMs: 300 });
  const source = new HiveCatalogSource(endpoint, client);
  const databaseName = `catalog_it_${suffix}`;
  const run = (sql: string): Promise<unknown> => client.run(sql, { signal, maxRows: 10, onLog: () => undefined });

  beforeAll(async () => {
    await run(`CREATE DATABASE ${databaseName}`);
    await run(`CREATE TABLE ${databaseName}.visits (path STRING COMMENT 'request path', hits BIGINT) USING parquet PARTITIONED BY (day STRING)`);
    await run(`CREATE VIEW ${databaseName}.busy AS SELECT path FROM ${databaseName}.visits WHERE hits > 10`);
  });

  afterAll(async () => {
    await run(`DROP DATABASE IF EXISTS ${databaseName} CASCADE`).catch(() => undefined);
    await client.close();
  });

  it('lists databases and tables through GetSchemas and GetTables', async () => {
    expect(await source.databases()).toContain(databaseName);
    const tables = (await source.tables(databaseName)).sort((a, b) => a.name.localeCompare(b.name));
    expect(tables.map(table => [table.name, table.type])).toEqual([
      ['busy', 'view'],
      ['visits', 'managed']
    ]);
  });

  it("has the metastore's seeded silver database (stack/hive/seed-metastore.sql)", async () => {
    const tables = (await source.tables('silver')).sort((a, b) => a.name.localeCompare(b.name));
    expect(tables.map(table => [table.name, table.type])).toEqual(
      expect.arrayContaining([
        ['events', 'managed'],
        ['failed_events', 'view'],
        ['sessions', 'managed']
      ])
    );
    expect((await source.table('silver', 'events')).columns.map(column => column.name)).toEqual(['event_id', 'status', 'started_at', 'day']);
  });

  it('reads columns through GetColumns, with their comments', async () => {
    const visits = await source.table(databaseName, 'visits');
    expect(visits.columns.map(column => [column.name, column.type])).toEqual([
      ['path', 'string'],
      ['hits', 'bigint'],
      ['day', 'string']
    ]);
    expect(visits.columns[0].comment).toBe('request path');
  });
});
