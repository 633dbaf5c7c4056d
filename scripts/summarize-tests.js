#!/usr/bin/env node
// Adds up the results every tier wrote (jest JSON, JUnit XML) into the closing line CI reads:
// "N passed, N failed, N skipped". What cannot look green:
// - a tier that wrote no result file, or whose runner crashed before reporting, counts as a failure;
// - a tier that executed zero tests is a failure (a filter or a skip-everything guard ran nothing);
// - under CI, a skipped test is a failure unless test/README.md's "Allowed skips" table lists it
//   with its reason (matched by a part of its full name).
'use strict';
const fs = require('fs');
const path = require('path');

const dir = process.argv[2];
const root = path.join(dir, '..');
const inCi = process.env.CI === 'true';

const expected = ['unit.jest.json', 'integration.jest.json', 'conformance.junit.xml'];
// The UI tier exists once ui-tests/ does; from then on its missing results are a failure too.
if (fs.existsSync(path.join(root, 'ui-tests', 'package.json'))) {
  expected.push('ui.junit.xml');
}
if (fs.existsSync(path.join(root, 'eslint.config.mjs'))) {
  expected.push('lint.eslint.json');
}
if (fs.existsSync(path.join(root, 'scripts', 'test-packages'))) {
  expected.push('packages.junit.xml');
}

/** Each tier's own counts, and the names of the tests it skipped. */
function emptyTier(name) {
  return { name, passed: 0, failed: 0, skipped: [], crashed: 0 };
}

function readJest(file, tier) {
  const report = JSON.parse(fs.readFileSync(file, 'utf8'));
  tier.passed += report.numPassedTests;
  tier.failed += report.numFailedTests;
  for (const suite of report.testResults) {
    // A suite that failed to load has no tests but is still a failure.
    if (suite.status === 'failed' && suite.assertionResults.length === 0) tier.crashed += 1;
    for (const test of suite.assertionResults) {
      if (test.status === 'pending' || test.status === 'todo' || test.status === 'skipped') {
        tier.skipped.push(`${path.relative(root, suite.name)}: ${test.fullName}`);
      }
    }
  }
}

// ESLint's JSON: one check per linted file, failed by any error or warning (the project allows none).
function readEslint(file, tier) {
  for (const result of JSON.parse(fs.readFileSync(file, 'utf8'))) {
    if (result.errorCount + result.warningCount === 0) {
      tier.passed += 1;
      continue;
    }
    tier.failed += 1;
    for (const message of result.messages.slice(0, 3)) {
      console.error(`${path.relative(root, result.filePath)}:${message.line}:${message.column} ${message.message} (${message.ruleId})`);
    }
  }
}

function attribute(attrs, name) {
  const match = attrs.match(new RegExp(`\\b${name}="([^"]*)"`));
  return match ? match[1] : '';
}

function readJunit(file, tier) {
  const xml = fs.readFileSync(file, 'utf8');
  for (const match of xml.matchAll(/<testcase\b([^>]*?)(?:\/>|>([\s\S]*?)<\/testcase>)/g)) {
    const body = match[2] || '';
    const name = `${attribute(match[1], 'classname')}: ${attribute(match[1], 'name')}`;
    if (/<(failure|error)\b/.test(body)) tier.failed += 1;
    else if (/<skipped\b/.test(body)) tier.skipped.push(name);
    else tier.passed += 1;
  }
  // A suite-level error (pytest collection, a Playwright global setup) may carry no test case.
  for (const match of xml.matchAll(/<testsuite\b([^>]*)>/g)) {
    const cases = Number(attribute(match[1], 'tests') || 0);
    const errors = Number(attribute(match[1], 'errors') || 0);
    if (cases === 0 && errors > 0) tier.crashed += errors;
  }
}

/** The rows of test/README.md's "Allowed skips" table: [name part, reason]. */
function allowedSkips() {
  const readme = path.join(root, 'test', 'README.md');
  if (!fs.existsSync(readme)) return [];
  const text = fs.readFileSync(readme, 'utf8');
  const section = text.split(/^## /m).find(part => part.startsWith('Allowed skips'));
  if (!section) return [];
  return section
    .split('\n')
    .filter(line => line.startsWith('|') && !/^\|\s*-/.test(line))
    .slice(1)
    .map(line => line.split('|').map(cell => cell.trim().replace(/^`|`$/g, '')))
    .map(cells => [cells[1], cells[2]])
    .filter(([name, reason]) => name && reason);
}

const tiers = [];
let missing = 0;
const present = fs.existsSync(dir) ? fs.readdirSync(dir) : [];
for (const name of [...new Set([...expected, ...present])].sort()) {
  const file = path.join(dir, name);
  const tierName = name.replace(/\.(jest\.json|junit\.xml|eslint\.json|not-run)$/, '');
  if (name.endsWith('.not-run')) {
    // A tier that could not run here says why; the reason is repeated next to the totals.
    console.log(`${tierName}: ${fs.readFileSync(file, 'utf8').trim()}`);
    continue;
  }
  if (!/\.(jest\.json|eslint\.json|xml)$/.test(name)) continue;
  if (!fs.existsSync(file)) {
    console.error(`no results from ${tierName}: counted as a failure`);
    missing += 1;
    continue;
  }
  const tier = emptyTier(tierName);
  try {
    if (name.endsWith('.jest.json')) readJest(file, tier);
    else if (name.endsWith('.eslint.json')) readEslint(file, tier);
    else readJunit(file, tier);
  } catch (error) {
    console.error(`unreadable results from ${tierName} (${error.message}): counted as a failure`);
    tier.crashed += 1;
  }
  tiers.push(tier);
}

const allowed = allowedSkips();
let passed = 0;
let failed = missing;
let skipped = 0;
for (const tier of tiers) {
  const ran = tier.passed + tier.failed;
  let line = `${tier.name}: ${tier.passed} passed, ${tier.failed} failed`;
  if (tier.skipped.length) line += `, ${tier.skipped.length} skipped`;
  if (tier.crashed) line += `, ${tier.crashed} suite(s) failed to run`;
  if (ran === 0) {
    line += ' (executed no test: counted as a failure)';
    failed += 1;
  }
  console.log(line);
  for (const name of tier.skipped) {
    const reason = allowed.find(([part]) => name.includes(part));
    if (reason) {
      console.log(`  skipped (allowed: ${reason[1]}): ${name}`);
    } else if (inCi) {
      console.log(`  skipped and not in test/README.md's allowed skips, so a failure under CI: ${name}`);
      failed += 1;
    } else {
      console.log(`  skipped (CI would fail it: not in test/README.md's allowed skips): ${name}`);
    }
  }
  passed += tier.passed;
  failed += tier.failed + tier.crashed;
  skipped += tier.skipped.length;
}

const durations = path.join(dir, 'durations.txt');
if (fs.existsSync(durations)) {
  console.log('tier durations:');
  process.stdout.write(fs.readFileSync(durations, 'utf8'));
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
