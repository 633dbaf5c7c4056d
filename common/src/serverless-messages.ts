import type { IJobRun, IStatusError } from './comm-messages';

/** An EMR Serverless application as the side panel lists it, with its most recent job runs. */
export interface IServerlessApplication {
  id: string;
  name: string;
  /** CREATING, CREATED, STARTING, STARTED, STOPPING, STOPPED or TERMINATED. */
  state: string;
  releaseLabel?: string;
  /** Spark or Hive. */
  type?: string;
  /** X86_64 or ARM64, when the API names it. */
  architecture?: string;
  /** Whether its Livy endpoint is on (interactive notebooks need it); undefined when GetApplication did not say. */
  livyEndpoint?: boolean;
  createdAt?: string;
  /** Newest first; null with `jobRunsError` when that one call failed. */
  jobRuns: IJobRun[] | null;
  jobRunsError?: IStatusError;
}

/** The panel's Connect on an application: started if it was not, then the notebook's Livy points at it, signed. */
export interface IServerlessConnectResult {
  applicationId: string;
  applicationName?: string;
  /** The state the application was found in, before any start. */
  foundState: string;
  /** Whether the kernel called StartApplication. */
  started: boolean;
  livyUrl: string;
  reachable: boolean;
  livyVersion?: string;
  problem?: string;
  releasedSession?: number;
}
