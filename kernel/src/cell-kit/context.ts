import { IAwsTarget } from '@jupyterlab-emr/common';
import { IServerlessLivyAccess } from '../aws/emr-serverless-livy';
import { IOutputSink } from '../core/output-sink';
import { ISigV4Access } from '../livy/sigv4-signer';
import { LivyClient } from '../livy/client';
import { LivySessionManager } from '../livy/session-manager';
import { StatementRunner } from '../livy/statement-runner';
import { SqlResultSettings } from '../results/result-settings';
import { MagicRegistry } from './registry';
import { ResultViewService } from '../results/paging/result-view-service';

/** One Livy server and what the kernel holds on it. */
export interface ILivyEndpoint {
  url: string;
  client: LivyClient;
  sessions: LivySessionManager;
  runner: StatementRunner;
  /** The EMR cluster this Livy was reached through (%connect j-…, the side panel), if any. */
  clusterId?: string;
}

export interface ISwitchOptions {
  /** The EMR cluster the URL belongs to, remembered for %emr describe. */
  clusterId?: string;
  /**
   * Ask Livy before switching (the default), so a typo leaves the notebook where it was. The side
   * panel switches to a URL AWS reported and says itself whether Livy answers there yet.
   */
  verify?: boolean;
  /** The cell's: an interrupt stops waiting for a Livy that does not answer, and nothing switches. */
  signal?: AbortSignal;
  /** Sign every request with SigV4 (an EMR Serverless Livy endpoint), in this region with these credentials. */
  sigv4?: ISigV4Access;
  /** Conf every session on this Livy must carry (EMR Serverless's execution role), merged under %%configure's. */
  sessionConf?: Record<string, string>;
}

/** What a running cell may use besides its command. */
export interface ICellContext {
  sink: IOutputSink;
  signal: AbortSignal;
  /** The notebook cell's id, when the front end sent one. */
  cellId?: string;
}

/** Where the notebook's Livy is; %connect moves it. */
export interface ILivyConnection {
  /** The endpoint cells run on; a user error when no Livy URL is configured yet. */
  require(): ILivyEndpoint;
  current(): ILivyEndpoint | undefined;
  /** Switches to another Livy, letting go of the session held on the old one. */
  switchTo(url: string, options?: ISwitchOptions): Promise<{ endpoint: ILivyEndpoint; released?: number }>;
}

/** EMR Serverless: an application id to its Livy, started if stopped (%connect <application-id>). */
export interface IServerlessLocator {
  prepare(applicationId: string, aws: IAwsTarget, onProgress?: (state: string, waitedMs: number) => void, signal?: AbortSignal): Promise<IServerlessLivyAccess>;
}

/** Looks up the Livy URL of an EMR cluster (DescribeCluster, or the configured override). */
export interface IClusterResolver {
  livyUrl(clusterId: string): Promise<{ url: string; clusterName?: string; state?: string }>;
}

/** Settings the handlers read; a slice of the kernel config. */
export interface IHandlerSettings {
  /** Livy's livy.rsc.sql.num-rows: a result of exactly this many rows may be cut short. */
  sqlServerRowLimit: number;
  /** A query asked for this many rows or more fetches them with the compact fetch (not capped by Livy's num-rows); 0: never. */
  sqlCompactFetchRows: number;
  /** Default limit and chart of %%sql results: the kernel's config, overridden from JupyterLab's settings. */
  sqlResults: SqlResultSettings;
  /** Show the progress bar only for statements running longer than this. */
  progressDelayMs: number;
  /** Show the statement's Spark jobs and stages from the Spark UI's REST API while it runs (else Livy's bar only). */
  sparkJobProgress: boolean;
  /** Livy's server-wide idle timeout as the user told us (it is not visible over REST). */
  serverIdleTimeout?: string;
}

/**
 * What every feature's handler gets besides its command: the Livy connection, the cluster lookup,
 * the magics and the settings. A feature's own service (the database targets, the EMR API,
 * HiveServer2) is added to this by magics/kernel-services.ts, so the toolkit names no feature.
 */
export interface ICellServices {
  connection: ILivyConnection;
  clusters: IClusterResolver;
  registry: MagicRegistry;
  settings: IHandlerSettings;
  /** %connect <application-id>; absent where the kernel has no EMR Serverless client (tests). */
  serverless?: IServerlessLocator;
  /** Partial %%sql results kept on the session for their tables to page, sort and filter (absent: not kept). */
  resultViews?: ResultViewService;
}
