/**
 * What can go wrong talking to Livy, as data the cell layer turns into one paragraph for the
 * user. No Jupyter types here: the livy layer knows nothing of how errors are shown.
 */
export type LivyErrorCode =
  | 'LIVY_UNREACHABLE'
  | 'LIVY_TIMEOUT'
  | 'LIVY_TLS'
  | 'LIVY_HTTP'
  | 'LIVY_BAD_RESPONSE'
  | 'SESSION_GONE'
  | 'SESSION_START_FAILED'
  | 'STATEMENT_CANCELLED'
  | 'STATEMENT_LOST'
  | 'STATEMENT_NO_OUTPUT'
  | 'ABORTED';

export class LivyError extends Error {
  constructor(
    readonly code: LivyErrorCode,
    message: string
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The request never produced a response: refused, unresolvable host, reset, or timed out. */
export class LivyTransportError extends LivyError {
  constructor(
    code: 'LIVY_UNREACHABLE' | 'LIVY_TIMEOUT' | 'LIVY_TLS',
    message: string,
    readonly url: string,
    /** The system or TLS error code (ECONNREFUSED, CERT_HAS_EXPIRED, …), when there was one. */
    readonly causeCode: string | undefined,
    /**
     * Whether the request had been fully sent: only then may Livy have acted on it, so a POST
     * that failed this way must be looked up, never sent again.
     */
    readonly sent: boolean
  ) {
    super(code, message);
  }
}

/** Livy answered with a status the endpoint does not expect. */
export class LivyHttpError extends LivyError {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    /** Livy's message, from whichever of its three error-body shapes it used. */
    readonly livyMessage: string
  ) {
    super('LIVY_HTTP', `Livy answered ${method} ${path} with HTTP ${status}${livyMessage ? `: ${livyMessage}` : ''}`);
  }
}

/** Livy answered 2xx with a body that is not what the endpoint returns. */
export class LivyBadResponseError extends LivyError {
  constructor(method: string, path: string, detail: string) {
    super('LIVY_BAD_RESPONSE', `Livy answered ${method} ${path} with an unexpected body: ${detail}`);
  }
}

/** The session no longer exists or can no longer run statements; its state is lost. */
export class SessionGoneError extends LivyError {
  constructor(
    readonly sessionId: number,
    /** The final state Livy reported, or 'not found' when Livy no longer knows the session. */
    readonly state: string
  ) {
    super('SESSION_GONE', `Livy session ${sessionId} is gone (${state}).`);
  }
}

export class SessionStartError extends LivyError {
  constructor(
    readonly sessionId: number,
    readonly state: string,
    /** The last lines of the session's log, which usually say why. */
    readonly logTail: string[]
  ) {
    super('SESSION_START_FAILED', `Livy session ${sessionId} failed to start (${state}).`);
  }
}

/** The caller aborted a running statement and its cancel was sent. */
export class StatementCancelledError extends LivyError {
  constructor(
    readonly sessionId: number,
    readonly statementId: number,
    /**
     * `cancelled`; `cancelling` or `running` when Livy had not finished cancelling when the wait
     * ended (driver-side code such as a sleep keeps running).
     */
    readonly state: string
  ) {
    super('STATEMENT_CANCELLED', `Statement ${statementId} of Livy session ${sessionId} was cancelled (${state}).`);
  }
}

/** A statement POST failed in a way that leaves unknown whether Livy accepted it, and no matching statement was found. */
export class StatementLostError extends LivyError {
  constructor(
    readonly sessionId: number,
    readonly cause: LivyError,
    /**
     * Whether the session's recent statements could be read at all. When not (Livy too slow or
     * unreachable for the look-ups too), the statement may well be running.
     */
    readonly checked = true
  ) {
    super('STATEMENT_LOST', `Livy did not confirm the statement sent to session ${sessionId}: ${cause.message}`);
  }
}

/**
 * Livy said the statement finished but kept answering without its output: it ran, and what it
 * printed or returned is unknown. Carries the statement as Livy last sent it.
 */
export class StatementWithoutOutputError extends LivyError {
  constructor(
    readonly sessionId: number,
    readonly statement: { id: number; state: string; output: unknown }
  ) {
    super(
      'STATEMENT_NO_OUTPUT',
      `Livy reports statement ${statement.id} of session ${sessionId} as finished but keeps returning it without its output, ` +
        'so what the cell printed or returned is unknown (it did run: anything it defined exists in the session). ' +
        'Run it again if it has no side effects; %%logs shows the driver log, and the kernel log has the statement as Livy sent it.'
    );
  }
}

/** The caller's AbortSignal fired while waiting on Livy. */
export class LivyAbortedError extends LivyError {
  constructor() {
    super('ABORTED', 'The request to Livy was abandoned.');
  }
}
