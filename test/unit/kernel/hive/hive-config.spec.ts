import { loadKernelConfig } from '../../../../kernel/src/config';
import { ConfigError } from '../../../../kernel/src/core/errors';
import { Redactor } from '../../../../kernel/src/redact';

/** No config file: only the environment counts. */
function absent(): never {
  throw Object.assign(new Error('absent'), { code: 'ENOENT' });
}

function load(env: Record<string, string>, redactor = new Redactor()) {
  return loadKernelConfig({ env, redactor, homeDir: '/nonexistent-home', readFile: absent });
}

function problem(env: Record<string, string>): string {
  try {
    load(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).evalue;
  }
  throw new Error('expected a ConfigError');
}

describe('the hive settings', () => {
  it('has no endpoint, no engine and the EXECUTION log level by default', () => {
    expect(load({}).hive).toEqual({ endpoint: undefined, username: undefined, password: undefined, engine: undefined, clusterEndpoints: {}, clusterPort: 10000, logLevel: 'EXECUTION' });
  });

  it('reads the endpoint, credentials, engine, cluster map and log level from the environment', () => {
    const redactor = new Redactor();
    const config = load(
      {
        EMR_HIVESERVER2_URL: 'jdbc:hive2://primary:10001/sales',
        EMR_HIVESERVER2_USERNAME: 'ann',
        EMR_HIVESERVER2_PASSWORD: 'hs2-secret-pw',
        EMR_HIVE_ENGINE: 'AUTO',
        EMR_HIVESERVER2_CLUSTER_URLS: '{"j-abc": "127.0.0.1:10000"}',
        EMR_HIVESERVER2_LOG_LEVEL: 'verbose'
      },
      redactor
    );
    expect(config.hive).toMatchObject({
      endpoint: { host: 'primary', port: 10001, database: 'sales' },
      username: 'ann',
      engine: 'auto',
      clusterEndpoints: { 'J-ABC': { host: '127.0.0.1', port: 10000 } },
      logLevel: 'VERBOSE'
    });
    expect(redactor.redact('login hs2-secret-pw')).toBe('login ***');
  });

  it('refuses what it cannot use, naming the setting', () => {
    expect(problem({ EMR_HIVESERVER2_URL: 'http://primary:10000' })).toContain('EMR_HIVESERVER2_URL ("hive.url") is not valid');
    expect(problem({ EMR_HIVESERVER2_URL: 'hive2://ann:pw-in-url@primary:10000' })).not.toContain('pw-in-url');
    expect(problem({ EMR_HIVE_ENGINE: 'tez' })).toContain('must be one of hiveserver2, spark, auto');
    expect(problem({ EMR_HIVESERVER2_LOG_LEVEL: 'loud' })).toContain('NONE, EXECUTION, PERFORMANCE, VERBOSE');
    expect(problem({ EMR_HIVESERVER2_PASSWORD: 'alone-pw' })).toContain('needs its user name too');
  });
});
