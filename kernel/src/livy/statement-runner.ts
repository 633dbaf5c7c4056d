import { Logger } from '../log';
import { abortableSleep } from './abortable-sleep';
import { backoffDelay, IBackoffOptions } from './backoff';
import { LivyClient, refusedSessionState, sessionGoneState } from './client';
import { LivyAbortedError, LivyError, LivyHttpError, LivyTransportError, SessionGoneError, StatementCancelledError, StatementLostError, StatementWithoutOutputError } from './errors';
import { IActiveSession } from './session-manager';
import { FINAL_STATEMENT_STATES, ILivyStatement, ISubmitStatementRequest } from './types';

export interface IStatementProgress {
  statementId: number;
  state: string;
  /** 0..1, Livy's task ratio (not monotonic: later jobs add tasks). */
  progress: number;
  elapsedMs: number;
}

export interface IWaitOptions {
  /** Aborting cancels the statement through Livy's statement cancel endpoint. */
  signal?: AbortSignal;
  onProgress?: (progress: IStatementProgress) => void;
  /** Poll spacing for this statement, in place of the runner's. */
  poll?: IBackoffOptions;
}

export interface IStatementRunnerOptions {
  client: LivyClient;
  poll: IBackoffOptions;
  /** How long to wait for Livy to report a cancelled statement as `cancelled` before giving up waiting. */
  cancelWaitMs: number;
  /** Delays between look-ups for a statement whose POST had no clear answer. */
  lookupDelaysMs?: readonly number[];
  /** Consecutive failed polls tolerated (Livy briefly unreachable) before the cell fails. */
  maxPollFailures?: number;
  /** Called after each POST, which is what Livy counts as activity against its idle timeout. */
  onActivity?: () => void;
  /** Delays between re-reads of a statement Livy reported `available` without its output. */
  outputDelaysMs?: readonly number[];
}

const DEFAULT_LOOKUP_DELAYS_MS = [250, 1000, 2500];
const DEFAULT_MAX_POLL_FAILURES = 5;
// About 4 s in all: the output lands microseconds after the state on the driver, so one re-read
// almost always has it; the rest covers a driver busy with other sessions.
const DEFAULT_OUTPUT_DELAYS_MS = [50, 100, 250, 500, 1000, 2000];
const log = new Logger('statements');
// A statement Livy refused because the session was still starting is re-sent (it never ran) at most this often.
const MAX_NOT_READY_RETRIES = 60;

/**
 * Runs one statement: submit, poll until it finishes, cancel on abort. A POST is never repeated
 * once Livy may have received it: after a timeout or an unclear 5xx the statement is looked up
 * among the session's recent statements instead, so a cell never runs twice.
 */
export class StatementRunner {
  /** Per session, the highest statement id seen, so a look-up only matches statements newer than it. */
  private readonly _highestSeen = new Map<number, number>();

  constructor(private readonly _options: IStatementRunnerOptions) {}

  async run(session: IActiveSession, request: ISubmitStatementRequest, options: IWaitOptions = {}): Promise<ILivyStatement> {
    const statement = await this.submit(session, request);
    return this.wait(session, statement, options);
  }

  /** Sends the statement; SessionGoneError here means it was not accepted and may go to a new session. */
  async submit(session: IActiveSession, request: ISubmitStatementRequest): Promise<ILivyStatement> {
    for (let notReady = 0; ; notReady += 1) {
      try {
        const statement = await this._options.client.submitStatement(session.ref, request);
        this._options.onActivity?.();
        this._see(session, statement.id);
        return statement;
      } catch (error) {
        this._throwIfGone(session, error);
        const refused = refusedSessionState(error);
        if (refused !== undefined && notReady < MAX_NOT_READY_RETRIES) {
          // Refused outright (e.g. still starting or recovering): nothing ran, so sending again is safe.
          await abortableSleep(1000);
          continue;
        }
        if (isAmbiguous(error)) {
          return this._lookUp(session, request, error as LivyError);
        }
        throw error;
      }
    }
  }

  /**
   * Polls until the statement finishes; on abort, cancels it and waits (bounded) for Livy to
   * confirm. A statement that finished before the cancel took effect is returned like any other:
   * its work is done and its output worth showing.
   */
  async wait(session: IActiveSession, submitted: ILivyStatement, options: IWaitOptions = {}): Promise<ILivyStatement> {
    const started = Date.now();
    let statement = submitted;
    let failures = 0;
    for (let attempt = 0; !FINAL_STATEMENT_STATES.has(statement.state); attempt += 1) {
      options.onProgress?.({ statementId: statement.id, state: statement.state, progress: statement.progress, elapsedMs: Date.now() - started });
      try {
        await abortableSleep(backoffDelay(options.poll ?? this._options.poll, attempt), options.signal);
      } catch (error) {
        if (error instanceof LivyAbortedError) {
          return this._cancel(session, statement);
        }
        throw error;
      }
      try {
        statement = await this._options.client.getStatement(session.ref, statement.id);
        failures = 0;
      } catch (error) {
        failures += 1;
        this._throwIfGone(session, error);
        if (!isTransient(error) || failures > (this._options.maxPollFailures ?? DEFAULT_MAX_POLL_FAILURES)) {
          throw error;
        }
      }
    }
    return this._withOutput(session, statement);
  }

  /**
   * Livy can answer `available` before the statement's output is there: its driver serialises a
   * statement field by field (alphabetically, so `output` before `state`) while the interpreter
   * thread sets the output and then the state, so a poll that lands in between carries the new
   * state and no output. The statement ran; a re-read has its output. One that never shows is an
   * error, not an empty success.
   */
  private async _withOutput(session: IActiveSession, finished: ILivyStatement): Promise<ILivyStatement> {
    let statement = finished;
    const delays = this._options.outputDelaysMs ?? DEFAULT_OUTPUT_DELAYS_MS;
    for (let reread = 0; statement.state === 'available' && statement.output == null; reread += 1) {
      if (reread === 0) {
        log.warn(`Livy reported statement ${statement.id} of session ${session.id} available without output; reading it again`, statement);
      }
      if (reread >= delays.length) {
        log.error(`statement ${statement.id} of session ${session.id} still has no output after ${delays.length} re-reads`, statement);
        throw new StatementWithoutOutputError(session.id, statement);
      }
      await abortableSleep(delays[reread]);
      statement = await this._reread(session, statement);
    }
    return statement;
  }

  /** The statement as Livy has it now; the one already known when a transient failure hides it. */
  private async _reread(session: IActiveSession, known: ILivyStatement): Promise<ILivyStatement> {
    try {
      return await this._options.client.getStatement(session.ref, known.id);
    } catch (error) {
      this._throwIfGone(session, error);
      if (!isTransient(error)) {
        throw error;
      }
      return known;
    }
  }

  private async _cancel(session: IActiveSession, running: ILivyStatement): Promise<ILivyStatement> {
    try {
      await this._options.client.cancelStatement(session.ref, running.id);
      this._options.onActivity?.();
    } catch (error) {
      this._throwIfGone(session, error);
      throw error;
    }
    const deadline = Date.now() + this._options.cancelWaitMs;
    let statement = running;
    for (let attempt = 0; Date.now() < deadline; attempt += 1) {
      statement = await this._reread(session, statement);
      if (statement.state === 'available') {
        return this._withOutput(session, statement);
      }
      if (FINAL_STATEMENT_STATES.has(statement.state)) {
        break;
      }
      await abortableSleep(backoffDelay(this._options.poll, attempt));
    }
    throw new StatementCancelledError(session.id, statement.id, statement.state);
  }

  private async _lookUp(session: IActiveSession, request: ISubmitStatementRequest, cause: LivyError): Promise<ILivyStatement> {
    const after = this._highestSeen.get(session.id) ?? -1;
    let checked = false;
    for (const delay of this._options.lookupDelaysMs ?? DEFAULT_LOOKUP_DELAYS_MS) {
      await abortableSleep(delay);
      try {
        const { statements } = await this._options.client.listStatements(session.ref, { order: 'desc', size: 20 });
        checked = true;
        const match = statements.find(statement => statement.id > after && statement.code === request.code);
        if (match) {
          this._options.onActivity?.();
          this._see(session, match.id);
          return match;
        }
      } catch (error) {
        this._throwIfGone(session, error);
      }
    }
    throw new StatementLostError(session.id, cause, checked);
  }

  private _see(session: IActiveSession, statementId: number): void {
    this._highestSeen.set(session.id, Math.max(statementId, this._highestSeen.get(session.id) ?? -1));
  }

  private _throwIfGone(session: IActiveSession, error: unknown): void {
    const gone = sessionGoneState(error);
    if (gone !== undefined) {
      throw new SessionGoneError(session.id, gone);
    }
  }
}

/** A failure after which Livy may or may not have acted on the request. */
function isAmbiguous(error: unknown): boolean {
  return (error instanceof LivyTransportError && error.sent) || (error instanceof LivyHttpError && error.status >= 500);
}

/** A failure worth retrying for an idempotent request. */
function isTransient(error: unknown): boolean {
  return (error instanceof LivyTransportError && error.code !== 'LIVY_TLS') || (error instanceof LivyHttpError && (error.status >= 500 || error.status === 429));
}
