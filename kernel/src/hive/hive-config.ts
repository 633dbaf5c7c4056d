import { ConfigError } from '../core/errors';
import { Hs2LogLevel } from './hs2-client';
import { HIVESERVER2_DEFAULT_PORT, IHs2Endpoint, parseHs2Endpoint } from './hs2-endpoint';
import { HIVE_ENGINES, HiveEngine } from './hive-settings';

const LOG_LEVELS: readonly Hs2LogLevel[] = ['NONE', 'EXECUTION', 'PERFORMANCE', 'VERBOSE'];

export interface IHiveConfig {
  /** The HiveServer2 every %%hive cell uses, when set. */
  endpoint?: IHs2Endpoint;
  username?: string;
  password?: string;
  /** What %%hive runs on without --engine; unset: HiveServer2 when an endpoint is known, else Spark. */
  engine?: HiveEngine;
  /** Cluster id → HiveServer2, used instead of the primary node's name (an emulator's names do not resolve). */
  clusterEndpoints: Record<string, IHs2Endpoint>;
  /** HiveServer2's port on a cluster's primary node. */
  clusterPort: number;
  logLevel: Hs2LogLevel;
}

type Getter = <T extends string | number | Record<string, string>>(key: string) => T | undefined;

function endpointOf(setting: string, text: string): IHs2Endpoint {
  const parsed = parseHs2Endpoint(text);
  if ('problem' in parsed) {
    throw new ConfigError(`The HiveServer2 endpoint in ${setting} is not valid: ${parsed.problem}. Fix it and restart the kernel.`);
  }
  return parsed;
}

function oneOf<T extends string>(setting: string, value: string | undefined, choices: readonly T[], normalise: (text: string) => string): T | undefined {
  if (value === undefined) {
    return undefined;
  }
  const normalised = normalise(value) as T;
  if (!choices.includes(normalised)) {
    throw new ConfigError(`${setting} "${value}" is not valid: it must be one of ${choices.join(', ')}. Fix it and restart the kernel.`);
  }
  return normalised;
}

/** The Hive part of the kernel config, checked once like the rest. */
export function hiveConfig(get: Getter): IHiveConfig {
  const url = get<string>('hive.url');
  const username = get<string>('hive.username');
  const password = get<string>('hive.password');
  if (password !== undefined && username === undefined) {
    throw new ConfigError('A HiveServer2 password (EMR_HIVESERVER2_PASSWORD, "hive.password") needs its user name too: set EMR_HIVESERVER2_USERNAME ("hive.username").');
  }
  const clusterUrls = get<Record<string, string>>('hive.clusterUrls') ?? {};
  return {
    endpoint: url === undefined ? undefined : endpointOf('EMR_HIVESERVER2_URL ("hive.url")', url),
    username,
    password,
    engine: oneOf('EMR_HIVE_ENGINE ("hive.engine")', get<string>('hive.engine'), HIVE_ENGINES, text => text.toLowerCase()),
    clusterEndpoints: Object.fromEntries(
      Object.entries(clusterUrls).map(([clusterId, text]) => [clusterId.toUpperCase(), endpointOf(`EMR_HIVESERVER2_CLUSTER_URLS ("hive.clusterUrls") for ${clusterId}`, text)])
    ),
    clusterPort: get<number>('hive.clusterPort') ?? HIVESERVER2_DEFAULT_PORT,
    logLevel: oneOf('EMR_HIVESERVER2_LOG_LEVEL ("hive.operationLogLevel")', get<string>('hive.operationLogLevel'), LOG_LEVELS, text => text.toUpperCase()) ?? 'EXECUTION'
  };
}
