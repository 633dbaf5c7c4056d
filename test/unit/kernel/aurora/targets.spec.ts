import { engineOf } from '../../../../kernel/src/aurora/engines/registry';
import { mergeTargets, parseTargets, stackJdbcJars, stackTargets } from '../../../../kernel/src/aurora/targets';
import { loadKernelConfig } from '../../../../kernel/src/config';
import { Redactor } from '../../../../kernel/src/redact';

describe('Aurora targets in the kernel config', () => {
  it("reads targets from EMR_AURORA_TARGETS, after the config file's, and the stack's under free names", () => {
    const file = JSON.stringify({ aurora: { targets: { prod: { engine: 'aurora-postgresql', secretId: 'prod/aurora' } }, defaultTarget: 'prod' } });
    const config = loadKernelConfig({
      env: {
        EMR_LIVY_CONFIG: '/config.json',
        EMR_AURORA_TARGETS: JSON.stringify({ reports: { engine: 'mysql', host: 'db', database: 'r', user: 'u', passwordEnv: 'R_PW', port: 3307 } }),
        STACK_PG_SECRET_FILE: '/stack/secrets/postgres.json',
        STACK_MARIADB_SECRET_FILE: '/stack/secrets/mariadb.json'
      },
      redactor: new Redactor(),
      readFile: () => file
    });
    // The environment replaces the file's targets, as for every other setting.
    expect(config.aurora.targets.map(target => target.name)).toEqual(['reports', 'silver-pg', 'silver-mysql']);
    expect(config.aurora.targets[0]).toEqual({ name: 'reports', engine: 'mysql', host: 'db', database: 'r', user: 'u', passwordEnv: 'R_PW', port: 3307 });
    expect(config.aurora.targets[1]).toEqual({ name: 'silver-pg', engine: 'postgres', secretFile: '/stack/secrets/postgres.json' });
    expect(config.aurora.defaultTarget).toBe('prod');
  });

  it('names the problem in a bad target and the setting it came from', () => {
    const load = (targets: unknown): unknown => loadKernelConfig({ env: { EMR_AURORA_TARGETS: JSON.stringify(targets) }, redactor: new Redactor(), homeDir: '/nonexistent' });
    expect(() => load({ prod: { engine: 'oracle', host: 'h' } })).toThrow(/EMR_AURORA_TARGETS.*target "prod" needs "engine": "postgres" or "mysql"/);
    expect(() => load({ prod: { engine: 'postgres', hots: 'h' } })).toThrow(/target "prod" has an unknown field "hots"/);
    expect(() => load({ prod: { engine: 'postgres' } })).toThrow(/target "prod" needs "secretId", "secretFile" or "host"/);
    expect(() => load({ prod: { engine: 'postgres', host: 'h', port: 'x' } })).toThrow(/"port" must be a port number/);
    expect(() => load({ 'a b': { engine: 'postgres', host: 'h' } })).toThrow(/the target name "a b"/);
    expect(() => load([1])).toThrow(/must be a JSON object of named targets/);
  });

  it("reads the engine from Aurora's secret spellings", () => {
    expect(['postgres', 'aurora-postgresql', 'mysql', 'aurora-mysql', 'mariadb', 'oracle', 42].map(engineOf)).toEqual(['postgres', 'postgres', 'mysql', 'mysql', 'mysql', undefined, undefined]);
  });

  it("lets configured targets shadow the stack's", () => {
    const merged = mergeTargets([{ name: 'silver-pg', engine: 'postgres', host: 'elsewhere' }], stackTargets({ STACK_PG_SECRET_FILE: '/s/pg.json', STACK_MARIADB_SECRET_FILE: '/s/m.json' }));
    expect(merged.map(target => [target.name, target.host ?? target.secretFile])).toEqual([
      ['silver-pg', 'elsewhere'],
      ['silver-mysql', '/s/m.json']
    ]);
    expect(parseTargets({})).toEqual({ targets: [] });
  });

  it("finds the stack's JDBC drivers as file URIs, the newest version of each", () => {
    const files = ['postgresql-42.7.3.jar', 'postgresql-42.7.4.jar', 'mariadb-java-client-3.5.1.jar', 'hadoop-aws-3.3.4.jar'];
    expect(stackJdbcJars({ STACK_JARS_DIR: '/stack/jars' }, () => files)).toEqual({
      postgres: 'file:///stack/jars/postgresql-42.7.4.jar',
      mysql: 'file:///stack/jars/mariadb-java-client-3.5.1.jar'
    });
    expect(stackJdbcJars({}, () => files)).toEqual({});
  });
});
