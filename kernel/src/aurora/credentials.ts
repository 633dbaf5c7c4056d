import * as fs from 'fs';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { Signer } from '@aws-sdk/rds-signer';
import { UserError } from '../core/errors';
import { Redactor } from '../redact';
import { engineFor, engineOf } from './engines/registry';
import type { IConnectionParams } from './connection';
import type { IAuroraTarget } from './targets';

// IConnectionParams lives in connection.ts, a module that imports nothing, so that the engines
// read it without importing this one (which imports their registry).
export type { IConnectionParams } from './connection';

/** Aurora's secret JSON (also what RDS-managed master secrets hold). */
interface IAuroraSecret {
  username?: unknown;
  password?: unknown;
  host?: unknown;
  port?: unknown;
  dbname?: unknown;
  engine?: unknown;
}

/** The ways out of the process, replaced in unit tests. */
export interface ICredentialSources {
  env: NodeJS.ProcessEnv;
  redactor: Redactor;
  readFile(file: string): string;
  /** The SecretString of a Secrets Manager secret. */
  getSecret(secretId: string, region: string | undefined): Promise<string>;
  /** An RDS IAM authentication token (valid 15 minutes). */
  iamToken(params: { host: string; port: number; user: string; region: string | undefined }): Promise<string>;
}

// A blackholed endpoint would hold the cell for minutes under the SDK's defaults.
const AWS_REQUEST_HANDLER = { connectionTimeout: 5000, requestTimeout: 20000, throwOnRequestTimeout: true };

/** The real sources: files, AWS Secrets Manager and the RDS signer on the SDK's default credential chain. */
export function awsCredentialSources(env: NodeJS.ProcessEnv, redactor: Redactor): ICredentialSources {
  const clients = new Map<string, SecretsManagerClient>();
  return {
    env,
    redactor,
    readFile: file => fs.readFileSync(file, 'utf8'),
    async getSecret(secretId, region) {
      const key = region ?? '';
      let client = clients.get(key);
      if (!client) {
        client = new SecretsManagerClient({ region, maxAttempts: 2, requestHandler: AWS_REQUEST_HANDLER });
        clients.set(key, client);
      }
      const answer = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
      if (answer.SecretString === undefined) {
        throw new Error('the secret has no SecretString (a binary secret)');
      }
      return answer.SecretString;
    },
    iamToken: ({ host, port, user, region }) => new Signer({ hostname: host, port, username: user, region }).getAuthToken()
  };
}

async function readSecret(target: IAuroraTarget, sources: ICredentialSources): Promise<IAuroraSecret> {
  let text: string;
  const where = target.secretId ? `the Secrets Manager secret "${target.secretId}"` : `the secret file ${target.secretFile}`;
  try {
    text = target.secretId ? await sources.getSecret(target.secretId, target.region) : sources.readFile(target.secretFile as string);
  } catch (error) {
    const reason = (error as { name?: string; message?: string }).message ?? String(error);
    const name = (error as { name?: string }).name;
    throw new UserError(
      `Cannot read ${where} for Aurora target "${target.name}" (${name && name !== 'Error' ? `${name}: ` : ''}${reason}). ` +
        (target.secretId
          ? 'Check the secret id, the region (AWS_REGION or the target\'s "region") and that your AWS credentials may call secretsmanager:GetSecretValue on it.'
          : 'Check the path in the target\'s "secretFile".'),
      'AuroraCredentialError'
    );
  }
  let secret: unknown;
  try {
    secret = JSON.parse(text);
  } catch {
    secret = undefined;
  }
  if (typeof secret !== 'object' || secret === null || Array.isArray(secret)) {
    throw new UserError(`${where} (Aurora target "${target.name}") is not a JSON object in Aurora's shape: {"username", "password", "host", "port", "dbname", "engine"}.`, 'AuroraCredentialError');
  }
  const found = secret as IAuroraSecret;
  sources.redactor.register(typeof found.password === 'string' ? found.password : undefined);
  return found;
}

const asString = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const asPort = (value: unknown): number | undefined => {
  const port = typeof value === 'string' ? Number(value) : value;
  return Number.isInteger(port) ? (port as number) : undefined;
};

/**
 * Resolves a target's connection: the secret (Secrets Manager or file) first, the target's own
 * fields over it, and the password from an IAM token, the target's environment variable, or the
 * secret, in that order. The password is registered with the redactor the moment it is known.
 */
export async function resolveConnection(target: IAuroraTarget, sources: ICredentialSources): Promise<IConnectionParams> {
  const secret: IAuroraSecret = target.secretId || target.secretFile ? await readSecret(target, sources) : {};
  const secretEngine = engineOf(secret.engine);
  if (secretEngine && secretEngine !== target.engine) {
    throw new UserError(`Aurora target "${target.name}" is configured as ${target.engine} but its secret is for ${secretEngine}; fix the target's "engine".`, 'AuroraCredentialError');
  }
  const host = target.host ?? asString(secret.host);
  const user = target.user ?? asString(secret.username);
  const database = target.database ?? asString(secret.dbname);
  const port = target.port ?? asPort(secret.port) ?? engineFor(target.engine).defaultPort;
  const missing = [!host && 'host', !user && 'user (username)', !database && 'database (dbname)'].filter(Boolean);
  if (missing.length > 0) {
    throw new UserError(`Aurora target "${target.name}" has no ${missing.join(', ')}: set it in the target or in its secret.`, 'AuroraCredentialError');
  }
  let password: string | undefined;
  if (target.iamAuth) {
    try {
      password = await sources.iamToken({ host: host as string, port, user: user as string, region: target.iamAuth.region ?? target.region });
    } catch (error) {
      throw new UserError(
        `Cannot make an RDS IAM authentication token for Aurora target "${target.name}" (${(error as Error).message}). Check your AWS credentials and the region in "iamAuth".`,
        'AuroraCredentialError'
      );
    }
  } else if (target.passwordEnv) {
    password = sources.env[target.passwordEnv];
    if (password === undefined) {
      throw new UserError(
        `Aurora target "${target.name}" reads its password from ${target.passwordEnv}, which is not set in the kernel's environment. Set it and restart the kernel.`,
        'AuroraCredentialError'
      );
    }
  } else {
    password = asString(secret.password);
  }
  if (password === undefined) {
    throw new UserError(`Aurora target "${target.name}" has no password: give it "secretId", "secretFile", "passwordEnv" or "iamAuth".`, 'AuroraCredentialError');
  }
  sources.redactor.register(password);
  const caPem = target.caBundle ? readCaBundle(target, sources) : undefined;
  return {
    target: target.name,
    engine: target.engine,
    host: host as string,
    port,
    database: database as string,
    user: user as string,
    password,
    ssl: target.ssl ?? target.iamAuth !== undefined,
    caPem
  };
}

function readCaBundle(target: IAuroraTarget, sources: ICredentialSources): string {
  try {
    return sources.readFile(target.caBundle as string);
  } catch (error) {
    throw new UserError(`Cannot read the CA bundle ${target.caBundle} of Aurora target "${target.name}" (${(error as Error).message}).`, 'AuroraCredentialError');
  }
}
