#!/usr/bin/env node
// How long the side panel's refresh takes with 200 EMR clusters (issue 21: under 1 s), through the
// kernel's status service (kernel/lib) as the panel calls it, against a moto of its own: the
// stack's moto is shared with every test, which 200 extra active clusters would disturb.
//
//   npm run build:kernel && node bench/cluster-refresh.js [--clusters 200] [--runs 10] [--warmup 2] [--out bench/results/cluster-refresh.json]
//
// Every refresh lists all 200 clusters with their instance groups in the panel's two steps: the rows
// (ListClusters pages of 50, as the panel's list and its "Load more" ask), then clusterDetails for
// the rows the kernel could not complete from its cache. Figures per run, with the AWS calls made:
//  - first rows: a kernel that knows no cluster yet, until every row is there (ListClusters alone),
//    and until the first batch of rows has its groups;
//  - first: the same refresh until all 200 have their groups (a DescribeCluster and a
//    ListInstanceGroups each);
//  - next: the refresh after it, nothing changed (what the cache is for);
//  - steady: refreshes 30 s apart (the panel's default interval) on a clock the bench moves, with
//    the kernel's own max age, so each lists again some of the groups whose age ran out;
//  - all aged: a cache whose groups are always past their age, so each page lists again as many
//    as the kernel allows per page (the most a refresh of unchanged clusters can cost).
'use strict';
const { spawn, execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const { root, option, percentile, machineInfo } = require('./node-bench');
const { StatusService } = require(path.join(root, 'kernel', 'lib', 'emr-status', 'status-service.js'));
const { createAwsClientFactory } = require(path.join(root, 'kernel', 'lib', 'aws', 'aws-clients.js'));
const { Redactor } = require(path.join(root, 'kernel', 'lib', 'redact.js'));
const { Ec2Clusters } = require(path.join(root, 'kernel', 'lib', 'aws', 'emr-ec2.js'));
const { ClusterCache } = require(path.join(root, 'kernel', 'lib', 'aws', 'cluster-cache.js'));
const { EMRClient, RunJobFlowCommand } = require('@aws-sdk/client-emr');

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

function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { runs: sorted.length, min: Math.round(sorted[0]), p50: Math.round(percentile(sorted, 50)), p95: Math.round(percentile(sorted, 95)), max: Math.round(sorted[sorted.length - 1]) };
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

    const clients = createAwsClientFactory();
    const calls = {};
    // Counts the EMR calls each refresh makes, at the SDK client the kernel uses.
    const awsClients = target => {
      const built = clients(target);
      if (!built.emr.countedByBench) {
        const send = built.emr.send.bind(built.emr);
        built.emr.send = (command, ...rest) => {
          calls[command.constructor.name] = (calls[command.constructor.name] ?? 0) + 1;
          return send(command, ...rest);
        };
        built.emr.countedByBench = true;
      }
      return built;
    };
    const newKernel = () =>
      new StatusService({
        awsClients,
        configuredAws: { region },
        livy: () => undefined,
        connector: { connect: () => Promise.reject(new Error('not used')) },
        redactor: new Redactor()
      });
    // A refresh as the panel makes it: every ListClusters page (the rows, drawn at once), then the
    // rows left detailsPending, DETAILS_BATCH ids a request and one request at a time, as
    // src/panel/model.ts asks them. Times both: to the rows, and to the last row's groups.
    const DETAILS_BATCH = 8;
    const twoSteps = (listPage, details) => async () => {
      const started = performance.now();
      const rows = [];
      let marker;
      do {
        const page = await listPage(marker);
        rows.push(...page.clusters);
        marker = page.marker;
      } while (marker);
      const rowsMs = performance.now() - started;
      const pending = rows.filter(c => c.detailsPending).map(c => c.id);
      const completed = new Map();
      let firstBatchMs;
      for (let start = 0; start < pending.length; start += DETAILS_BATCH) {
        for (const cluster of await details(pending.slice(start, start + DETAILS_BATCH))) {
          completed.set(cluster.id, cluster);
        }
        firstBatchMs ??= performance.now() - started;
      }
      return { rowsMs, firstBatchMs, listed: rows.map(row => completed.get(row.id) ?? row) };
    };
    let next = 0;
    const ask = async (status, method, params) => {
      const reply = await status.handle({ requestId: `b${next++}`, method, params });
      if (!reply.ok) {
        throw new Error(`${method}: ${reply.error.code} ${reply.error.message}`);
      }
      return reply.result;
    };
    // Through the status service, as the comm calls it.
    const refreshOf = status =>
      twoSteps(
        marker => ask(status, 'listClusters', { filter: 'active', marker }),
        async ids => (await ask(status, 'clusterDetails', { ids })).clusters
      );
    // The same refresh through the kernel's own classes, with a cache of the bench's choosing.
    const refreshWith = ec2 =>
      twoSteps(
        marker => ec2.list('active', marker),
        ids => ec2.details(ids, 'moto')
      );
    const listExpiring = refreshWith(new Ec2Clusters(awsClients({ region }).emr, new ClusterCache({ instancesMaxAgeMs: 0 })));
    let clock = Date.now();
    const listSteady = refreshWith(new Ec2Clusters(awsClients({ region }).emr, new ClusterCache({ now: () => clock })));
    // `samples` gets the time to the last row's groups; `early`, if given, the times to the rows and
    // to the first batch of rows with their groups.
    const timed = async (samples, counted, refresh, early) => {
      for (const name of Object.keys(calls)) {
        delete calls[name];
      }
      const started = performance.now();
      const { rowsMs, firstBatchMs, listed } = await refresh();
      samples.push(performance.now() - started);
      early?.rows.push(rowsMs);
      early?.firstBatch.push(firstBatchMs);
      if (listed.length !== clusters || listed.some(c => c.instances?.kind !== 'groups' || c.instances.groups.length !== 3 || !c.releaseLabel)) {
        throw new Error(`expected ${clusters} clusters with a release label and 3 groups each, got ${listed.length}`);
      }
      Object.assign(counted, calls);
    };

    const samples = { firstRows: [], firstBatch: [], first: [], next: [], steady: [], allAged: [] };
    const callsPerRefresh = { first: {}, next: {}, steady: [], allAged: {} };
    await listExpiring(); // its facts, once, as a kernel that has run a while has them
    await listSteady();
    for (let run = 0; run < warmup + runs; run++) {
      const kept = run >= warmup ? samples : { firstRows: [], firstBatch: [], first: [], next: [], steady: [], allAged: [] };
      const status = newKernel();
      const refresh = refreshOf(status);
      await timed(kept.first, callsPerRefresh.first, refresh, { rows: kept.firstRows, firstBatch: kept.firstBatch });
      await timed(kept.next, callsPerRefresh.next, refresh);
      await timed(kept.allAged, callsPerRefresh.allAged, listExpiring);
      // Two steady refreshes per run: 20 runs of 30 s cover the 1 to 3 min max ages a few times over.
      for (let tick = 0; tick < 2; tick++) {
        clock += 30_000;
        const steadyCalls = {};
        await timed(kept.steady, steadyCalls, listSteady);
        if (run >= warmup) {
          callsPerRefresh.steady.push(steadyCalls);
        }
      }
    }
    callsPerRefresh.steady = {
      ListClustersCommand: callsPerRefresh.steady[0]?.ListClustersCommand,
      DescribeClusterCommand: callsPerRefresh.steady.reduce((sum, c) => sum + (c.DescribeClusterCommand ?? 0), 0),
      ListInstanceGroupsCommandPerRefresh: callsPerRefresh.steady.map(c => c.ListInstanceGroupsCommand ?? 0)
    };
    const result = {
      machine: machineInfo(),
      clusters,
      goalMs: 1000,
      summary: { firstRows: stats(samples.firstRows), firstBatch: stats(samples.firstBatch), first: stats(samples.first), next: stats(samples.next), steady: stats(samples.steady), allAged: stats(samples.allAged) },
      callsPerRefresh,
      samplesMs: samples
    };
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
    console.log(JSON.stringify({ summary: result.summary, callsPerRefresh }, null, 2));
  } finally {
    moto.kill();
  }
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
