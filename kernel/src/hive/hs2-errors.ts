import { IHs2Endpoint } from './hs2-endpoint';

/** HiveServer2 could not be reached or refused the session: nothing ran. */
export class Hs2UnreachableError extends Error {
  constructor(
    readonly endpoint: IHs2Endpoint,
    readonly reason: string
  ) {
    super(`HiveServer2 at ${endpoint.host}:${endpoint.port} is unreachable: ${reason}`);
    this.name = 'Hs2UnreachableError';
  }
}

/** The connection broke, or the server stopped answering, while a statement was under way. */
export class Hs2ConnectionLostError extends Error {
  constructor(
    readonly endpoint: IHs2Endpoint,
    readonly reason: string
  ) {
    super(`The connection to HiveServer2 at ${endpoint.host}:${endpoint.port} was lost: ${reason}`);
    this.name = 'Hs2ConnectionLostError';
  }
}

/** The statement itself failed on the server (a syntax error, a missing table, a failed job). */
export class Hs2StatementError extends Error {
  constructor(
    readonly serverMessage: string,
    readonly sqlState?: string
  ) {
    super(serverMessage);
    this.name = 'Hs2StatementError';
  }
}

/**
 * The cell was interrupted: while connecting (nothing was sent), or while the statement ran, when
 * the server was asked to cancel it (`confirmed` when it said it did).
 */
export class Hs2CancelledError extends Error {
  constructor(
    readonly confirmed: boolean,
    readonly phase: 'connecting' | 'running' = 'running'
  ) {
    super(phase === 'connecting' ? 'Interrupted while connecting.' : 'The statement was cancelled.');
    this.name = 'Hs2CancelledError';
  }
}
