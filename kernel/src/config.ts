import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DEFAULT_CHARTS, DefaultChart, ISqlResultSettings } from '@jupyterlab-emr/common';
import { ConfigError } from './core/errors';
import { IBackoffOptions, STATEMENT_POLL } from './livy/backoff';
import { checkCreateRequest } from './livy/create-request';
import { basicAuthorization } from './livy/http';
import { ICreateSessionRequest } from './livy/types';
import { Redactor, registerUrlCredentials } from './redact';
import { hiveConfig, IHiveConfig } from './hive/hive-config';
import { HIVE_SETTINGS } from './hive/hive-settings';
import { IAuroraSettings, IAuroraTarget, mergeTargets, parseTargets, stackJdbcJars, stackTargets } from './aurora/targets';

/** The magic a cell without one runs as. */
export type DefaultMagic = 'scala' | 'pyspark' | 'sql' | 'hive';

export interface ILivyEndpointConfig {
  /** Where cells run until %connect says otherwise; undefined until LIVY_URL or the file sets it. */
  url?: string;
  username?: string;
  password?: string;
  /** Sent on every request (a gateway's token, a tenant header). */
  headers: Record<string, string>;
  /** Path of a PEM bundle of extra trusted CAs, and its contents. */
  caBundle?: string;
  caPem?: string;
  insecure: boolean;
  requestTimeoutMs: number;
  /** X-Requested-By, which Livy's CSRF protection requires on POST and DELETE. */
  requestedBy: string;
}

export interface ISessionConfig {
  namePrefix: string;
  startTimeoutMs: number;
  keepOnShutdown: boolean;
  /**
   * Ask Livy for the session as the kernel starts, so the first cell waits only for what remains.
   * Unset, only a kernel a Jupyter server started for a notebook or console does (it sets
   * JPY_SESSION_NAME): not the side panel's own kernel, nor a papermill or nbclient run, whose
   * first cell comes at once anyway.
   */
  startWithKernel: boolean;
  heartbeatTimeoutSeconds: number;
  /** Sent as the session's idleTimeout to Livy 0.9+. */
  idleTimeout?: string;
  /** The server's livy.server.session.timeout, which Livy does not report; shown by %%info. */
  serverIdleTimeout?: string;
  /** The create-session body every new session starts from; %%configure changes it per notebook. */
  defaults: ICreateSessionRequest;
  cancelWaitMs: number;
}

export interface IEmrConfig {
  region?: string;
  profile?: string;
  /** "emr.endpoint": where EMR and EMR on EKS calls go (an emulator) unless an AWS_ENDPOINT_URL* variable says. */
  endpoint?: string;
  livyPort: number;
  livyScheme: 'auto' | 'http' | 'https';
  /** Cluster id → Livy URL, for clusters whose primary node name does not resolve (an emulator's). */
  clusterLivyUrls: Record<string, string>;
  /** EMR Serverless application id → Livy URL, instead of AWS's Livy endpoint name (a proxy, a test). */
  serverlessLivyUrls: Record<string, string>;
  /** The IAM role EMR Serverless runs a notebook's Livy sessions as. */
  serverlessExecutionRoleArn?: string;
  /** How long %connect waits for a stopped EMR Serverless application to start. */
  serverlessStartTimeoutMs: number;
}

export interface IKernelConfig {
  livy: ILivyEndpointConfig;
  session: ISessionConfig;
  emr: IEmrConfig;
  /** %%aurora and %%silver: named database targets and the JDBC jars for Spark. */
  aurora: IAuroraSettings;
  /** %%hive: HiveServer2 endpoint, credentials and engine. */
  hive: IHiveConfig;
  defaultMagic: DefaultMagic;
  poll: IBackoffOptions;
  /** Livy's livy.rsc.sql.num-rows: a result of exactly this many rows may be cut short. */
  sqlServerRowLimit: number;
  /** -n from which %%sql fetches the first rows with the compact fetch instead of Livy's sql kind; 0: never. */
  sqlCompactFetchRows: number;
  /** %%sql results: default limit and chart; JupyterLab's settings override them per kernel. */
  sqlResults: ISqlResultSettings;
  progressDelayMs: number;
  sparkJobProgress: boolean;
  completionTimeoutMs: number;
  /** Shown once in the first cell's output and logged. */
  warnings: string[];
  /** The config file that was read, if any. */
  file?: string;
}

/** Named as the protocol layer's main.ts imports it. */
export type KernelConfig = IKernelConfig;

/** A configuration problem: one paragraph naming the setting, where it came from, and what is valid. */
type Kind = 'string' | 'url' | 'boolean' | 'positiveInteger' | 'nonNegativeInteger' | 'factor' | 'duration' | 'stringMap' | 'createRequest' | 'magic' | 'scheme' | 'path' | 'auroraTargets' | 'chart';

interface ISetting {
  /** Dotted path in the config file. */
  key: string;
  /** Environment variable, when there is one. */
  env?: string;
  kind: Kind;
  secret?: boolean;
}

/** Every setting: where it is read from and what it must look like. The README documents this table. */
export const SETTINGS: readonly ISetting[] = [
  { key: 'livy.url', env: 'LIVY_URL', kind: 'url' },
  { key: 'livy.username', env: 'EMR_LIVY_USERNAME', kind: 'string' },
  { key: 'livy.password', env: 'EMR_LIVY_PASSWORD', kind: 'string', secret: true },
  { key: 'livy.headers', env: 'EMR_LIVY_HEADERS', kind: 'stringMap', secret: true },
  { key: 'livy.caBundle', env: 'EMR_LIVY_CA_BUNDLE', kind: 'path' },
  { key: 'livy.insecure', env: 'EMR_LIVY_INSECURE', kind: 'boolean' },
  { key: 'livy.requestTimeoutMs', env: 'EMR_LIVY_REQUEST_TIMEOUT_MS', kind: 'positiveInteger' },
  { key: 'defaultMagic', env: 'EMR_LIVY_DEFAULT_MAGIC', kind: 'magic' },
  { key: 'session.namePrefix', env: 'EMR_LIVY_SESSION_NAME_PREFIX', kind: 'string' },
  { key: 'session.startTimeoutSeconds', env: 'EMR_LIVY_SESSION_START_TIMEOUT_S', kind: 'positiveInteger' },
  { key: 'session.keepOnShutdown', env: 'EMR_LIVY_KEEP_SESSION', kind: 'boolean' },
  { key: 'session.startWithKernel', env: 'EMR_LIVY_START_SESSION_WITH_KERNEL', kind: 'boolean' },
  { key: 'session.heartbeatTimeoutSeconds', env: 'EMR_LIVY_HEARTBEAT_TIMEOUT_S', kind: 'nonNegativeInteger' },
  { key: 'session.idleTimeout', env: 'EMR_LIVY_IDLE_TIMEOUT', kind: 'duration' },
  { key: 'session.serverIdleTimeout', env: 'EMR_LIVY_SERVER_IDLE_TIMEOUT', kind: 'duration' },
  { key: 'session.defaults', env: 'EMR_LIVY_SESSION_DEFAULTS', kind: 'createRequest' },
  { key: 'session.cancelWaitSeconds', env: 'EMR_LIVY_CANCEL_WAIT_S', kind: 'nonNegativeInteger' },
  { key: 'emr.region', kind: 'string' },
  { key: 'emr.profile', kind: 'string' },
  { key: 'emr.endpoint', kind: 'url' },
  { key: 'emr.livyPort', env: 'EMR_LIVY_CLUSTER_LIVY_PORT', kind: 'positiveInteger' },
  { key: 'emr.livyScheme', env: 'EMR_LIVY_CLUSTER_LIVY_SCHEME', kind: 'scheme' },
  { key: 'emr.clusterLivyUrls', env: 'EMR_LIVY_CLUSTER_URLS', kind: 'stringMap' },
  { key: 'emr.serverlessLivyUrls', env: 'EMR_SERVERLESS_LIVY_URLS', kind: 'stringMap' },
  { key: 'emr.serverlessExecutionRoleArn', env: 'EMR_SERVERLESS_EXECUTION_ROLE_ARN', kind: 'string' },
  { key: 'emr.serverlessStartTimeoutSeconds', env: 'EMR_SERVERLESS_START_TIMEOUT_S', kind: 'positiveInteger' },
  { key: 'aurora.targets', env: 'EMR_AURORA_TARGETS', kind: 'auroraTargets' },
  { key: 'aurora.defaultTarget', env: 'EMR_AURORA_DEFAULT_TARGET', kind: 'string' },
  { key: 'aurora.jdbcJars', env: 'EMR_AURORA_JDBC_JARS', kind: 'stringMap' },
  { key: 'sql.serverRowLimit', env: 'EMR_LIVY_SQL_ROW_LIMIT', kind: 'nonNegativeInteger' },
  { key: 'sql.compactFetchRows', env: 'EMR_LIVY_SQL_COMPACT_FETCH_ROWS', kind: 'nonNegativeInteger' },
  { key: 'sql.defaultLimit', env: 'EMR_LIVY_SQL_LIMIT', kind: 'positiveInteger' },
  { key: 'sql.defaultChart', env: 'EMR_LIVY_SQL_DEFAULT_CHART', kind: 'chart' },
  { key: 'sql.chartOverFullData', env: 'EMR_LIVY_SQL_CHART_FULL_DATA', kind: 'boolean' },
  { key: 'sql.catalogCompletion', env: 'EMR_LIVY_SQL_CATALOG_COMPLETION', kind: 'boolean' },
  { key: 'poll.initialMs', kind: 'positiveInteger' },
  { key: 'poll.factor', kind: 'factor' },
  { key: 'poll.maxMs', kind: 'positiveInteger' },
  { key: 'progressDelayMs', env: 'EMR_LIVY_PROGRESS_DELAY_MS', kind: 'nonNegativeInteger' },
  { key: 'sparkJobProgress', env: 'EMR_LIVY_SPARK_JOB_PROGRESS', kind: 'boolean' },
  { key: 'completionTimeoutMs', env: 'EMR_LIVY_COMPLETION_TIMEOUT_MS', kind: 'positiveInteger' },
  ...HIVE_SETTINGS
];

const DESCRIPTIONS: Record<Kind, string> = {
  string: 'a non-empty string',
  url: 'an http:// or https:// URL',
  boolean: 'true or false',
  positiveInteger: 'a whole number above 0',
  nonNegativeInteger: 'a whole number, 0 or more',
  factor: 'a number of at least 1',
  duration: 'a Livy duration such as 30m, 2h or 600s',
  stringMap: 'a JSON object of strings, such as {"X-Token": "…"}',
  createRequest: 'a Livy create-session JSON object, such as {"executorMemory": "4g"}',
  magic: 'one of scala, pyspark, sql, hive',
  scheme: 'one of auto, http, https',
  path: 'the path of a readable file',
  auroraTargets: 'a JSON object of named targets, such as {"prod": {"engine": "postgres", "secretId": "prod/aurora"}}',
  chart: `one of ${DEFAULT_CHARTS.join(', ')}`
};

type Value = string | number | boolean | Record<string, string> | ICreateSessionRequest | IAuroraTarget[];

const NOT_VALID = Symbol('not valid');

function parseValue(kind: Kind, raw: unknown, fromEnv: boolean): Value | typeof NOT_VALID {
  const text = typeof raw === 'string' ? raw.trim() : undefined;
  switch (kind) {
    case 'string':
    case 'path':
      return text ? text : NOT_VALID;
    case 'url':
      return text && /^https?:\/\/[^\s/]+/i.test(text) && URL.canParse(text) ? text.replace(/\/+$/, '') : NOT_VALID;
    case 'boolean':
      if (typeof raw === 'boolean') {
        return raw;
      }
      return text && /^(true|1|yes|on)$/i.test(text) ? true : text && /^(false|0|no|off)$/i.test(text) ? false : NOT_VALID;
    case 'positiveInteger':
    case 'nonNegativeInteger': {
      const number = typeof raw === 'number' ? raw : text && /^\d+$/.test(text) ? Number(text) : NaN;
      return Number.isSafeInteger(number) && number >= (kind === 'positiveInteger' ? 1 : 0) ? number : NOT_VALID;
    }
    case 'factor': {
      const number = typeof raw === 'number' ? raw : Number(text);
      return Number.isFinite(number) && number >= 1 ? number : NOT_VALID;
    }
    case 'duration':
      return text && /^\d+\s*(ms|s|m|min|h|d)$/i.test(text) ? text.replace(/\s+/g, '') : NOT_VALID;
    case 'magic':
      return text && ['scala', 'spark', 'pyspark', 'sql', 'hive'].includes(text.toLowerCase()) ? (text.toLowerCase() === 'spark' ? 'scala' : text.toLowerCase()) : NOT_VALID;
    case 'scheme':
      return text && ['auto', 'http', 'https'].includes(text.toLowerCase()) ? text.toLowerCase() : NOT_VALID;
    case 'chart':
      return text && (DEFAULT_CHARTS as readonly string[]).includes(text.toLowerCase()) ? text.toLowerCase() : NOT_VALID;
    case 'auroraTargets': {
      const parsed = parseTargets(fromEnv ? parseJson(text) : raw);
      return 'targets' in parsed ? parsed.targets : NOT_VALID;
    }
    case 'stringMap':
    case 'createRequest': {
      let value = raw;
      if (fromEnv) {
        try {
          value = JSON.parse(text ?? '');
        } catch {
          return NOT_VALID;
        }
      }
      if (kind === 'createRequest') {
        const checked = checkCreateRequest(value);
        return 'request' in checked ? checked.request : NOT_VALID;
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.values(value).every(item => typeof item === 'string')) {
        return NOT_VALID;
      }
      return value as Record<string, string>;
    }
  }
}

/** JSON text from the environment, or a value no setting accepts. */
function parseJson(text: string | undefined): unknown {
  try {
    return JSON.parse(text ?? '');
  } catch {
    return NOT_VALID;
  }
}

function describeProblem(setting: ISetting, raw: unknown, source: string): string {
  const shown = setting.secret ? '(value hidden)' : JSON.stringify(raw);
  let detail = DESCRIPTIONS[setting.kind];
  if (setting.kind === 'auroraTargets') {
    const parsed = parseTargets(typeof raw === 'string' ? parseJson(raw) : raw);
    detail = 'problem' in parsed ? `${detail}; ${parsed.problem}` : detail;
  }
  if (setting.kind === 'createRequest') {
    let value = raw;
    try {
      value = typeof raw === 'string' ? JSON.parse(raw) : raw;
    } catch {
      detail = `${detail} (it is not valid JSON)`;
    }
    const checked = checkCreateRequest(value);
    if ('problem' in checked) {
      detail = `${detail}; this one ${checked.problem}`;
    }
  }
  return `${source} ${shown} is not valid: it must be ${detail}. Fix it and restart the kernel; until then cells that need Livy report this.`;
}

/** Walks the file's JSON, checking every key against SETTINGS so a typo is named, not ignored. */
function flattenFile(value: unknown, file: string, prefix = ''): Map<string, unknown> {
  const found = new Map<string, unknown>();
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigError(`The kernel config file ${file} must hold a JSON object${prefix ? ` at "${prefix.slice(0, -1)}"` : ''}.`);
  }
  for (const [name, item] of Object.entries(value as Record<string, unknown>)) {
    const key = `${prefix}${name}`;
    if (SETTINGS.some(setting => setting.key === key)) {
      found.set(key, item);
    } else if (SETTINGS.some(setting => setting.key.startsWith(`${key}.`))) {
      for (const [nested, nestedValue] of flattenFile(item, file, `${key}.`)) {
        found.set(nested, nestedValue);
      }
    } else {
      const siblings = SETTINGS.filter(setting => setting.key.startsWith(prefix) && setting.key !== key).map(setting => setting.key.slice(prefix.length).split('.')[0]);
      throw new ConfigError(
        `The kernel config file ${file} has an unknown setting "${key}". ${prefix ? `Under "${prefix.slice(0, -1)}" the settings are` : 'The top-level settings are'} ` +
          `${[...new Set(siblings)].join(', ')}; kernel/README.md describes them.`
      );
    }
  }
  return found;
}

export interface IConfigSources {
  env: NodeJS.ProcessEnv;
  /** Secrets read from the config are registered here the moment they are read. */
  redactor: Redactor;
  homeDir?: string;
  readFile?: (file: string) => string;
}

/** Where the config file is: EMR_LIVY_CONFIG, else ~/.config/emr-livy/config.json if it exists. */
export function configFilePath(env: NodeJS.ProcessEnv, homeDir: string): { file: string; required: boolean } {
  if (env.EMR_LIVY_CONFIG) {
    return { file: env.EMR_LIVY_CONFIG, required: true };
  }
  const base = env.XDG_CONFIG_HOME ? env.XDG_CONFIG_HOME : path.join(homeDir, '.config');
  return { file: path.join(base, 'emr-livy', 'config.json'), required: false };
}

/**
 * The kernel's settings: built-in defaults, overridden by the config file, overridden by the
 * environment. Everything is validated here, once, so the rest of the kernel trusts it.
 */
export function loadKernelConfig(sources: IConfigSources): KernelConfig {
  const { env } = sources;
  const readFile = sources.readFile ?? ((file: string) => fs.readFileSync(file, 'utf8'));
  const values = new Map<string, Value>();
  const { file, required } = configFilePath(env, sources.homeDir ?? os.homedir());
  let fileText: string | undefined;
  try {
    fileText = readFile(file);
  } catch (error) {
    if (required || (error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new ConfigError(`Cannot read the kernel config file ${file} (${(error as Error).message}). ${required ? 'EMR_LIVY_CONFIG names it; fix the path or unset it.' : ''}`.trim());
    }
  }
  if (fileText !== undefined) {
    let json: unknown;
    try {
      json = JSON.parse(fileText);
    } catch (error) {
      throw new ConfigError(`The kernel config file ${file} is not valid JSON: ${(error as Error).message}.`);
    }
    for (const [key, raw] of flattenFile(json, file)) {
      const setting = SETTINGS.find(candidate => candidate.key === key) as ISetting;
      const value = parseValue(setting.kind, raw, false);
      if (value === NOT_VALID) {
        throw new ConfigError(describeProblem(setting, raw, `The setting "${key}" in ${file},`));
      }
      values.set(key, value);
    }
  }
  for (const setting of SETTINGS) {
    const raw = setting.env ? env[setting.env] : undefined;
    if (raw === undefined || raw === '') {
      continue;
    }
    const value = parseValue(setting.kind, raw, true);
    if (value === NOT_VALID) {
      throw new ConfigError(describeProblem(setting, raw, `The environment variable ${setting.env},`));
    }
    values.set(setting.key, value);
  }
  const config = build(values, env);
  config.file = fileText !== undefined ? file : undefined;
  if (config.livy.caBundle) {
    try {
      config.livy.caPem = readFile(config.livy.caBundle);
    } catch (error) {
      throw new ConfigError(`Cannot read the CA bundle ${config.livy.caBundle} (${(error as Error).message}); it is set by EMR_LIVY_CA_BUNDLE or "livy.caBundle".`);
    }
  }
  registerSecrets(config, sources.redactor);
  return config;
}

function build(values: Map<string, Value>, env: NodeJS.ProcessEnv): KernelConfig {
  const get = <T extends Value>(key: string): T | undefined => values.get(key) as T | undefined;
  const livy: ILivyEndpointConfig = {
    url: get<string>('livy.url'),
    username: get<string>('livy.username'),
    password: get<string>('livy.password'),
    headers: get<Record<string, string>>('livy.headers') ?? {},
    caBundle: get<string>('livy.caBundle'),
    insecure: get<boolean>('livy.insecure') ?? false,
    requestTimeoutMs: get<number>('livy.requestTimeoutMs') ?? 30_000,
    requestedBy: 'jupyterlab-emr'
  };
  const warnings: string[] = [];
  if (livy.insecure) {
    warnings.push(
      'TLS certificate checks for Livy are off (EMR_LIVY_INSECURE): anyone on the network path could read or change what the kernel sends, ' +
        'credentials included. For a private CA, set EMR_LIVY_CA_BUNDLE instead.'
    );
  }
  if (livy.password && livy.url?.startsWith('http://')) {
    warnings.push(`The Livy password goes over plain http to ${livy.url}; use an https:// URL where the network is not private.`);
  }
  if ((livy.username === undefined) !== (livy.password === undefined)) {
    throw new ConfigError('Livy basic authentication needs both EMR_LIVY_USERNAME and EMR_LIVY_PASSWORD ("livy.username" and "livy.password"); only one is set.');
  }
  return {
    livy,
    session: {
      namePrefix: (get<string>('session.namePrefix') ?? 'emr-livy').replace(/[^A-Za-z0-9_-]+/g, '-'),
      startTimeoutMs: (get<number>('session.startTimeoutSeconds') ?? 600) * 1000,
      keepOnShutdown: get<boolean>('session.keepOnShutdown') ?? false,
      startWithKernel: get<boolean>('session.startWithKernel') ?? Boolean(env.JPY_SESSION_NAME),
      heartbeatTimeoutSeconds: get<number>('session.heartbeatTimeoutSeconds') ?? 900,
      idleTimeout: get<string>('session.idleTimeout'),
      serverIdleTimeout: get<string>('session.serverIdleTimeout'),
      defaults: { kind: 'spark', ...get<ICreateSessionRequest>('session.defaults') },
      cancelWaitMs: (get<number>('session.cancelWaitSeconds') ?? 15) * 1000
    },
    emr: {
      region: env.AWS_REGION || env.AWS_DEFAULT_REGION || get<string>('emr.region'),
      profile: env.AWS_PROFILE || get<string>('emr.profile'),
      // The AWS_ENDPOINT_URL* variables win over it per service, in awsEndpointOverride.
      endpoint: get<string>('emr.endpoint'),
      livyPort: get<number>('emr.livyPort') ?? 8998,
      livyScheme: (get<string>('emr.livyScheme') as IEmrConfig['livyScheme']) ?? 'auto',
      clusterLivyUrls: get<Record<string, string>>('emr.clusterLivyUrls') ?? {},
      serverlessLivyUrls: get<Record<string, string>>('emr.serverlessLivyUrls') ?? {},
      serverlessExecutionRoleArn: get<string>('emr.serverlessExecutionRoleArn'),
      // Starting an application takes a minute or two on AWS; a pre-initialized one, seconds.
      serverlessStartTimeoutMs: (get<number>('emr.serverlessStartTimeoutSeconds') ?? 300) * 1000
    },
    aurora: {
      targets: mergeTargets(get<IAuroraTarget[]>('aurora.targets') ?? [], stackTargets(env)),
      defaultTarget: get<string>('aurora.defaultTarget'),
      jdbcJars: { ...stackJdbcJars(env), ...get<Record<string, string>>('aurora.jdbcJars') }
    },
    defaultMagic: (get<string>('defaultMagic') as DefaultMagic) ?? 'scala',
    poll: {
      initialMs: get<number>('poll.initialMs') ?? STATEMENT_POLL.initialMs,
      factor: get<number>('poll.factor') ?? STATEMENT_POLL.factor,
      maxMs: get<number>('poll.maxMs') ?? STATEMENT_POLL.maxMs
    },
    sqlServerRowLimit: get<number>('sql.serverRowLimit') ?? 1000,
    // Below ~20,000 rows the sql kind is as fast and needs no compiled object (BENCHMARKS.md).
    sqlCompactFetchRows: get<number>('sql.compactFetchRows') ?? 20_000,
    sqlResults: {
      defaultLimit: get<number>('sql.defaultLimit') ?? 1000,
      defaultChart: (get<string>('sql.defaultChart') as DefaultChart) ?? 'auto',
      chartOverFullData: get<boolean>('sql.chartOverFullData') ?? true,
      catalogCompletion: get<boolean>('sql.catalogCompletion') ?? true
    },
    progressDelayMs: get<number>('progressDelayMs') ?? 1000,
    sparkJobProgress: get<boolean>('sparkJobProgress') ?? true,
    completionTimeoutMs: get<number>('completionTimeoutMs') ?? 3000,
    hive: hiveConfig(get),
    warnings
  };
}

function registerSecrets(config: KernelConfig, redactor: Redactor): void {
  const { username, password, headers } = config.livy;
  redactor.register(password);
  redactor.register(config.hive.password);
  registerUrlCredentials(redactor, config.livy.url);
  if (username !== undefined && password !== undefined) {
    redactor.register(basicAuthorization(username, password));
    redactor.register(basicAuthorization(username, password).slice('Basic '.length));
  }
  for (const value of Object.values(headers)) {
    redactor.register(value);
  }
}

/** The configuration when nothing is set at all: what the kernel runs with if loading fails. */
export function defaultKernelConfig(): KernelConfig {
  return build(new Map(), {});
}
