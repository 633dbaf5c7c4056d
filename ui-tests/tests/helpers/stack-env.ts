import * as fs from 'node:fs';

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
