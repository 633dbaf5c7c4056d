/**
 * Errors that reach the user as a Jupyter `error` message. Two kinds (see STYLE.md): a user
 * error explains what went wrong and how to fix it in one paragraph, with no stack; anything
 * else is an internal error, a bug, shown with its stack and logged.
 */
export class KernelError extends Error {
  constructor(
    readonly ename: string,
    readonly evalue: string,
    readonly traceback: string[] = []
  ) {
    super(evalue);
    this.name = ename;
  }
}

/** Bad input or an unreachable/failed service: one paragraph with the remedy. */
export class UserError extends KernelError {
  constructor(evalue: string, ename = 'UserError') {
    super(ename, evalue, []);
  }
}

/** The kernel's configuration (environment or config file) is wrong; the message names the setting. */
export class ConfigError extends UserError {
  constructor(message: string) {
    super(message, 'ConfigError');
  }
}

/** A failure reported by the code the user ran (Scala, SQL, Python), with its useful traceback. */
export class CellCodeError extends KernelError {}

/** The cell was interrupted; the reply status is `error` with this ename, as IPython does. */
export class InterruptedError extends KernelError {
  constructor(evalue = 'The cell was interrupted.') {
    super('KeyboardInterrupt', evalue, []);
  }
}

export interface IErrorContent {
  ename: string;
  evalue: string;
  traceback: string[];
}

/** Turns anything thrown by a cell into the content of a Jupyter error. */
export function toErrorContent(error: unknown): IErrorContent {
  if (error instanceof KernelError) {
    const traceback = error.traceback.length > 0 ? error.traceback : [`${error.ename}: ${error.evalue}`];
    return { ename: error.ename, evalue: error.evalue, traceback };
  }
  const internal = error instanceof Error ? error : new Error(String(error));
  return {
    ename: 'InternalError',
    evalue: `The kernel hit an internal error (a bug): ${internal.message}`,
    traceback: (internal.stack ?? internal.message).split('\n')
  };
}
