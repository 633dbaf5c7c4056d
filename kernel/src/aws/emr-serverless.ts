import {
  Application,
  ApplicationSummary,
  EMRServerlessClient,
  GetApplicationCommand,
  JobRunSummary,
  ListApplicationsCommand,
  ListJobRunsCommand,
  StartApplicationCommand
} from '@aws-sdk/client-emr-serverless';
import { IJobRun, IServerlessApplication } from '@jupyterlab-emr/common';
import { UserError } from '../core/errors';
import { abortableSleep } from '../livy/abortable-sleep';
import { toStatusError } from './aws-errors';
import { iso } from './iso';

const RECENT_JOB_RUNS = 10;
// An account holds a handful of applications; stop paging at a bound all the same.
const MAX_APPLICATIONS = 200;

export type EmrServerlessSend = Pick<EMRServerlessClient, 'send'>;

function fromJobRun(run: JobRunSummary): IJobRun {
  return { id: run.id ?? '', name: run.name ?? '', state: run.state ?? 'UNKNOWN', createdAt: iso(run.createdAt), releaseLabel: run.releaseLabel };
}

function fromApplication(application: ApplicationSummary, detail: Application | undefined): Omit<IServerlessApplication, 'jobRuns'> {
  return {
    id: application.id ?? '',
    name: application.name ?? '',
    state: application.state ?? 'UNKNOWN',
    releaseLabel: application.releaseLabel,
    type: application.type,
    architecture: application.architecture ?? detail?.architecture,
    livyEndpoint: detail?.interactiveConfiguration?.livyEndpointEnabled,
    createdAt: iso(application.createdAt)
  };
}

/** EMR Serverless: applications other than terminated ones, each with its most recent job runs. */
export class ServerlessApplications {
  constructor(private readonly _client: EmrServerlessSend) {}

  async list(endpoint: string): Promise<IServerlessApplication[]> {
    const found: ApplicationSummary[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this._client.send(new ListApplicationsCommand({ nextToken, states: ['CREATING', 'CREATED', 'STARTING', 'STARTED', 'STOPPING', 'STOPPED'] }));
      found.push(...(page.applications ?? []));
      nextToken = page.nextToken;
    } while (nextToken && found.length < MAX_APPLICATIONS);
    return Promise.all(found.map(application => this._withJobRuns(application, endpoint)));
  }

  /** An application's most recent job runs, newest first. */
  async jobRuns(applicationId: string): Promise<IJobRun[]> {
    const reply = await this._client.send(new ListJobRunsCommand({ applicationId, maxResults: RECENT_JOB_RUNS }));
    const runs = (reply.jobRuns ?? []).map(fromJobRun);
    runs.sort((a, b) => (b.createdAt ?? '').localeCompare(a.createdAt ?? ''));
    return runs.slice(0, RECENT_JOB_RUNS);
  }

  /**
   * The summary with what only GetApplication tells (whether the Livy endpoint is on; the architecture
   * where the summary leaves it out, as emulators do) and the recent job runs. A failed detail call
   * leaves those fields out; a failed job run listing is shown as such.
   */
  private async _withJobRuns(application: ApplicationSummary, endpoint: string): Promise<IServerlessApplication> {
    const applicationId = application.id ?? '';
    const [detail, runs] = await Promise.allSettled([this._client.send(new GetApplicationCommand({ applicationId })), this.jobRuns(applicationId)]);
    const base = fromApplication(application, detail.status === 'fulfilled' ? detail.value.application : undefined);
    return runs.status === 'fulfilled' ? { ...base, jobRuns: runs.value } : { ...base, jobRuns: null, jobRunsError: toStatusError(runs.reason, endpoint) };
  }
}

export interface IStartOptions {
  /** Give up waiting for STARTED after this long. */
  timeoutMs: number;
  /** Between two GetApplication calls while it starts. */
  pollMs: number;
  /** Told each state seen while waiting, with the time waited so far. */
  onProgress?: (state: string, waitedMs: number) => void;
  signal?: AbortSignal;
}

export interface IStartOutcome {
  application: Application;
  /** The state before anything was done. */
  foundState: string;
  /** Whether StartApplication was called. */
  started: boolean;
}

// States from which the application becomes startable (or started) by itself.
const SETTLING = new Set(['CREATING', 'STARTING', 'STOPPING']);
const STARTABLE = new Set(['CREATED', 'STOPPED']);

/**
 * Brings an application to STARTED: starts it if it is created or stopped, waits through CREATING,
 * STARTING and STOPPING (starting it once it has stopped), within `timeoutMs`. A terminated
 * application, or one without a Livy endpoint, is a user error with the remedy.
 */
export async function startApplicationIfStopped(client: EmrServerlessSend, applicationId: string, options: IStartOptions): Promise<IStartOutcome> {
  const began = Date.now();
  let application = await describe(client, applicationId);
  const foundState = application.state ?? 'UNKNOWN';
  if (application.interactiveConfiguration?.livyEndpointEnabled === false) {
    throw new UserError(
      `EMR Serverless application ${label(application)} has no Livy endpoint. Enable it (aws emr-serverless update-application --application-id ${applicationId} ` +
        '--interactive-configuration livyEndpointEnabled=true, with the application stopped), then %connect again.'
    );
  }
  let started = false;
  for (;;) {
    const state = application.state ?? 'UNKNOWN';
    if (state === 'STARTED') {
      return { application, foundState, started };
    }
    if (state === 'TERMINATED') {
      throw new UserError(`EMR Serverless application ${label(application)} is terminated. Create a new application with a Livy endpoint and connect to that.`);
    }
    if (STARTABLE.has(state) && !started) {
      await client.send(new StartApplicationCommand({ applicationId }));
      started = true;
      // A pre-initialized application can be STARTED at once: look before waiting.
      application = await describe(client, applicationId);
      continue;
    } else if (!SETTLING.has(state) && !STARTABLE.has(state)) {
      throw new UserError(`EMR Serverless application ${label(application)} is in state ${state}, from which it cannot be started.`);
    }
    const waited = Date.now() - began;
    options.onProgress?.(state, waited);
    if (waited >= options.timeoutMs) {
      throw new UserError(
        `EMR Serverless application ${label(application)} was still ${state} after ${Math.round(waited / 1000)} s. ` +
          'Look at its state in the EMR Studio console or with aws emr-serverless get-application, then %connect again; ' +
          'or raise "emr.serverlessStartTimeoutSeconds" (EMR_SERVERLESS_START_TIMEOUT_S).'
      );
    }
    await abortableSleep(options.pollMs, options.signal);
    application = await describe(client, applicationId);
  }
}

async function describe(client: EmrServerlessSend, applicationId: string): Promise<Application> {
  const { application } = await client.send(new GetApplicationCommand({ applicationId }));
  if (!application) {
    throw new UserError(`EMR Serverless did not describe application ${applicationId}.`);
  }
  return application;
}

function label(application: Application): string {
  return `${application.applicationId}${application.name ? ` (${application.name})` : ''}`;
}
