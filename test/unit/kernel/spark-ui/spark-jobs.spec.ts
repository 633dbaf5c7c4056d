import { sparkJobsBundle, sparkSummaryBundle } from '../../../../kernel/src/bundles/spark-progress';
import { sparkUiFromLog } from '../../../../kernel/src/livy/session-manager';
import { FetchJson, SparkJobs, summarizeJobs } from '../../../../kernel/src/spark-ui/spark-jobs';

const UI = 'http://127.0.0.1:4040';

function stage(stageId: number, status: string, numTasks: number, done: number, extra: Record<string, number> = {}) {
  return { stageId, attemptId: 0, name: `stage ${stageId} at <console>:1`, status, numTasks, numActiveTasks: numTasks - done, numCompleteTasks: done, numFailedTasks: 0, ...extra };
}

function fakeSpark(routes: Record<string, unknown>): { fetch: FetchJson; asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    fetch: async url => {
      asked.push(url);
      if (!(url in routes)) {
        throw new Error(`${url} answered 404`);
      }
      return routes[url];
    }
  };
}

const APP = `${UI}/api/v1/applications/local-1`;

describe('SparkJobs', () => {
  const routes = {
    [`${UI}/api/v1/applications`]: [
      { id: 'local-0', name: 'someone-else' },
      { id: 'local-1', name: 'nb-session' }
    ],
    [`${APP}/jobs`]: [
      { jobId: 3, name: 'collect at <console>:25', description: 'Job group for statement 7', jobGroup: '7', status: 'RUNNING', stageIds: [4, 5] },
      { jobId: 2, name: 'count at <console>:24', description: 'the count', jobGroup: '7', status: 'SUCCEEDED', stageIds: [3] },
      { jobId: 1, name: 'other statement', jobGroup: '6', status: 'SUCCEEDED', stageIds: [2] }
    ],
    [`${APP}/stages/3?details=false`]: [stage(3, 'COMPLETE', 4, 4, { inputBytes: 2048 })],
    [`${APP}/stages/4?details=false`]: [stage(4, 'FAILED', 8, 2, { numFailedTasks: 1 }), { ...stage(4, 'COMPLETE', 8, 8, { shuffleWriteBytes: 4096 }), attemptId: 1 }],
    [`${APP}/stages/5?details=false`]: [stage(5, 'ACTIVE', 200, 50)]
  };

  it("takes the statement's jobs (Livy's job group is the statement id), oldest first, each stage at its latest attempt", async () => {
    const { fetch } = fakeSpark(routes);
    const jobs = await new SparkJobs(UI, { name: 'nb-session' }, fetch).ofStatement(7);
    expect(jobs.map(job => [job.jobId, job.description, job.status])).toEqual([
      [2, 'the count', 'SUCCEEDED'],
      [3, 'collect at <console>:25', 'RUNNING']
    ]);
    expect(jobs[1].stages.map(s => [s.stageId, s.attemptId, s.status, s.done, s.total])).toEqual([
      [4, 1, 'COMPLETE', 8, 8],
      [5, 0, 'ACTIVE', 50, 200]
    ]);
  });

  it('finds its application by the session name once, and uses an id it is given without asking', async () => {
    const named = fakeSpark(routes);
    const jobs = new SparkJobs(UI, { name: 'nb-session' }, named.fetch);
    await jobs.ofStatement(7);
    await jobs.ofStatement(7);
    expect(named.asked.filter(url => url.endsWith('/applications'))).toHaveLength(1);
    const byId = fakeSpark(routes);
    await new SparkJobs(UI, { id: 'local-1' }, byId.fetch).ofStatement(7);
    expect(byId.asked.some(url => url.endsWith('/applications'))).toBe(false);
  });

  it('refuses a UI serving several applications, none of them the session', async () => {
    const { fetch } = fakeSpark(routes);
    await expect(new SparkJobs(UI, { name: 'not-there' }, fetch).ofStatement(7)).rejects.toThrow(/no application named not-there/);
  });

  it('sums tasks, failures and bytes over distinct stages, leaving skipped stages out', async () => {
    const { fetch } = fakeSpark(routes);
    const jobs = await new SparkJobs(UI, { name: 'nb-session' }, fetch).ofStatement(7);
    const skipped = { ...jobs[1], stages: [...jobs[1].stages, { ...jobs[1].stages[0], stageId: 9, status: 'SKIPPED', done: 0 }] };
    expect(summarizeJobs([jobs[0], skipped, jobs[0]])).toEqual({ jobs: 3, stages: 3, tasks: 62, failedTasks: 0, inputBytes: 2048, shuffleReadBytes: 0, shuffleWriteBytes: 4096 });
  });

  it('shows one block per job with its stages, counts and Spark UI links, and collapses into a summary line', async () => {
    const { fetch } = fakeSpark(routes);
    const spark = new SparkJobs(UI, { name: 'nb-session' }, fetch);
    const jobs = await spark.ofStatement(7);
    const running = sparkJobsBundle(jobs, 3000, spark);
    expect(String(running['text/plain'])).toContain('Job 3 running: collect at <console>:25\n  Stage 4 [####################] 8/8 tasks\n  Stage 5 [#####...............] 50/200 tasks, 150 running');
    expect(String(running['text/html'])).toContain(`href="${UI}/stages/stage/?id=5&amp;attempt=0"`);
    expect(String(running['text/html'])).toContain(`href="${UI}/jobs/job/?id=3"`);
    const done = sparkSummaryBundle('cancelled', summarizeJobs(jobs), jobs, 65_000, spark);
    expect(String(done['text/plain'])).toBe(
      `Statement cancelled after 1 min 05 s · 2 jobs, 3 stages, 62 tasks, 2.0 KB read, 4.0 KB shuffled · cancelled job 3 (collect at <console>:25) · Spark UI: ${UI}/jobs/job/?id=3`
    );
  });
});

describe('sparkUiFromLog', () => {
  it("reads a local driver's UI address from Spark 3's log line, or the older one", () => {
    expect(sparkUiFromLog(['INFO Utils: started', '26/12/07 05:55:37 INFO JettyUtils: Start Jetty 127.0.0.1:4041 for SparkUI'])).toBe('http://127.0.0.1:4041');
    expect(
      sparkUiFromLog([
        'INFO JettyUtils: Start Jetty 127.0.0.1:4040 for SparkUI',
        "WARN Utils: Service 'SparkUI' could not bind on port 4040. Attempting port 4041.",
        "INFO Utils: Successfully started service 'SparkUI' on port 4041."
      ])
    ).toBe('http://127.0.0.1:4041');
    expect(sparkUiFromLog(['INFO SparkUI: Bound SparkUI to 0.0.0.0, and started at http://10.0.0.5:4040'])).toBe('http://10.0.0.5:4040');
    expect(sparkUiFromLog(['INFO Utils: Successfully started service on port 4040.'])).toBeUndefined();
  });
});
