import { execFileSync } from 'child_process';
import * as path from 'path';

// Integration tests run against the real local stack only. A stack that is down is a failure
// with the command that fixes it, never a skip.
export default async function globalSetup(): Promise<void> {
  const root = path.resolve(__dirname, '..', '..');
  try {
    execFileSync(path.join(root, 'stack', 'run'), ['status'], { stdio: 'pipe' });
  } catch (error) {
    const output = (error as { stdout?: Buffer }).stdout?.toString() ?? String(error);
    throw new Error(`The local stack is not healthy; start it with \`stack/run up\`.\n${output}`, { cause: error });
  }
}
