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
