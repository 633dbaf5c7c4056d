/** The Hive settings as config.ts declares them; hive-config.ts reads their values into an IHiveConfig. */
export type HiveEngine = 'hiveserver2' | 'spark' | 'auto';
export const HIVE_ENGINES: readonly HiveEngine[] = ['hiveserver2', 'spark', 'auto'];

/** Key, environment variable, and the kind config.ts checks. */
export const HIVE_SETTINGS = [
  { key: 'hive.url', env: 'EMR_HIVESERVER2_URL', kind: 'string' },
  { key: 'hive.username', env: 'EMR_HIVESERVER2_USERNAME', kind: 'string' },
  { key: 'hive.password', env: 'EMR_HIVESERVER2_PASSWORD', kind: 'string', secret: true },
  { key: 'hive.engine', env: 'EMR_HIVE_ENGINE', kind: 'string' },
  { key: 'hive.clusterUrls', env: 'EMR_HIVESERVER2_CLUSTER_URLS', kind: 'stringMap' },
  { key: 'hive.clusterPort', env: 'EMR_HIVESERVER2_CLUSTER_PORT', kind: 'positiveInteger' },
  { key: 'hive.operationLogLevel', env: 'EMR_HIVESERVER2_LOG_LEVEL', kind: 'string' }
] as const;
