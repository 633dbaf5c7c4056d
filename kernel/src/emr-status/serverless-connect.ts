import { IAwsTarget, IServerlessConnectResult } from '@jupyterlab-emr/common';
import { UserError } from '../core/errors';
import { ILivyConnection, IServerlessLocator } from '../cell-kit/context';
import { StatusError } from '../aws/aws-errors';
import { CellQueue, refuseWhileBusy, switchNotebook } from './notebook-switch';

export interface IServerlessConnectorOptions {
  connection: ILivyConnection;
  locator: IServerlessLocator;
  /** The cells' queue: the switch runs between two cells, never under one. */
  queue: CellQueue;
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
    refuseWhileBusy(queue);
    let access;
    try {
      access = await locator.prepare(applicationId, aws);
    } catch (error) {
      throw error instanceof UserError ? new StatusError('APPLICATION_NOT_CONNECTABLE', error.message) : error;
    }
    const switched = await switchNotebook(connection, queue, access.url, { sigv4: access.sigv4, sessionConf: access.sessionConf });
    return { applicationId, applicationName: access.applicationName, foundState: access.foundState, started: access.started, ...switched };
  }
}
