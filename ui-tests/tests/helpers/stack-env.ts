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

/** Whether the stack's Livy answers: CI has none (Maven Central serves no Livy 0.9), so specs that need one skip, saying so. */
export async function livyAnswers(): Promise<boolean> {
  const url = stackLivyUrl();
  try {
    return url !== undefined && (await fetch(`${url}/version`, { signal: AbortSignal.timeout(5_000) })).ok;
  } catch {
    return false;
  }
}
