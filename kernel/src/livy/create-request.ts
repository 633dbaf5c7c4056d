import { CREATE_SESSION_FIELDS, ICreateSessionRequest } from './types';

const STRING_FIELDS = new Set(['kind', 'name', 'proxyUser', 'driverMemory', 'executorMemory', 'queue', 'ttl', 'idleTimeout']);
const INTEGER_FIELDS = new Set(['driverCores', 'executorCores', 'numExecutors', 'heartbeatTimeoutInSecond']);
const LIST_FIELDS = new Set(['jars', 'pyFiles', 'files', 'archives']);
const KINDS = ['spark', 'pyspark', 'sparkr', 'sql', 'shared'];

export type CheckedCreateRequest = { request: ICreateSessionRequest } | { problem: string };

/**
 * Checks a create-session body field by field before Livy sees it, so a typo is reported where
 * it was written. Spark `conf` values may be numbers or booleans and are sent as strings.
 */
export function checkCreateRequest(value: unknown): CheckedCreateRequest {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { problem: 'must be a JSON object such as {"executorMemory": "4g"}' };
  }
  const request: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value as Record<string, unknown>)) {
    if (!(CREATE_SESSION_FIELDS as readonly string[]).includes(key)) {
      return { problem: `has the unknown field "${key}"; Livy's session fields are ${CREATE_SESSION_FIELDS.join(', ')}, and Spark settings go in "conf"` };
    }
    const checked = checkField(key, field);
    if (checked instanceof Problem) {
      return { problem: checked.text };
    }
    request[key] = checked;
  }
  return { request: request as ICreateSessionRequest };
}

class Problem {
  constructor(readonly text: string) {}
}

function checkField(key: string, value: unknown): unknown {
  const problem = (expected: string): Problem => new Problem(`has "${key}": ${JSON.stringify(value)}, but it must be ${expected}`);
  if (STRING_FIELDS.has(key)) {
    if (typeof value !== 'string' || value === '') {
      return problem('a non-empty string');
    }
    return key === 'kind' && !KINDS.includes(value) ? problem(`one of ${KINDS.join(', ')}`) : value;
  }
  if (INTEGER_FIELDS.has(key)) {
    return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : problem('a whole number (0 or more)');
  }
  if (LIST_FIELDS.has(key)) {
    return Array.isArray(value) && value.every(item => typeof item === 'string') ? value : problem('a list of strings (paths or URLs)');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return problem('an object of Spark settings, such as {"spark.executor.memory": "4g"}');
  }
  const conf: Record<string, string> = {};
  for (const [name, setting] of Object.entries(value as Record<string, unknown>)) {
    if (!['string', 'number', 'boolean'].includes(typeof setting)) {
      return problem(`an object of Spark settings with string, number or boolean values (${name} is not)`);
    }
    conf[name] = String(setting);
  }
  return conf;
}
