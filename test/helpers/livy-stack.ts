import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { KernelConfig, loadKernelConfig } from '../../kernel/src/config';
import { ICellExecutor } from '../../kernel/src/core/executor';
import { createCellExecutor } from '../../kernel/src/magics/cell-executor';
import { Redactor } from '../../kernel/src/redact';
import { loadStackEnv } from './stack-env';

type Json = Record<string, unknown>;

/** The local stack's Livy, called directly: how integration tests check what the kernel did. */
export async function livyRest(method: string, route: string, body?: Json): Promise<{ status: number; json: Json }> {
  const response = await fetch(`${loadStackEnv().LIVY_URL}${route}`, {
    method,
    headers: { 'Content-Type': 'application/json', 'X-Requested-By': 'jupyterlab-emr-tests' },
    body: body === undefined ? undefined : JSON.stringify(body)
  });
  const text = await response.text();
  return { status: response.status, json: text.startsWith('{') ? (JSON.parse(text) as Json) : { text } };
}

/**
 * A kernel config for the local stack, as the kernel would load it from its environment, with
 * no user config file and session names that say which test file made them.
 */
export function stackConfig(testName: string, env: Record<string, string> = {}): KernelConfig {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'emr-livy-home-'));
  return loadKernelConfig({
    env: { ...loadStackEnv(), EMR_LIVY_SESSION_NAME_PREFIX: `it-${testName}`, ...env },
    redactor: new Redactor(),
    homeDir: home
  });
}

export function stackExecutor(testName: string, env: Record<string, string> = {}): ICellExecutor {
  return createCellExecutor(stackConfig(testName, env));
}

/** Polls until `probe` gives a value, failing after `limitMs`. */
export async function eventually<T>(what: string, limitMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${limitMs} ms waiting for ${what}`);
    }
    await new Promise(resolve => setTimeout(resolve, 500));
  }
}
