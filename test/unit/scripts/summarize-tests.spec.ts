import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// The closing line CI reads comes from scripts/summarize-tests.js: these run it on result folders
// laid out as scripts/test leaves them, with a README whose allowed-skips table it reads.
const SCRIPT = path.resolve(__dirname, '..', '..', '..', 'scripts', 'summarize-tests.js');

const README = `# Tests

## Allowed skips

| test | reason |
| --- | --- |
| \`needs root for the socket\` | only root can switch it off |

## Next section
`;

interface IJestTest {
  fullName: string;
  status: 'passed' | 'failed' | 'pending';
}

function jestReport(tests: IJestTest[], file = 'test/x.spec.ts'): string {
  const count = (status: string) => tests.filter(test => test.status === status).length;
  return JSON.stringify({
    numPassedTests: count('passed'),
    numFailedTests: count('failed'),
    numPendingTests: count('pending'),
    numTodoTests: 0,
    testResults: tests.length ? [{ name: `/checkout/${file}`, status: count('failed') ? 'failed' : 'passed', assertionResults: tests }] : []
  });
}

const JUNIT_OK =
  '<testsuites><testsuite name="c" tests="2" failures="0" errors="0" skipped="0"><testcase classname="t" name="a"/><testcase classname="t" name="b"></testcase></testsuite></testsuites>';

function summarize(results: Record<string, string>, ci: boolean): { status: number | null; lines: string[] } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'summarize-'));
  fs.mkdirSync(path.join(root, 'test'));
  fs.writeFileSync(path.join(root, 'test', 'README.md'), README);
  const dir = path.join(root, '.test-results');
  fs.mkdirSync(dir);
  for (const [name, text] of Object.entries(results)) {
    // Jest names suites by absolute path; the fixtures say /checkout/ for the checkout's root.
    fs.writeFileSync(path.join(dir, name), text.replaceAll('/checkout/', `${root}/`));
  }
  const run = spawnSync(process.execPath, [SCRIPT, dir], { encoding: 'utf8', env: { ...process.env, CI: ci ? 'true' : '' } });
  fs.rmSync(root, { recursive: true, force: true });
  return { status: run.status, lines: `${run.stdout}${run.stderr}`.trim().split('\n') };
}

const passing = (names: string[]): IJestTest[] => names.map(fullName => ({ fullName, status: 'passed' }));

describe('scripts/summarize-tests.js', () => {
  const base = {
    'unit.jest.json': jestReport(passing(['a', 'b', 'c'])),
    'integration.jest.json': jestReport(passing(['d'])),
    'conformance.junit.xml': JUNIT_OK
  };

  it('adds up every tier into the closing line and exits 0 when all passed', () => {
    const { status, lines } = summarize(base, true);
    expect(lines[lines.length - 1]).toBe('6 passed, 0 failed, 0 skipped');
    expect(lines).toContain('unit: 3 passed, 0 failed');
    expect(status).toBe(0);
  });

  it('fails a tier that executed no test', () => {
    const { status, lines } = summarize({ ...base, 'integration-livy.jest.json': jestReport([]) }, false);
    expect(lines).toContain('integration-livy: 0 passed, 0 failed (executed no test: counted as a failure)');
    expect(lines[lines.length - 1]).toBe('6 passed, 1 failed, 0 skipped');
    expect(status).toBe(1);
  });

  it('under CI, fails a skipped test that the allowed-skips table does not list, and passes one it lists', () => {
    const tests: IJestTest[] = [...passing(['e']), { fullName: 'suite needs root for the socket', status: 'pending' }, { fullName: 'suite needs Livy', status: 'pending' }];
    const { status, lines } = summarize({ ...base, 'integration-livy.jest.json': jestReport(tests) }, true);
    expect(lines).toContain('  skipped (allowed: only root can switch it off): test/x.spec.ts: suite needs root for the socket');
    expect(lines).toContain("  skipped and not in test/README.md's allowed skips, so a failure under CI: test/x.spec.ts: suite needs Livy");
    expect(lines[lines.length - 1]).toBe('7 passed, 1 failed, 2 skipped');
    expect(status).toBe(1);
  });

  it('outside CI, reports an unlisted skip without failing the run', () => {
    const tests: IJestTest[] = [...passing(['e']), { fullName: 'suite needs Livy', status: 'pending' }];
    const { status, lines } = summarize({ ...base, 'integration-livy.jest.json': jestReport(tests) }, false);
    expect(lines[lines.length - 1]).toBe('7 passed, 0 failed, 1 skipped');
    expect(status).toBe(0);
  });

  it('reads JUnit skips, failures and errors per test case, and fails a tier whose results are missing', () => {
    const junit =
      '<testsuites><testsuite tests="4" failures="1" errors="1" skipped="1">' +
      '<testcase classname="ui" name="ok"/><testcase classname="ui" name="bad"><failure message="x"/></testcase>' +
      '<testcase classname="ui" name="broken"><error message="y"/></testcase><testcase classname="ui" name="later"><skipped/></testcase>' +
      '</testsuite></testsuites>';
    const { unit, integration } = { unit: base['unit.jest.json'], integration: base['integration.jest.json'] };
    const { status, lines } = summarize({ 'unit.jest.json': unit, 'integration.jest.json': integration, 'conformance.junit.xml': junit }, false);
    expect(lines).toContain('conformance: 1 passed, 2 failed, 1 skipped');
    expect(lines[lines.length - 1]).toBe('5 passed, 2 failed, 1 skipped');
    expect(status).toBe(1);
    const missing = summarize({ 'unit.jest.json': unit, 'integration.jest.json': integration }, false);
    expect(missing.lines).toContain('no results from conformance: counted as a failure');
    expect(missing.status).toBe(1);
  });

  it('counts each file ESLint checked, failing one with any warning, and names the finding', () => {
    const eslint = JSON.stringify([
      { filePath: '/checkout/kernel/src/a.ts', errorCount: 0, warningCount: 0, messages: [] },
      { filePath: '/checkout/kernel/src/b.ts', errorCount: 0, warningCount: 1, messages: [{ line: 3, column: 7, message: 'x is unused', ruleId: 'no-unused-vars' }] }
    ]);
    const { status, lines } = summarize({ ...base, 'lint.eslint.json': eslint }, false);
    expect(lines).toContain('lint: 1 passed, 1 failed');
    expect(lines).toContain('kernel/src/b.ts:3:7 x is unused (no-unused-vars)');
    expect(status).toBe(1);
  });

  it('repeats the reason of a tier that could not run, and the durations scripts/test noted', () => {
    const { lines } = summarize({ ...base, 'integration-livy.not-run': 'not run: no Livy here\n', 'durations.txt': '  unit                 1 min 05 s\n' }, false);
    expect(lines).toContain('integration-livy: not run: no Livy here');
    expect(lines).toContain('  unit                 1 min 05 s');
  });
});
