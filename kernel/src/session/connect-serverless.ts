import { UserError } from '../core/errors';
import { IServerlessLivyAccess } from '../aws/emr-serverless-livy';
import { ICellContext, ICellServices } from '../cell-kit/context';

/**
 * The EMR Serverless half of %connect <application-id>: the application started if it is stopped,
 * with one line the cell keeps up to date while it waits (state and seconds), and the words the
 * connect message adds about it.
 */
export async function prepareServerlessConnect(applicationId: string, cell: ICellContext, kernel: ICellServices): Promise<{ access: IServerlessLivyAccess; via: string; note: string }> {
  if (!kernel.serverless) {
    throw new UserError('This kernel was built without an EMR Serverless client, so it cannot connect to an application. Connect to its Livy URL instead.');
  }
  const displayId = `emr-serverless-start-${applicationId}-${Date.now()}`;
  let shown = false;
  const progress = (state: string, waitedMs: number): void => {
    const text = `EMR Serverless application ${applicationId} is ${state}${state === 'STARTED' ? '' : ', waiting for STARTED'} (${Math.round(waitedMs / 1000)} s)…`;
    if (shown) {
      cell.sink.updateDisplay(displayId, { 'text/plain': text });
    } else {
      cell.sink.display({ 'text/plain': text }, {}, displayId);
      shown = true;
    }
  };
  const access = await kernel.serverless.prepare(applicationId, {}, progress, cell.signal);
  if (shown) {
    cell.sink.updateDisplay(displayId, { 'text/plain': `EMR Serverless application ${applicationId} started (it was ${access.foundState}).` });
  }
  const name = access.applicationName ? `, ${access.applicationName}` : '';
  const state = access.started ? `started from ${access.foundState}` : access.foundState;
  const via = ` (EMR Serverless application ${applicationId}${name}, ${state}; requests signed with SigV4 for ${access.sigv4.region})`;
  const note =
    Object.keys(access.sessionConf).length === 0
      ? ' No execution role is set: EMR Serverless refuses a session without one. Set EMR_SERVERLESS_EXECUTION_ROLE_ARN (or "emr.serverlessExecutionRoleArn"), ' +
        'or give it per notebook: %%configure {"conf": {"emr-serverless.session.executionRoleArn": "arn:aws:iam::…:role/…"}}.'
      : '';
  return { access, via, note };
}
