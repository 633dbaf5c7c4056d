#!/usr/bin/env node
// How long the kernel takes to draw a result's chart as SVG (kernel/src/bundles/chart-svg.ts), the
// static copy that goes out beside the Vega-Lite spec (issue 18). It runs after the table output is
// sent and before the cell finishes, so it is time the user waits for the cell's end.
//
//   npm run build:kernel && node bench/chart-svg.js [--runs 20] [--warmup 3] [--points 1000] [--out bench/results/chart-svg.json]
//
// Needs no stack: the specs are the kernel's own (withChart over a generated 1,000-row result).
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.resolve(__dirname, '..');
const lib = path.join(root, 'kernel', 'lib', 'bundles');
const { renderChartSvg } = require(path.join(lib, 'chart-svg.js'));
const { MAX_CHART_SVG_CHARS } = require(path.join(lib, 'chart-output.js'));
const { withChart } = require(path.join(lib, 'vegalite.js'));
const { VEGA_LITE_MIME_TYPE } = require(path.join(root, 'common', 'lib', 'index.js'));

function option(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? process.argv[index + 1] : fallback;
}

const runs = Number(option('runs', '20'));
const warmup = Number(option('warmup', '3'));
const points = Number(option('points', '1000'));
const out = option('out', path.join(root, 'bench', 'results', 'chart-svg.json'));

/** A result of `points` rows: a category per row, a day per row, two numbers. */
function result() {
  const day = i => new Date(Date.UTC(2024, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
  return {
    schema: {
      fields: [
        { name: 'region', type: 'string' },
        { name: 'day', type: 'date' },
        { name: 'amount', type: 'double' },
        { name: 'units', type: 'bigint' }
      ]
    },
    rows: Array.from({ length: points }, (_, i) => [`region ${i}`, day(i), ((i * 7919) % 1000) / 10, (i * 31) % 97]),
    rowCount: points,
    truncated: false
  };
}

const CHARTS = {
  [`bar, ${points} groups`]: { mark: 'bar', x: 'region', y: 'amount' },
  [`line, ${points} days`]: { mark: 'line', x: 'day', y: 'amount' },
  [`scatter, ${points} points`]: { mark: 'point', x: 'amount', y: 'units' }
};

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function measure(spec) {
  const samples = [];
  let chars = 0;
  for (let i = 0; i < warmup + runs; i += 1) {
    const start = process.hrtime.bigint();
    const svg = await renderChartSvg(spec);
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    chars = svg.length;
    if (i >= warmup) {
      samples.push(ms);
    }
  }
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), min: sorted[0], max: sorted[sorted.length - 1], svgChars: chars, underCap: chars <= MAX_CHART_SVG_CHARS, samples };
}

async function main() {
  const table = result();
  const report = {
    date: new Date().toISOString(),
    machine: `${os.cpus().length} cores (${os.cpus()[0].model.trim()}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}, Node ${process.version}`,
    loadAverage: os.loadavg().map(load => Number(load.toFixed(2))),
    runs,
    warmup,
    capChars: MAX_CHART_SVG_CHARS,
    charts: {}
  };
  for (const [name, request] of Object.entries(CHARTS)) {
    const spec = withChart(table, request).chart[VEGA_LITE_MIME_TYPE];
    const figures = await measure(spec);
    report.charts[name] = figures;
    console.log(`${name}: p50 ${figures.p50.toFixed(1)} ms, p95 ${figures.p95.toFixed(1)} ms, SVG ${Math.ceil(figures.svgChars / 1000)} KB${figures.underCap ? '' : ' (over the cap: not sent)'}`);
  }
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify(report, null, 1) + '\n');
  console.log(`${report.machine}; load ${report.loadAverage.join(' ')}; samples in ${path.relative(root, out)}`);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
