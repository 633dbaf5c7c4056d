// What the Node benches share: their --name value options, percentiles and the machine record
// BENCHMARKS.md quotes (date, commit, cores, load).
'use strict';
const { execFileSync } = require('child_process');
const os = require('os');
const path = require('path');

const root = path.resolve(__dirname, '..');

/** The value after --name on the command line, else `fallback`. */
function option(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? process.argv[index + 1] : fallback;
}

/** The p-th percentile of ascending samples (nearest rank). */
function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function machineInfo() {
  return {
    date: new Date().toISOString(),
    commit: execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root }).toString().trim(),
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    loadAverage: os.loadavg(),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`
  };
}

module.exports = { root, option, percentile, machineInfo };
