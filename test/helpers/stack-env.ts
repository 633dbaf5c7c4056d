import * as fs from 'fs';
import * as path from 'path';

/** What `stack/run up` renders into .stack/env.sh, read without a shell. */
export interface IStackEnv {
  [name: string]: string;
}

export const STACK_DIR = process.env.STACK_DIR ?? path.resolve(__dirname, '..', '..', '.stack');

export function loadStackEnv(): IStackEnv {
  const file = path.join(STACK_DIR, 'env.sh');
  const env: IStackEnv = {};
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const match = /^export ([A-Z0-9_]+)="(.*)"$/.exec(line);
    if (match) {
      // stack/run escapes the quotes of JSON values (EMR_LIVY_CLUSTER_URLS) as a shell would read them.
      env[match[1]] = match[2].replace(/\\(["\\$`])/g, '$1');
    }
  }
  return env;
}

/** Aurora's secret JSON shape, as written to .stack/secrets/*.json and seeded into Secrets Manager. */
export interface IDatabaseSecret {
  username: string;
  password: string;
  host: string;
  port: number;
  dbname: string;
  engine: 'postgres' | 'mysql';
}

export function readSecret(file: string): IDatabaseSecret {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as IDatabaseSecret;
}

/** The ids stack/aws/seed.py created in the emulator (.stack/seed.json). */
export interface ISeed {
  endpoint: string;
  region: string;
  accountId: string;
  emr: {
    clusterId: string;
    clusterName: string;
    releaseLabel: string;
    stepIds: string[];
    steps: { id: string; name: string; state: string }[];
  };
  emrContainers: {
    virtualClusterId: string;
    virtualClusterName: string;
    jobRuns: { id: string; name: string; state: string }[];
  };
  /** Absent in a seed.json written before the seed made an EMR Serverless application. */
  emrServerless?: {
    applicationId: string;
    applicationName: string;
    releaseLabel: string;
    architecture: string;
    /** Oldest first. */
    jobRuns: { id: string; name: string; state: string }[];
  };
  secrets: Record<'postgres' | 'mariadb', { name: string; arn: string; file: string }>;
  s3: { bucket: string; key: string; gzipKey: string; lines: number; bytes: number };
  livyUrls: Record<string, string>;
}

export function readSeed(file: string): ISeed {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as ISeed;
}
