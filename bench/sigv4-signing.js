#!/usr/bin/env node
// What SigV4 signing adds to each Livy request sent to an EMR Serverless endpoint (issue 21): the
// kernel signs every request as it is sent, hashing its body with the SDK's SHA-256 (pure
// JavaScript, @aws-crypto/sha256-js), so the cost grows with the body: a poll has none, a statement
// carries its code. Signs in-process with the kernel's own signer (kernel/lib); nothing is sent.
//
//   npm run build:kernel && node bench/sigv4-signing.js [--runs 500] [--out bench/results/sigv4-signing.json]
'use strict';
const fs = require('fs');
const path = require('path');

const { root, option, percentile, machineInfo } = require('./node-bench');
const { SigV4Signer, EMR_SERVERLESS_SIGNING_NAME } = require(path.join(root, 'kernel', 'lib', 'livy', 'sigv4-signer.js'));

const runs = Number(option('runs', '500'));
const out = option('out', path.join(root, 'bench', 'results', 'sigv4-signing.json'));
const URL = 'https://00fabcdefghij123.livy.emr-serverless-services.us-east-1.amazonaws.com';
// A state poll (no body), a one-line cell, a 10 KB notebook cell, and a 1 MB one (the far end).
const CASES = [
  ['GET /sessions/7/statements/3 (no body)', 'GET', '/sessions/7/statements/3', undefined],
  ['POST a statement of 100 B', 'POST', '/sessions/7/statements', 100],
  ['POST a statement of 10 KB', 'POST', '/sessions/7/statements', 10_000],
  ['POST a statement of 1 MB', 'POST', '/sessions/7/statements', 1_000_000]
];

async function main() {
  const signer = new SigV4Signer({ region: 'us-east-1', service: EMR_SERVERLESS_SIGNING_NAME, credentials: async () => ({ accessKeyId: 'AKIDBENCH', secretAccessKey: 'secret' }) });
  const results = [];
  for (const [label, method, route, size] of CASES) {
    const body = size === undefined ? undefined : JSON.stringify({ code: 'x'.repeat(size), kind: 'spark' });
    const request = { method, url: `${URL}${route}`, headers: { Accept: 'application/json', 'X-Requested-By': 'bench' }, body, timeoutMs: 1000 };
    for (let i = 0; i < 20; i++) {
      await signer.sign(request);
    }
    const times = [];
    for (let i = 0; i < runs; i++) {
      const start = process.hrtime.bigint();
      await signer.sign(request);
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    times.sort((a, b) => a - b);
    const row = { case: label, runs, minMs: times[0], p50Ms: percentile(times, 50), p95Ms: percentile(times, 95) };
    results.push(row);
    console.log(`${label.padEnd(40)} min ${row.minMs.toFixed(3)} ms  p50 ${row.p50Ms.toFixed(3)} ms  p95 ${row.p95Ms.toFixed(3)} ms`);
  }
  const report = {
    machine: machineInfo(),
    results
  };
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify(report, null, 2) + '\n');
  console.log(`load ${report.machine.loadAverage.map(load => load.toFixed(2)).join(' ')}; written to ${path.relative(root, out)}`);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
