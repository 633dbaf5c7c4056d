import { IAwsTarget, IServerlessConnectResult } from '@jupyterlab-emr/common';
import { UserError } from '../core/errors';
import { ExecutionQueue } from '../core/execution-queue';
import { probeLivy } from '../livy/reachability';
import { ILivyConnection, IServerlessLocator } from '../cell-kit/context';
import { StatusError } from '../aws/aws-errors';

export interface IServerlessConnectorOptions {
  connection: ILivyConnection;
  locator: IServerlessLocator;
  /** The cells' queue: the switch runs between two cells, never under one. */
  queue: Pick<ExecutionQueue, 'isRunning' | 'enqueue'>;
}

/**
 * The panel's Connect on an EMR Serverless application: what `%connect <application-id>` does,
 * in the region and profile the panel listed it from. The application is started first if it is
 * stopped; the notebook then switches to its Livy endpoint with SigV4 signing, and the answer says
 * whether that endpoint answered a signed GET /version.
 */
export class ServerlessConnector {
  constructor(private readonly _options: IServerlessConnectorOptions) {}

  async connect(applicationId: string, aws: IAwsTarget): Promise<IServerlessConnectResult> {
    const { connection, locator, queue } = this._options;
    this._refuseWhileBusy();
    let access;
    try {
      access = await locator.prepare(applicationId, aws);
    } catch (error) {
      throw error instanceof UserError ? new StatusError('APPLICATION_NOT_CONNECTABLE', error.message) : error;
    }
    this._refuseWhileBusy();
    const outcome = await queue.enqueue(() => connection.switchTo(access.url, { verify: false, sigv4: access.sigv4, sessionConf: access.sessionConf }));
    if (outcome.status === 'aborted') {
      throw new StatusError('KERNEL_BUSY', 'The kernel is shutting down, so the notebook was not connected.');
    }
    const { endpoint, released } = outcome.value;
    const reach = await probeLivy(endpoint.client);
    return {
      applicationId,
      applicationName: access.applicationName,
      foundState: access.foundState,
      started: access.started,
      livyUrl: endpoint.url,
      reachable: reach.reachable,
      livyVersion: reach.reachable ? reach.version : undefined,
      problem: reach.reachable ? undefined : reach.problem,
      releasedSession: released
    };
  }

  private _refuseWhileBusy(): void {
    if (this._options.queue.isRunning) {
      throw new StatusError('KERNEL_BUSY', 'A cell is running in this notebook, and switching Livy now would end its session under it.');
    }
  }
}
