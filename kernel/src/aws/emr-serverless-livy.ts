import type { EMRServerlessClient } from '@aws-sdk/client-emr-serverless';
import { IAwsTarget } from '@jupyterlab-emr/common';
import { UserError } from '../core/errors';
import { ISigV4Access } from '../livy/sigv4-signer';
import { toStatusError } from './aws-errors';
import { startApplicationIfStopped } from './emr-serverless';

/** What the kernel holds of an EMR Serverless client: its calls, and the region and credentials it resolved. */
export type EmrServerlessClientLike = Pick<EMRServerlessClient, 'send'> & { config: Pick<EMRServerlessClient['config'], 'region' | 'credentials'> };

/** How the Livy layer reaches an application's Livy: where, signed how, and what each session must carry. */
export interface IServerlessLivyAccess {
  url: string;
  applicationId: string;
  applicationName?: string;
  foundState: string;
  started: boolean;
  /** SigV4 for the emr-serverless signing name, in the application's region, with the kernel's credentials. */
  sigv4: ISigV4Access;
  /** Livy session conf the endpoint needs: the execution role the session runs as. */
  sessionConf: Record<string, string>;
}

export interface IServerlessLivyOptions {
  /** The kernel's EMR Serverless client for a region and profile (the same chain as its other AWS clients). */
  client(target: IAwsTarget): EmrServerlessClientLike;
  /** Where the EMR Serverless API calls go, for messages. */
  endpoint(region: string | undefined): string;
  /** Application id → Livy URL, instead of AWS's (a test's signature-checking proxy, a private link name). */
  overrides: Record<string, string>;
  /** "emr.serverlessExecutionRoleArn": the role sessions run as; EMR Serverless refuses a session without one. */
  executionRoleArn?: string;
  startTimeoutMs: number;
  pollMs: number;
}

/** EMR Serverless application ids: 16 lower-case letters and digits (00f… on AWS). */
export const SERVERLESS_APPLICATION_ID = /^[0-9a-z]{16}$/;

/** AWS's Livy endpoint of an application (EMR Serverless User Guide, "interactive workloads through an Apache Livy endpoint"). */
export function serverlessLivyUrl(applicationId: string, region: string, overrides: Record<string, string>): string {
  return overrides[applicationId] ?? `https://${applicationId}.livy.emr-serverless-services.${region}.amazonaws.com`;
}

/**
 * An application id to a Livy the kernel can run cells on: started if it is stopped (within the
 * configured bound, telling each state it waits through), its Livy endpoint's URL, and the SigV4
 * signing its requests need. What %connect and the panel's Connect share.
 */
export class ServerlessLivyLocator {
  constructor(private readonly _options: IServerlessLivyOptions) {}

  async prepare(applicationId: string, aws: IAwsTarget, onProgress?: (state: string, waitedMs: number) => void, signal?: AbortSignal): Promise<IServerlessLivyAccess> {
    const { overrides, executionRoleArn, startTimeoutMs, pollMs } = this._options;
    const client = this._options.client(aws);
    const region = await client.config.region();
    let outcome;
    try {
      outcome = await startApplicationIfStopped(client, applicationId, { timeoutMs: startTimeoutMs, pollMs, onProgress, signal });
    } catch (error) {
      if (error instanceof UserError || (error as Error).name === 'LivyAbortedError') {
        throw error;
      }
      const endpoint = this._options.endpoint(region);
      const status = toStatusError(error, endpoint);
      throw new UserError(
        `Could not start or look up EMR Serverless application ${applicationId} through ${endpoint}: ${status.message.replace(/([^.])$/, '$1.')} ` +
          'Check the application id, the region (AWS_REGION) and the AWS credentials the kernel sees (AWS_PROFILE, environment, instance role).'
      );
    }
    return {
      url: serverlessLivyUrl(applicationId, region, overrides),
      applicationId,
      applicationName: outcome.application.name,
      foundState: outcome.foundState,
      started: outcome.started,
      sigv4: { region, credentials: client.config.credentials },
      sessionConf: executionRoleArn ? { 'emr-serverless.session.executionRoleArn': executionRoleArn } : {}
    };
  }
}
