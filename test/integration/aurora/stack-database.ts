import * as fs from 'fs';
import { resolveConnection } from '../../../kernel/src/aurora/credentials';
import { IDatabase } from '../../../kernel/src/aurora/database';
import { openDatabase } from '../../../kernel/src/aurora/open-database';
import { AuroraEngine } from '../../../kernel/src/aurora/targets';
import { Redactor } from '../../../kernel/src/redact';
import { loadStackEnv } from '../../helpers/stack-env';

/** A connection to the stack's PostgreSQL or MariaDB with the secret file's credentials, for a test to set up and check tables. */
export async function openStackDatabase(engine: AuroraEngine): Promise<IDatabase> {
  const env = loadStackEnv();
  const secretFile = engine === 'postgres' ? env.STACK_PG_SECRET_FILE : env.STACK_MARIADB_SECRET_FILE;
  const unused = (): Promise<string> => Promise.reject(new Error('a secret file target needs no AWS call'));
  const sources = { env: {}, redactor: new Redactor(), readFile: (file: string) => fs.readFileSync(file, 'utf8'), getSecret: unused, iamToken: unused };
  return openDatabase(await resolveConnection({ name: engine, engine, secretFile }, sources));
}

/**
 * Drops what a suite made: on PostgreSQL its own schema, on MariaDB (one database shared by the
 * suites) its tables by name.
 */
export async function dropSuiteTables(database: IDatabase | undefined, engine: AuroraEngine, schema: string, tables: string[]): Promise<void> {
  if (engine === 'postgres') {
    await database?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    return;
  }
  for (const table of tables) {
    await database?.query(`DROP TABLE IF EXISTS ${table}`);
  }
}

/** The database's clock, as information_schema's create_time compares with it. */
export async function databaseNow(database: IDatabase): Promise<string> {
  return String((await database.query("SELECT DATE_FORMAT(NOW(), '%Y-%m-%d %H:%i:%s')")).rows[0][0]);
}

/**
 * The %%silver staging tables in `schema`; on MariaDB, whose one database the suites share, only
 * those made since `since` (databaseNow at the suite's start) count.
 */
export async function stagingTablesSince(database: IDatabase, engine: AuroraEngine, schema: string, since: string): Promise<unknown[]> {
  const sql = `SELECT table_name FROM information_schema.tables WHERE table_schema = '${schema}' AND table_name LIKE 'silver_stage_%'`;
  return (await database.query(engine === 'mysql' ? `${sql} AND create_time >= '${since}'` : sql)).rows;
}
