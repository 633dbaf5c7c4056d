import * as fs from 'node:fs';
import * as path from 'node:path';

/** `export NAME="value"` lines of the stack's env.sh; the file is rendered by stack/run, so the grammar is fixed. */
export function readStackEnv(file: string): Record<string, string> {
  if (!fs.existsSync(file)) {
    throw new Error(`${file} is missing: run scripts/setup and stack/run up first.`);
  }
  const env: Record<string, string> = {};
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const match = /^export ([A-Za-z_][A-Za-z0-9_]*)="(.*)"$/.exec(line.trim());
    if (match) {
      env[match[1]] = match[2].replace(/\\(["\\$`])/g, '$1');
    }
  }
  return env;
}

/** The stack's folder: STACK_DIR, or .stack beside ui-tests/. */
export const STACK_DIR = process.env.STACK_DIR ?? path.resolve(__dirname, '..', '..', '..', '.stack');

/** The stack's Livy URL, from its env.sh. */
export function stackLivyUrl(): string | undefined {
  return readStackEnv(path.join(STACK_DIR, 'env.sh')).LIVY_URL;
}

/**
 * Fails, with the command that fixes it, unless the stack's Livy answers: a spec that needs Livy
 * runs wherever the stack is up (CI builds Livy from source), and never skips.
 */
export async function requireLivy(): Promise<void> {
  const url = stackLivyUrl();
  let answer = 'LIVY_URL is not in .stack/env.sh';
  if (url !== undefined) {
    try {
      const response = await fetch(`${url}/version`, { signal: AbortSignal.timeout(5_000) });
      if (response.ok) {
        return;
      }
      answer = `GET ${url}/version answered ${response.status}`;
    } catch (error) {
      answer = `${url} does not answer (${String(error)})`;
    }
  }
  throw new Error(`this spec needs the stack's Livy: ${answer}; start it with \`stack/run up livy\`.`);
}
