import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { KernelConfig, loadKernelConfig } from '../../kernel/src/config';
import { ICellExecutor } from '../../kernel/src/core/cell-layer';
import { createCellExecutor } from '../../kernel/src/magics/assembly';
import { Redactor } from '../../kernel/src/redact';
import { loadStackEnv } from './stack-env';

type Json = Record<string, unknown>;

/** The local stack's Livy (or `baseUrl`, its 0.8), called directly: how integration tests check what the kernel did. */
export async function livyRest(method: string, route: string, body?: Json, baseUrl = loadStackEnv().LIVY_URL): Promise<{ status: number; json: Json }> {
  const response = await fetch(`${baseUrl}${route}`, {
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

/**
 * The id of the session's newest statement once Livy runs it and its code is the one `isOurs`
 * expects, so a test interrupts a statement that really runs, not one still queued.
 */
export function runningStatement(sessionId: number, isOurs: (code: string) => boolean, baseUrl?: string, limitMs = 60_000): Promise<number> {
  return eventually('the long statement to run', limitMs, async () => {
    const { json } = await livyRest('GET', `/sessions/${sessionId}/statements?order=desc&size=1`, undefined, baseUrl);
    const [latest] = json.statements as Json[];
    return latest?.state === 'running' && isOurs(String(latest.code)) ? (latest.id as number) : undefined;
  });
}
