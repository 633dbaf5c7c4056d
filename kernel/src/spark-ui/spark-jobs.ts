/**
 * A statement's Spark jobs, read from the driver's monitoring REST API (/api/v1) while it runs:
 * Livy runs each statement in the job group named by the statement's id, so the jobs of that
 * group are the statement's.
 */

/** The fields of the API's JobData this module reads. */
interface IJobData {
  jobId: number;
  name: string;
  description?: string;
  jobGroup?: string;
  status: string;
  stageIds: number[];
  submissionTime?: string;
}

/** The fields of the API's StageData this module reads (one per stage attempt). */
interface IStageData {
  stageId: number;
  attemptId: number;
  name: string;
  status: string;
  numTasks: number;
  numActiveTasks: number;
  numCompleteTasks: number;
  numFailedTasks: number;
  inputBytes?: number;
  shuffleReadBytes?: number;
  shuffleWriteBytes?: number;
}

export interface IStageProgress {
  stageId: number;
  attemptId: number;
  name: string;
  /** ACTIVE, COMPLETE, PENDING, SKIPPED or FAILED, as Spark says. */
  status: string;
  total: number;
  done: number;
  running: number;
  failed: number;
  inputBytes: number;
  shuffleReadBytes: number;
  shuffleWriteBytes: number;
}

export interface IJobProgress {
  jobId: number;
  description: string;
  /** RUNNING, SUCCEEDED, FAILED or UNKNOWN. */
  status: string;
  stages: IStageProgress[];
}

export interface IJobsSummary {
  jobs: number;
  stages: number;
  tasks: number;
  failedTasks: number;
  inputBytes: number;
  shuffleReadBytes: number;
  shuffleWriteBytes: number;
}

export type FetchJson = (url: string, timeoutMs: number) => Promise<unknown>;

/** GET a JSON document, failing on anything but 200 or after `timeoutMs`. */
export const fetchJson: FetchJson = async (url, timeoutMs) => {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { Accept: 'application/json' } });
  } catch (error) {
    // fetch says only "fetch failed"; the cause says why (ECONNREFUSED, ENOTFOUND, a timeout).
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const why = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
    throw new Error(`the Spark UI at ${new URL(url).origin} did not answer (${why})`, { cause: error });
  }
  if (!response.ok) {
    throw new Error(`${url} answered ${response.status}`);
  }
  return response.json();
};

const LIVY_GROUP_DESCRIPTION = /^Job group for statement \d+$/;

/** How long one call may take: a slow Spark UI must not hold the progress display (or the cell) up. */
const CALL_TIMEOUT_MS = 2000;

export class SparkJobs {
  private _appId: Promise<string> | undefined;

  /**
   * @param uiUrl the driver's UI (on EMR the YARN proxy's address of the application)
   * @param appName the application's name (Livy names it after the session) or id, to pick it out
   */
  constructor(
    readonly uiUrl: string,
    private readonly _app: { id?: string; name?: string | null },
    private readonly _fetch: FetchJson = fetchJson
  ) {}

  /** The jobs Livy ran for one statement, with their stages, oldest first. */
  async ofStatement(statementId: number): Promise<IJobProgress[]> {
    const base = `${await this._base()}`;
    const jobs = ((await this._fetch(`${base}/jobs`, CALL_TIMEOUT_MS)) as IJobData[]).filter(job => job.jobGroup === String(statementId));
    const stageIds = [...new Set(jobs.flatMap(job => job.stageIds))];
    const stages = new Map<number, IStageProgress>();
    await Promise.all(
      stageIds.map(async stageId => {
        const attempts = (await this._fetch(`${base}/stages/${stageId}?details=false`, CALL_TIMEOUT_MS).catch(() => [])) as IStageData[];
        const latest = attempts.reduce<IStageData | undefined>((last, attempt) => (!last || attempt.attemptId > last.attemptId ? attempt : last), undefined);
        if (latest) {
          stages.set(stageId, stageProgress(latest));
        }
      })
    );
    return jobs
      .sort((a, b) => a.jobId - b.jobId)
      .map(job => ({
        jobId: job.jobId,
        description: describe(job),
        status: job.status,
        stages: job.stageIds
          .map(id => stages.get(id))
          .filter((stage): stage is IStageProgress => stage !== undefined)
          .sort((a, b) => a.stageId - b.stageId)
      }));
  }

  /** The application's jobs that run now, of any statement (the panel marks a busy session with them). */
  async running(): Promise<{ jobId: number; description: string; url: string }[]> {
    const jobs = (await this._fetch(`${await this._base()}/jobs?status=running`, CALL_TIMEOUT_MS)) as IJobData[];
    return jobs.sort((a, b) => a.jobId - b.jobId).map(job => ({ jobId: job.jobId, description: describe(job), url: this.jobPage(job.jobId) }));
  }

  /** The page of a job, and of a stage attempt, in the Spark UI. */
  jobPage(jobId: number): string {
    return `${this.uiUrl.replace(/\/$/, '')}/jobs/job/?id=${jobId}`;
  }

  stagePage(stage: IStageProgress): string {
    return `${this.uiUrl.replace(/\/$/, '')}/stages/stage/?id=${stage.stageId}&attempt=${stage.attemptId}`;
  }

  private async _base(): Promise<string> {
    this._appId ??= this._findApp().catch(error => {
      this._appId = undefined;
      throw error;
    });
    return `${this.uiUrl.replace(/\/$/, '')}/api/v1/applications/${encodeURIComponent(await this._appId)}`;
  }

  private async _findApp(): Promise<string> {
    if (this._app.id) {
      return this._app.id;
    }
    const apps = (await this._fetch(`${this.uiUrl.replace(/\/$/, '')}/api/v1/applications`, CALL_TIMEOUT_MS)) as { id: string; name: string }[];
    // A driver's own UI serves its one application; the name check keeps a reused port honest.
    const app = apps.find(candidate => candidate.name === this._app.name) ?? (apps.length === 1 ? apps[0] : undefined);
    if (!app) {
      throw new Error(`the Spark UI at ${this.uiUrl} serves no application named ${this._app.name ?? '(unknown)'}`);
    }
    return app.id;
  }
}

/** Livy describes every job by its group ("Job group for statement 4"); the call site says more. */
function describe(job: IJobData): string {
  return job.description && !LIVY_GROUP_DESCRIPTION.test(job.description) ? job.description : job.name;
}

function stageProgress(stage: IStageData): IStageProgress {
  return {
    stageId: stage.stageId,
    attemptId: stage.attemptId,
    name: stage.name,
    status: stage.status,
    total: stage.numTasks,
    done: stage.numCompleteTasks,
    running: stage.numActiveTasks,
    failed: stage.numFailedTasks,
    inputBytes: stage.inputBytes ?? 0,
    shuffleReadBytes: stage.shuffleReadBytes ?? 0,
    shuffleWriteBytes: stage.shuffleWriteBytes ?? 0
  };
}

/** The totals of a statement's jobs, for the line the progress display collapses into. Skipped stages ran no tasks and are not counted. */
export function summarizeJobs(jobs: readonly IJobProgress[]): IJobsSummary {
  // Jobs may share a stage (a cached shuffle); it counts once.
  const unique = new Map(jobs.flatMap(job => job.stages).map(stage => [stage.stageId, stage]));
  const stages = [...unique.values()].filter(stage => stage.status !== 'SKIPPED');
  const sum = (pick: (stage: IStageProgress) => number): number => stages.reduce((total, stage) => total + pick(stage), 0);
  return {
    jobs: jobs.length,
    stages: stages.length,
    tasks: sum(stage => stage.done),
    failedTasks: sum(stage => stage.failed),
    inputBytes: sum(stage => stage.inputBytes),
    shuffleReadBytes: sum(stage => stage.shuffleReadBytes),
    shuffleWriteBytes: sum(stage => stage.shuffleWriteBytes)
  };
}
