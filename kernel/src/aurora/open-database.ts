import { Redactor } from '../redact';
import { AuroraService } from './aurora-service';
import { awsCredentialSources, IConnectionParams } from './credentials';
import { IDatabase } from './database';
import { engineFor } from './engines/registry';
import { IAuroraSettings } from './targets';

/** A connection to the target's engine through its module's driver (pg, mysql2). */
export function openDatabase(params: IConnectionParams): Promise<IDatabase> {
  return engineFor(params.engine).open(params);
}

/** The kernel's Aurora service on the real drivers, AWS Secrets Manager and the RDS signer. */
export function createAuroraService(settings: IAuroraSettings, redactor: Redactor, env: NodeJS.ProcessEnv = process.env): AuroraService {
  return new AuroraService(settings, awsCredentialSources(env, redactor), openDatabase);
}
