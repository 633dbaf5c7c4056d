import * as fs from 'node:fs';

/** Removes the scratch server root playwright.config.ts made (fixture copies, settings, workspaces). */
export default function globalTeardown(): void {
  const root = process.env.EMR_UI_ROOT;
  if (root && /emr-ui-tests-/.test(root)) {
    fs.rmSync(root, { recursive: true, force: true });
  }
}
