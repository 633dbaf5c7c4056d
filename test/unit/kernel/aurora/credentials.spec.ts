import { ICredentialSources, resolveConnection } from '../../../../kernel/src/aurora/credentials';
import { IAuroraTarget } from '../../../../kernel/src/aurora/targets';
import { Redactor } from '../../../../kernel/src/redact';

const SECRET = { username: 'app', password: 'pw-from-secret-123', host: 'db.cluster-abc.eu-west-1.rds.amazonaws.com', port: 5432, dbname: 'silver', engine: 'aurora-postgresql' };

function sources(overrides: Partial<ICredentialSources> = {}): ICredentialSources & { redactor: Redactor; calls: string[] } {
  const calls: string[] = [];
  return {
    env: {},
    redactor: new Redactor(),
    calls,
    readFile: file => {
      calls.push(`file ${file}`);
      if (file !== '/secrets/pg.json') {
        throw new Error(`ENOENT: no such file or directory, open '${file}'`);
      }
      return JSON.stringify(SECRET);
    },
    getSecret: async (id, region) => {
      calls.push(`secret ${id} ${region}`);
      return JSON.stringify(SECRET);
    },
    iamToken: async ({ host, port, user, region }) => {
      calls.push(`iam ${host}:${port} ${user} ${region}`);
      return 'iam-token-abcdef';
    },
    ...overrides
  };
}

const target = (fields: Partial<IAuroraTarget>): IAuroraTarget => ({ name: 'prod', engine: 'postgres', ...fields });

describe('resolveConnection', () => {
  it('takes host, port, database, user and password from a Secrets Manager secret, and registers the password', async () => {
    const given = sources();
    const params = await resolveConnection(target({ secretId: 'prod/aurora', region: 'eu-west-1' }), given);
    expect(params).toEqual({
      target: 'prod',
      engine: 'postgres',
      host: SECRET.host,
      port: 5432,
      database: 'silver',
      user: 'app',
      password: SECRET.password,
      ssl: false,
      caPem: undefined
    });
    expect(given.calls).toEqual(['secret prod/aurora eu-west-1']);
    expect(given.redactor.redact(`login ${SECRET.password}`)).toBe('login ***');
  });

  it('lets the target override the secret, and passwordEnv supply the password', async () => {
    const given = sources({ env: { PROD_PW: 'pw-from-env-456' } });
    const params = await resolveConnection(target({ secretFile: '/secrets/pg.json', host: '127.0.0.1', port: 6543, user: 'reader', passwordEnv: 'PROD_PW' }), given);
    expect(params).toMatchObject({ host: '127.0.0.1', port: 6543, user: 'reader', database: 'silver', password: 'pw-from-env-456' });
    expect(given.redactor.redact('pw-from-env-456 pw-from-secret-123')).toBe('*** ***');
  });

  it('signs an RDS IAM token for the resolved host and user, and turns TLS on', async () => {
    const given = sources();
    const params = await resolveConnection(target({ secretFile: '/secrets/pg.json', iamAuth: { region: 'eu-west-1' } }), given);
    expect(given.calls).toContain(`iam ${SECRET.host}:5432 app eu-west-1`);
    expect(params).toMatchObject({ password: 'iam-token-abcdef', ssl: true });
    expect(given.redactor.redact('iam-token-abcdef')).toBe('***');
  });

  it("works from host, user and passwordEnv alone, with the engine's default port", async () => {
    const params = await resolveConnection({ name: 'm', engine: 'mysql', host: 'h', database: 'd', user: 'u', passwordEnv: 'P' }, sources({ env: { P: 'secret-p' } }));
    expect(params).toMatchObject({ engine: 'mysql', host: 'h', port: 3306, database: 'd', user: 'u', password: 'secret-p' });
  });

  it.each([
    [target({ secretFile: '/missing.json' }), /Cannot read the secret file \/missing\.json for Aurora target "prod" \(ENOENT.*Check the path/],
    [{ name: 'prod', engine: 'mysql' as const, secretFile: '/secrets/pg.json' }, /configured as mysql but its secret is for postgres/],
    [target({ host: 'h', user: 'u', passwordEnv: 'NOPE' }), /has no database \(dbname\)/],
    [target({ host: 'h', user: 'u', database: 'd', passwordEnv: 'NOPE' }), /reads its password from NOPE, which is not set/],
    [target({ host: 'h', user: 'u', database: 'd' }), /has no password: give it "secretId", "secretFile", "passwordEnv" or "iamAuth"/]
  ])('refuses %j with the remedy', async (given, message) => {
    await expect(resolveConnection(given, sources())).rejects.toMatchObject({ ename: 'AuroraCredentialError', evalue: expect.stringMatching(message) });
  });

  it('says what Secrets Manager answered and what to check', async () => {
    const denied = Object.assign(new Error('User is not authorized to perform secretsmanager:GetSecretValue'), { name: 'AccessDeniedException' });
    const given = sources({ getSecret: () => Promise.reject(denied) });
    await expect(resolveConnection(target({ secretId: 'prod/aurora' }), given)).rejects.toMatchObject({
      evalue: expect.stringMatching(/Cannot read the Secrets Manager secret "prod\/aurora".*AccessDeniedException: User is not authorized.*secretsmanager:GetSecretValue/)
    });
  });

  it("refuses a secret that is not Aurora's JSON", async () => {
    const given = sources({ getSecret: async () => 'plain-text-password' });
    await expect(resolveConnection(target({ secretId: 'x' }), given)).rejects.toMatchObject({ evalue: expect.stringMatching(/is not a JSON object in Aurora's shape/) });
  });
});
