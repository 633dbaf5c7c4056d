#!/usr/bin/env node
// SQL completion time once the catalog is loaded (issue 20: p95 at most 50 ms), through the cell
// layer (kernel/lib) on the local stack: the notebook's Spark session on Livy, the Thrift server's
// HiveServer2 and the stack's PostgreSQL, with the catalog the kernel keeps.
//
//   source .stack/env.sh && npm run build:kernel && node bench/catalog-completion.js [--runs 200] [--out bench/results/catalog-completion.json]
//
// One Livy session (started by a first %%sql cell, deleted at the end). Each case is first
// completed until it offers its expected name (the catalog's first round trip fills the cache),
// then timed `--runs` times: client-side time of executor.complete(), which is what the kernel's
// complete_request handler awaits (the ZeroMQ hop, under a millisecond here, is not in it).
'use strict';
const fs = require('fs');
const path = require('path');
const { root, option, percentile, machineInfo } = require('./node-bench');
const { createCellLayer } = require(path.join(root, 'kernel', 'lib', 'magics', 'assembly.js'));

const runs = Number(option('runs', '200'));
const out = option('out', path.join(root, 'bench', 'results', 'catalog-completion.json'));

// Each: the cell, the cursor (| in the text) and a name the answer must hold.
const CASES = [
  { name: 'spark: table after FROM', code: '%%sql\nSELECT * FROM silver.e|', expect: 'events' },
  { name: 'spark: column after alias', code: '%%sql\nSELECT s.st| FROM silver.events s', expect: 'status' },
  { name: 'spark: columns of named tables', code: '%%sql\nSELECT sta| FROM silver.events JOIN silver.sessions ON 1 = 1', expect: 'status' },
  { name: 'hiveserver2: column after alias', code: '%%hive\nSELECT e.ev| FROM silver.events e', expect: 'event_id' },
  { name: 'postgres: column after alias', code: '%%aurora --target silver-pg\nSELECT t.table_na| FROM information_schema.tables t', expect: 'table_name' },
  { name: 'keywords only', code: '%%sql\nSELECT * FR|', expect: 'FROM' }
];

async function complete(executor, spec) {
  const cursor = spec.code.indexOf('|');
  const code = spec.code.replace('|', '');
  const started = process.hrtime.bigint();
  const { matches } = await executor.complete(code, [...code.slice(0, cursor)].length);
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, matches };
}

async function main() {
  const cells = createCellLayer();
  const executor = cells.executor;
  // Outputs are not looked at: every method of the sink does nothing.
  const sink = new Proxy({}, { get: () => () => undefined });
  const started = Date.now();
  // The session the Spark catalog reads (the catalog never starts one).
  await executor.execute({ code: '%%sql\nSELECT 1', executionCount: 1, sink, signal: new AbortController().signal, silent: false, storeHistory: false });
  const sessionMs = Date.now() - started;
  const results = [];
  for (const spec of CASES) {
    const warm = Date.now();
    let first;
    for (;;) {
      const answer = await complete(executor, spec);
      first ??= answer.ms;
      if (answer.matches.includes(spec.expect)) {
        break;
      }
      if (Date.now() - warm > 120_000) {
        throw new Error(`${spec.name}: no ${spec.expect} after 120 s (last answer ${JSON.stringify(answer.matches)})`);
      }
      await new Promise(resolve => setTimeout(resolve, 250));
    }
    const samples = [];
    for (let run = 0; run < runs; run += 1) {
      const answer = await complete(executor, spec);
      if (!answer.matches.includes(spec.expect)) {
        throw new Error(`${spec.name}: run ${run} lost ${spec.expect}`);
      }
      samples.push(answer.ms);
    }
    const sorted = [...samples].sort((a, b) => a - b);
    const row = { case: spec.name, firstMs: first, loadedAfterMs: Date.now() - warm, p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted[sorted.length - 1], samples };
    results.push(row);
    console.log(`${spec.name.padEnd(34)} first ${first.toFixed(1).padStart(7)} ms  p50 ${row.p50.toFixed(2).padStart(6)}  p95 ${row.p95.toFixed(2).padStart(6)}  max ${row.max.toFixed(2).padStart(7)} ms`);
  }
  await executor.shutdown(false);
  const machine = machineInfo();
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, `${JSON.stringify({ machine, runs, sessionMs, results }, null, 2)}\n`);
  console.log(`session start ${(sessionMs / 1000).toFixed(1)} s; load ${machine.loadAverage.map(v => v.toFixed(1)).join(' ')}; written to ${out}`);
}

main().then(
  () => process.exit(0),
  error => {
    console.error(error);
    process.exit(1);
  }
);
