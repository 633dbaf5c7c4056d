import * as path from 'path';
import { configFilePath, KernelConfig, loadKernelConfig } from '../../../kernel/src/config';
import { ConfigError } from '../../../kernel/src/core/errors';
import { Redactor } from '../../../kernel/src/redact';

const HOME = '/home/analyst';
const FILE = path.join(HOME, '.config', 'emr-livy', 'config.json');

function load(env: NodeJS.ProcessEnv, files: Record<string, string> = {}, redactor = new Redactor()): KernelConfig {
  return loadKernelConfig({
    env,
    redactor,
    homeDir: HOME,
    readFile: file => {
      if (!(file in files)) {
        throw Object.assign(new Error(`ENOENT: no such file or directory, open '${file}'`), { code: 'ENOENT' });
      }
      return files[file];
    }
  });
}

function problem(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).evalue;
  }
  throw new Error('expected a ConfigError');
}

describe('loadKernelConfig', () => {
  it('has working defaults when nothing is set', () => {
    const config = load({});
    expect(config.livy).toMatchObject({ url: undefined, insecure: false, requestTimeoutMs: 30_000, headers: {} });
    expect(config.session).toMatchObject({ namePrefix: 'emr-livy', keepOnShutdown: false, heartbeatTimeoutSeconds: 900, defaults: { kind: 'spark' }, startTimeoutMs: 600_000 });
    expect(config.defaultMagic).toBe('scala');
    expect(config.sqlServerRowLimit).toBe(1000);
    expect(config.warnings).toEqual([]);
    expect(config.file).toBeUndefined();
  });

  it("starts the session with the kernel for a Jupyter server's notebook or console only, unless told", () => {
    expect(load({}).session.startWithKernel).toBe(false);
    expect(load({ JPY_SESSION_NAME: 'etl.ipynb' }).session.startWithKernel).toBe(true);
    expect(load({ JPY_SESSION_NAME: 'etl.ipynb', EMR_LIVY_START_SESSION_WITH_KERNEL: 'false' }).session.startWithKernel).toBe(false);
    expect(load({ EMR_LIVY_START_SESSION_WITH_KERNEL: 'true' }).session.startWithKernel).toBe(true);
  });

  it('reads the file, and lets the environment override it', () => {
    const file = JSON.stringify({
      livy: { url: 'https://file-livy:8998/', requestTimeoutMs: 5000 },
      session: { keepOnShutdown: true, defaults: { executorMemory: '4g', conf: { 'spark.x': 1 } }, idleTimeout: '2h' },
      defaultMagic: 'pyspark',
      emr: { endpoint: 'http://file-moto:5000', clusterLivyUrls: { 'j-ABC': 'http://127.0.0.1:8998' } }
    });
    const config = load({ LIVY_URL: 'http://env-livy:8998', EMR_LIVY_KEEP_SESSION: 'false', AWS_REGION: 'eu-west-1', AWS_ENDPOINT_URL: 'http://127.0.0.1:5000' }, { [FILE]: file });
    expect(config.file).toBe(FILE);
    expect(config.livy.url).toBe('http://env-livy:8998');
    expect(config.livy.requestTimeoutMs).toBe(5000);
    expect(config.session.keepOnShutdown).toBe(false);
    expect(config.session.defaults).toEqual({ kind: 'spark', executorMemory: '4g', conf: { 'spark.x': '1' } });
    expect(config.session.idleTimeout).toBe('2h');
    expect(config.defaultMagic).toBe('pyspark');
    // The AWS_ENDPOINT_URL* variables override "emr.endpoint" per service, in awsEndpointOverride.
    expect(config.emr).toMatchObject({ region: 'eu-west-1', endpoint: 'http://file-moto:5000', clusterLivyUrls: { 'j-ABC': 'http://127.0.0.1:8998' } });
  });

  it('reads the file EMR_LIVY_CONFIG names, and fails when it is missing', () => {
    expect(load({ EMR_LIVY_CONFIG: '/etc/emr.json' }, { '/etc/emr.json': '{"livy": {"url": "http://x:1"}}' }).livy.url).toBe('http://x:1');
    expect(problem(() => load({ EMR_LIVY_CONFIG: '/etc/missing.json' }))).toMatch(/Cannot read the kernel config file \/etc\/missing\.json .*EMR_LIVY_CONFIG names it/);
  });

  it('follows XDG_CONFIG_HOME', () => {
    expect(configFilePath({ XDG_CONFIG_HOME: '/xdg' }, HOME)).toEqual({ file: '/xdg/emr-livy/config.json', required: false });
  });

  it('names an unknown setting in the file and lists its valid neighbours', () => {
    expect(problem(() => load({}, { [FILE]: '{"livy": {"uri": "http://x"}}' }))).toBe(
      `The kernel config file ${FILE} has an unknown setting "livy.uri". Under "livy" the settings are url, username, password, headers, caBundle, insecure, requestTimeoutMs; kernel/README.md describes them.`
    );
    expect(problem(() => load({}, { [FILE]: '{"livyUrl": "http://x"}' }))).toMatch(
      /unknown setting "livyUrl"\. The top-level settings are livy, defaultMagic, session, emr, aurora, sql, poll, progressDelayMs, sparkJobProgress, completionTimeoutMs/
    );
  });

  it.each([
    ['LIVY_URL', 'livy-host:8998', /LIVY_URL, "livy-host:8998" is not valid: it must be an http:\/\/ or https:\/\/ URL/],
    ['EMR_LIVY_INSECURE', 'maybe', /must be true or false/],
    ['EMR_LIVY_REQUEST_TIMEOUT_MS', '0', /a whole number above 0/],
    ['EMR_LIVY_DEFAULT_MAGIC', 'r', /one of scala, pyspark, sql, hive/],
    ['EMR_LIVY_IDLE_TIMEOUT', 'forever', /a Livy duration such as 30m/],
    ['EMR_LIVY_HEADERS', '{"X-Token": 5}', /\(value hidden\) is not valid/],
    ['EMR_LIVY_SESSION_DEFAULTS', '{"executorMemroy": "4g"}', /unknown field "executorMemroy"/],
    ['EMR_LIVY_SESSION_DEFAULTS', '{not json', /it is not valid JSON/]
  ])('rejects %s=%s, saying what is valid', (name, value, message) => {
    expect(problem(() => load({ [name]: value }))).toMatch(message);
  });

  it('needs both halves of basic authentication', () => {
    expect(problem(() => load({ EMR_LIVY_USERNAME: 'analyst' }))).toMatch(/needs both EMR_LIVY_USERNAME and EMR_LIVY_PASSWORD/);
  });

  it('registers the password, the Authorization value and header values as secrets', () => {
    const redactor = new Redactor();
    load({ LIVY_URL: 'https://livy:8998', EMR_LIVY_USERNAME: 'analyst', EMR_LIVY_PASSWORD: 'hunter2-pass', EMR_LIVY_HEADERS: '{"X-Token": "tok-123456"}' }, {}, redactor);
    const basic = Buffer.from('analyst:hunter2-pass').toString('base64');
    expect(redactor.redact(`hunter2-pass ${basic} tok-123456`)).toBe('*** *** ***');
  });

  it('warns when TLS checks are off, and when a password would travel over plain http', () => {
    const config = load({ LIVY_URL: 'http://livy:8998', EMR_LIVY_INSECURE: 'true', EMR_LIVY_USERNAME: 'a', EMR_LIVY_PASSWORD: 'secret-1' });
    expect(config.warnings).toHaveLength(2);
    expect(config.warnings[0]).toMatch(/TLS certificate checks for Livy are off/);
    expect(config.warnings[1]).toMatch(/plain http/);
  });

  it('reads the CA bundle it is given', () => {
    const config = load({ EMR_LIVY_CA_BUNDLE: '/etc/ca.pem' }, { '/etc/ca.pem': '-----BEGIN CERTIFICATE-----' });
    expect(config.livy.caPem).toBe('-----BEGIN CERTIFICATE-----');
    expect(problem(() => load({ EMR_LIVY_CA_BUNDLE: '/nope.pem' }))).toMatch(/Cannot read the CA bundle \/nope\.pem/);
  });
});
