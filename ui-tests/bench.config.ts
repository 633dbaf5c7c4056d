/**
 * Hand-run Chromium benches (bench/README.md), not a test tier: the UI tests' own JupyterLab and
 * browser settings, with the benches in ui-tests/bench/ and no time limit a bench could hit.
 *
 *   npm --prefix ui-tests exec -- playwright test -c bench.config.ts
 */
import { defineConfig } from '@playwright/test';
import * as path from 'node:path';

import uiTests from './playwright.config';

export default defineConfig({
  ...uiTests,
  testDir: './bench',
  testMatch: '*.bench.ts',
  globalTeardown: path.join(__dirname, 'global-teardown.ts'),
  outputDir: './test-results/bench-artifacts',
  timeout: 60 * 60_000,
  globalTimeout: 2 * 60 * 60_000,
  reporter: [['list']]
});
