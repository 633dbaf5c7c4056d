import { Redactor } from '../redact';
import { AuroraService } from './aurora-service';
import { awsCredentialSources, IConnectionParams } from './credentials';
import { IDatabase } from './database';
import { MysqlDatabase } from './mysql-database';
import { PostgresDatabase } from './postgres-database';
import { IAuroraSettings } from './targets';

/** A connection to the target's engine through pg or mysql2. */
export function openDatabase(params: IConnectionParams): Promise<IDatabase> {
  return params.engine === 'postgres' ? PostgresDatabase.open(params) : MysqlDatabase.open(params);
}

/** The kernel's Aurora service on the real drivers, AWS Secrets Manager and the RDS signer. */
export function createAuroraService(settings: IAuroraSettings, redactor: Redactor, env: NodeJS.ProcessEnv = process.env): AuroraService {
  return new AuroraService(settings, awsCredentialSources(env, redactor), openDatabase);
}
