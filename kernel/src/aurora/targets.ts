import * as fs from 'fs';
import * as path from 'path';
import { allEngines, engineNames, engineOf } from './engines/registry';

import type { AuroraEngine } from './connection';

// A target's engine is the name of an engine module in engines/registry.ts (postgres, mysql).
export type { AuroraEngine } from './connection';

/**
 * A named database connection (`aurora.targets.<name>` in the kernel config, or EMR_AURORA_TARGETS).
 * Connection facts come from the secret when there is one; fields set here override it.
 */
export interface IAuroraTarget {
  name: string;
  engine: AuroraEngine;
  /** A Secrets Manager secret id or ARN in Aurora's JSON shape (username, password, host, port, dbname, engine). */
  secretId?: string;
  /** A file holding the same JSON. */
  secretFile?: string;
  host?: string;
  port?: number;
  database?: string;
  user?: string;
  /** The environment variable holding the password. */
  passwordEnv?: string;
  /** Sign in with an RDS IAM authentication token instead of a password (TLS is then required). */
  iamAuth?: { region?: string };
  /** Region of the secret; the AWS SDK's default otherwise. */
  region?: string;
  /** Connect with TLS; `caBundle` adds a PEM file of trusted CAs (the RDS CA bundle). */
  ssl?: boolean;
  caBundle?: string;
}

const FIELDS: Record<string, 'string' | 'port' | 'boolean' | 'iam'> = {
  engine: 'string',
  secretId: 'string',
  secretFile: 'string',
  host: 'string',
  port: 'port',
  database: 'string',
  user: 'string',
  passwordEnv: 'string',
  iamAuth: 'iam',
  region: 'string',
  ssl: 'boolean',
  caBundle: 'string'
};

const TARGET_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

function fieldProblem(name: string, key: string, value: unknown): string | undefined {
  switch (FIELDS[key]) {
    case undefined:
      return `target "${name}" has an unknown field "${key}" (the fields are ${Object.keys(FIELDS).join(', ')})`;
    case 'string':
      return typeof value === 'string' && value.trim() !== '' ? undefined : `target "${name}": "${key}" must be a non-empty string`;
    case 'port':
      return Number.isInteger(value) && (value as number) > 0 && (value as number) < 65536 ? undefined : `target "${name}": "port" must be a port number`;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `target "${name}": "${key}" must be true or false`;
    case 'iam': {
      const ok = typeof value === 'object' && value !== null && !Array.isArray(value) && Object.entries(value).every(([field, item]) => field === 'region' && typeof item === 'string');
      return ok ? undefined : `target "${name}": "iamAuth" must be an object such as {"region": "eu-west-1"}`;
    }
  }
}

/**
 * Checks the targets object of the config; returns the targets, or the first problem as a sentence
 * fragment for the config's error message.
 */
export function parseTargets(value: unknown): { targets: IAuroraTarget[] } | { problem: string } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { problem: 'it must be a JSON object of named targets' };
  }
  const targets: IAuroraTarget[] = [];
  for (const [name, raw] of Object.entries(value as Record<string, unknown>)) {
    if (!TARGET_NAME.test(name)) {
      return { problem: `the target name "${name}" must be letters, digits, '.', '_' or '-'` };
    }
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      return { problem: `target "${name}" must be an object such as {"engine": "postgres", "secretId": "prod/aurora"}` };
    }
    for (const [key, item] of Object.entries(raw)) {
      const problem = fieldProblem(name, key, item);
      if (problem) {
        return { problem };
      }
    }
    const fields = raw as Omit<IAuroraTarget, 'name' | 'engine'> & { engine?: unknown };
    const engine = engineOf(fields.engine);
    if (!engine) {
      return {
        problem: `target "${name}" needs "engine": ${engineNames()
          .map(known => `"${known}"`)
          .join(' or ')}`
      };
    }
    if (!fields.secretId && !fields.secretFile && !fields.host) {
      return { problem: `target "${name}" needs "secretId", "secretFile" or "host"` };
    }
    targets.push({ ...fields, name, engine });
  }
  return { targets };
}

/**
 * The local stack's databases as targets, present when the kernel runs with `.stack/env.sh` sourced
 * (as scripts/demo starts it), so the demo needs no setup: `silver-pg` and `silver-mysql`.
 */
export function stackTargets(env: NodeJS.ProcessEnv): IAuroraTarget[] {
  const targets: IAuroraTarget[] = [];
  if (env.STACK_PG_SECRET_FILE) {
    targets.push({ name: 'silver-pg', engine: 'postgres', secretFile: env.STACK_PG_SECRET_FILE });
  }
  if (env.STACK_MARIADB_SECRET_FILE) {
    targets.push({ name: 'silver-mysql', engine: 'mysql', secretFile: env.STACK_MARIADB_SECRET_FILE });
  }
  return targets;
}

export type JdbcJars = Partial<Record<AuroraEngine, string>>;

/** The stack's JDBC drivers (.stack/jars), as file:// URIs a Spark session can add. */
export function stackJdbcJars(env: NodeJS.ProcessEnv, list: (dir: string) => string[] = dir => fs.readdirSync(dir)): JdbcJars {
  const dir = env.STACK_JARS_DIR;
  if (!dir) {
    return {};
  }
  let files: string[];
  try {
    files = list(dir);
  } catch {
    return {};
  }
  const find = (pattern: RegExp): string | undefined => {
    const file = files
      .filter(name => pattern.test(name))
      .sort()
      .pop();
    return file ? `file://${path.join(dir, file)}` : undefined;
  };
  return Object.fromEntries(allEngines().map(engine => [engine.name, engine.stackJar && find(engine.stackJar)]));
}

export interface IAuroraSettings {
  targets: IAuroraTarget[];
  /** The target cells use without --target; the first target when unset. */
  defaultTarget?: string;
  /** Per engine, a jar with the JDBC driver that %%silver adds to the Spark session when the driver is missing there. */
  jdbcJars: JdbcJars;
}

/** Configured targets first, then the stack's under names not taken. */
export function mergeTargets(configured: IAuroraTarget[], embedded: IAuroraTarget[]): IAuroraTarget[] {
  const names = new Set(configured.map(target => target.name));
  return [...configured, ...embedded.filter(target => !names.has(target.name))];
}
