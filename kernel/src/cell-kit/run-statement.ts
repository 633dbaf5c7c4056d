import { InterruptedError } from '../core/errors';
import { IBackoffOptions } from '../livy/backoff';
import { LivyAbortedError, SessionGoneError, StatementCancelledError } from '../livy/errors';
import { IActiveSession } from '../livy/session-manager';
import { ILivyStatement, ISubmitStatementRequest } from '../livy/types';
import { sessionStartedBundle, sessionStartingBundle } from '../bundles/progress';
import { ICellContext, IHandlerSettings, ILivyEndpoint } from './context';
import { LiveDisplay } from './live-display';
import { StatementProgress } from './statement-progress';
import { interruptedError } from './user-errors';

export interface IRunOptions {
  /** Show a progress bar while the statement runs (after settings.progressDelayMs). */
  progress: boolean;
  /** Poll spacing, when not the endpoint's (a table's page, which someone waits on). */
  poll?: IBackoffOptions;
}

function replacedNotice(replaced: { id: number; state: string }, newId: number): string {
  return (
    `Livy session ${replaced.id} is gone (${replaced.state}): everything earlier cells defined in it (variables, temporary views, ` +
    `cached data) is lost. This cell runs in a fresh session, ${newId}; run again the cells it depends on.\n`
  );
}

/**
 * The session a cell runs in: starts one if needed, with a "Starting Spark session… 12 s" line
 * that updates in place, and tells the user when an earlier session was found gone.
 */
export async function ensureSession(endpoint: ILivyEndpoint, cell: ICellContext): Promise<IActiveSession> {
  const line = new LiveDisplay(cell, 'start');
  try {
    const ensured = await endpoint.sessions.ensure({
      signal: cell.signal,
      onStarting: ({ sessionId, state, elapsedMs }) => line.show(sessionStartingBundle(sessionId, state, elapsedMs))
    });
    if (ensured.startedMs !== undefined) {
      line.show(sessionStartedBundle(ensured.session.id, ensured.startedMs, ensured.session.links.sparkUiUrl, ensured.startedWithKernel));
    }
    if (ensured.earlierStartFailure) {
      cell.sink.stream('stderr', `The Spark session started with the kernel did not come up (${ensured.earlierStartFailure}); this cell started another.\n`);
    }
    if (ensured.replaced) {
      cell.sink.stream('stderr', replacedNotice(ensured.replaced, ensured.session.id));
    }
    return ensured.session;
  } catch (error) {
    if (error instanceof LivyAbortedError) {
      throw new InterruptedError('Interrupted while the Spark session was starting. It keeps starting, and the next cell uses it.');
    }
    throw error;
  }
}

/**
 * Runs one statement in the notebook's session and returns it finished. A session found gone
 * when the statement is sent (it never ran) is replaced, with a notice, and the statement goes to
 * the new one; a session lost while the statement runs fails the cell.
 */
export async function runStatement(endpoint: ILivyEndpoint, cell: ICellContext, settings: IHandlerSettings, request: ISubmitStatementRequest, options: IRunOptions): Promise<ILivyStatement> {
  let session = await ensureSession(endpoint, cell);
  let submitted: ILivyStatement;
  try {
    submitted = await endpoint.runner.submit(session, request);
  } catch (error) {
    if (!(error instanceof SessionGoneError)) {
      throw error;
    }
    // Not accepted, so nothing ran: the statement goes to a fresh session, with a notice.
    endpoint.sessions.forget(error);
    session = await ensureSession(endpoint, cell);
    submitted = await forgetIfGone(endpoint, () => endpoint.runner.submit(session, request));
  }
  const progress = options.progress ? new StatementProgress(cell, session, submitted.id, { delayMs: settings.progressDelayMs, sparkJobs: settings.sparkJobProgress }) : undefined;
  try {
    const finished = await endpoint.runner.wait(session, submitted, { signal: cell.signal, onProgress: update => progress?.update(update), poll: options.poll });
    progress?.end(finished.output?.status === 'error' ? 'failed' : 'finished');
    return finished;
  } catch (error) {
    if (error instanceof SessionGoneError) {
      endpoint.sessions.forget(error);
      progress?.end('failed');
    } else if (error instanceof StatementCancelledError) {
      progress?.end('cancelled');
      throw interruptedError(error);
    }
    throw error;
  }
}

async function forgetIfGone<T>(endpoint: ILivyEndpoint, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    if (error instanceof SessionGoneError) {
      endpoint.sessions.forget(error);
    }
    throw error;
  }
}
