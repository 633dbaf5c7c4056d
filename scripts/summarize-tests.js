#!/usr/bin/env node
// Adds up the results every tier wrote (jest JSON, JUnit XML) into the closing line CI reads:
// "N passed, N failed". A tier that wrote no result file counts as one failure, so a runner
// that crashed before reporting cannot look green.
'use strict';
const fs = require('fs');
const path = require('path');

const dir = process.argv[2];
const expected = ['unit.jest.json', 'integration.jest.json', 'conformance.junit.xml'];
// The UI tier exists once ui-tests/ does; from then on its missing results are a failure too.
if (fs.existsSync(path.join(dir, '..', 'ui-tests', 'package.json'))) {
  expected.push('ui.junit.xml');
}
let passed = 0;
let failed = 0;
let skipped = 0;

function readJest(file) {
  const report = JSON.parse(fs.readFileSync(file, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + report.numTodoTests;
  // A suite that failed to load has no tests but is still a failure.
  failed += report.testResults.filter(r => r.status === 'failed' && r.assertionResults.length === 0).length;
}

function readJunit(file) {
  const xml = fs.readFileSync(file, 'utf8');
  for (const match of xml.matchAll(/<testsuite\b([^>]*)>/g)) {
    const attr = name => Number((match[1].match(new RegExp(`\\b${name}="(\\d+)"`)) || [])[1] || 0);
    const bad = attr('failures') + attr('errors');
    failed += bad;
    skipped += attr('skipped');
    passed += attr('tests') - bad - attr('skipped');
  }
}

const present = fs.existsSync(dir) ? fs.readdirSync(dir) : [];
for (const name of new Set([...expected, ...present])) {
  const file = path.join(dir, name);
  if (name.endsWith('.not-run')) {
    // A tier that could not run here says why; the reason is repeated next to the totals.
    console.log(`${name.replace(/\.not-run$/, '')}: ${fs.readFileSync(file, 'utf8').trim()}`);
  } else if (!fs.existsSync(file)) {
    console.error(`no results from ${name}: counted as a failure`);
    failed += 1;
  } else if (name.endsWith('.jest.json')) {
    readJest(file);
  } else if (name.endsWith('.xml')) {
    readJunit(file);
  }
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
