#!/usr/bin/env node
// How long the side panel's refresh takes with 200 EMR clusters (issue 21: under 1 s), through the
// kernel's status service (kernel/lib) as the panel calls it, against a moto of its own: the
// stack's moto is shared with every test, which 200 extra active clusters would disturb.
//
//   npm run build:kernel && node bench/cluster-refresh.js [--clusters 200] [--runs 10] [--warmup 2] [--out bench/results/cluster-refresh.json]
//
// Two figures per run: the cluster list (ListClusters pages of 50, each cluster completed by
// DescribeCluster, as the panel's list and its "Load more" ask) and the same with every cluster's
// detail (DescribeCluster, ListInstanceGroups, ListSteps), as if all 200 were expanded.
'use strict';
const { spawn, execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.resolve(__dirname, '..');
const { StatusService } = require(path.join(root, 'kernel', 'lib', 'emr-status', 'status-service.js'));
const { createAwsClientFactory } = require(path.join(root, 'kernel', 'lib', 'aws', 'aws-clients.js'));
const { Redactor } = require(path.join(root, 'kernel', 'lib', 'redact.js'));
const { EMRClient, RunJobFlowCommand } = require('@aws-sdk/client-emr');

function option(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? process.argv[index + 1] : fallback;
}

const clusters = Number(option('clusters', '200'));
const runs = Number(option('runs', '10'));
const warmup = Number(option('warmup', '2'));
const out = option('out', path.join(root, 'bench', 'results', 'cluster-refresh.json'));
const motoServer = path.join(process.env.STACK_DIR ?? path.join(root, '.stack'), 'venv', 'bin', 'moto_server');
const region = 'us-east-1';

function freePort() {
  const probe = 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{process.stdout.write(String(s.address().port));s.close()})';
  return execFileSync(process.execPath, ['-e', probe], { encoding: 'utf8' }).trim();
}

async function waitFor(url, ms) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) {
        return;
      }
    } catch {
      // not listening yet
    }
    await new Promise(resolve => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not answer within ${ms} ms`);
}

async function seedClusters(emr) {
  for (let i = 0; i < clusters; i++) {
    await emr.send(
      new RunJobFlowCommand({
        Name: `refresh-bench-${String(i).padStart(3, '0')}`,
        ReleaseLabel: 'emr-7.9.0',
        JobFlowRole: 'EMR_EC2_DefaultRole',
        ServiceRole: 'EMR_DefaultRole',
        Applications: [{ Name: 'Spark' }, { Name: 'Livy' }],
        Instances: {
          KeepJobFlowAliveWhenNoSteps: true,
          InstanceGroups: [
            { Name: 'Primary', InstanceRole: 'MASTER', Market: 'ON_DEMAND', InstanceType: 'm5.xlarge', InstanceCount: 1 },
            { Name: 'Core', InstanceRole: 'CORE', Market: 'ON_DEMAND', InstanceType: 'r5.2xlarge', InstanceCount: 2 },
            { Name: 'Task', InstanceRole: 'TASK', Market: 'SPOT', InstanceType: 'r5.2xlarge', InstanceCount: 3 }
          ]
        }
      })
    );
  }
}

function percentile(sorted, q) {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { runs: sorted.length, min: Math.round(sorted[0]), p50: Math.round(percentile(sorted, 0.5)), p95: Math.round(percentile(sorted, 0.95)), max: Math.round(sorted[sorted.length - 1]) };
}

async function main() {
  const port = freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const moto = spawn(motoServer, ['-H', '127.0.0.1', '-p', port], { stdio: 'ignore', env: { ...process.env, AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing' } });
  try {
    await waitFor(`${endpoint}/moto-api/`, 30_000);
    Object.assign(process.env, { AWS_ENDPOINT_URL: endpoint, AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_REGION: region, AWS_EC2_METADATA_DISABLED: 'true' });
    const emr = new EMRClient({ region });
    await seedClusters(emr);
    emr.destroy();

    const status = new StatusService({
      awsClients: createAwsClientFactory(),
      configuredAws: { region },
      livy: () => undefined,
      connector: { connect: () => Promise.reject(new Error('not used')) },
      redactor: new Redactor()
    });
    let next = 0;
    const call = async (method, params) => {
      const reply = await status.handle({ requestId: `b${next++}`, method, params });
      if (!reply.ok) {
        throw new Error(`${method}: ${reply.error.code} ${reply.error.message}`);
      }
      return reply.result;
    };
    const listAll = async () => {
      const listed = [];
      let marker;
      do {
        const page = await call('listClusters', { filter: 'active', marker });
        listed.push(...page.clusters);
        marker = page.marker;
      } while (marker);
      return listed;
    };

    const list = [];
    const withDetails = [];
    for (let run = 0; run < warmup + runs; run++) {
      const started = performance.now();
      const listed = await listAll();
      const listedAt = performance.now();
      const details = await Promise.all(listed.map(c => call('describeCluster', { id: c.id })));
      const ended = performance.now();
      if (listed.length !== clusters || details.some(d => d.instances.kind !== 'groups' || d.instances.groups.length !== 3)) {
        throw new Error(`expected ${clusters} clusters with 3 groups each, got ${listed.length}`);
      }
      if (run >= warmup) {
        list.push(listedAt - started);
        withDetails.push(ended - started);
      }
    }
    const result = {
      machine: { date: new Date().toISOString(), commit: execFileSync('git', ['-C', root, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim(), cpus: os.cpus().length, cpu: os.cpus()[0]?.model, load: os.loadavg().map(l => l.toFixed(2)), node: process.version },
      clusters,
      goalMs: 1000,
      summary: { list: stats(list), listAndDetails: stats(withDetails) },
      samplesMs: { list, listAndDetails: withDetails }
    };
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
    console.log(JSON.stringify(result.summary, null, 2));
  } finally {
    moto.kill();
  }
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
