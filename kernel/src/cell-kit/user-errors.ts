import { InterruptedError, KernelError, UserError } from '../core/errors';
import { LivyAbortedError, LivyBadResponseError, LivyError, LivyHttpError, LivyTransportError, SessionGoneError, SessionStartError, StatementCancelledError, StatementLostError } from '../livy/errors';

const KEEPS_WORKING = 'The kernel keeps working; run the cell again when that is fixed.';

/**
 * Turns what went wrong into what the user sees: one paragraph that says what happened and what
 * to do. Errors that are not the user's or a service's (bugs) pass through unchanged, so the core
 * reports them as internal errors with their stack.
 */
export function toKernelError(error: unknown, livyUrl: string | undefined, signal?: AbortSignal): unknown {
  if (error instanceof KernelError) {
    return error;
  }
  if (error instanceof LivyAbortedError || (signal?.aborted && error instanceof LivyError)) {
    return new InterruptedError();
  }
  if (error instanceof LivyError) {
    return new UserError(livyParagraph(error, livyUrl ?? 'the configured URL'), error.code);
  }
  return error;
}

function livyParagraph(error: LivyError, configuredUrl: string): string {
  let url = configuredUrl;
  if (error instanceof LivyTransportError) {
    // The request that failed may have gone elsewhere than the current endpoint (%connect checks the new one first).
    url = URL.canParse(error.url) ? new URL(error.url).origin : configuredUrl;
    switch (error.code) {
      case 'LIVY_TLS':
        return (
          `The TLS connection to Livy at ${url} failed (${error.causeCode ?? 'TLS error'}: ${error.message.replace(/^.*?failed: /, '')}). ` +
          'If Livy uses a certificate from a private CA, point EMR_LIVY_CA_BUNDLE (or "livy.caBundle" in the config file) at that CA\'s PEM file; ' +
          `EMR_LIVY_INSECURE=true skips verification, for test clusters only. ${KEEPS_WORKING}`
        );
      case 'LIVY_TIMEOUT':
        return `Livy at ${url} did not answer in time (${error.message}). The cluster may be overloaded or a network path blocked; ` + `EMR_LIVY_REQUEST_TIMEOUT_MS raises the limit. ${KEEPS_WORKING}`;
      default:
        return (
          `Cannot reach Livy at ${url} (${error.causeCode ?? 'no response'}). Check that the cluster is running, that Livy listens there ` +
          `(port 8998 on the EMR primary node) and that this machine can reach it; %connect points the notebook elsewhere. ${KEEPS_WORKING}`
        );
    }
  }
  if (error instanceof LivyHttpError) {
    return httpParagraph(error, url);
  }
  if (error instanceof LivyBadResponseError) {
    return `The server at ${url} does not answer like Livy (${error.message}). Check that LIVY_URL (or %connect) names Livy's base URL, such as http://host:8998. ${KEEPS_WORKING}`;
  }
  if (error instanceof SessionGoneError) {
    return (
      `Livy session ${error.sessionId} is gone (${error.state}): everything earlier cells defined in it (variables, temporary views, cached data) is lost. ` +
      'The next cell starts a fresh session; run again the cells it depends on.'
    );
  }
  if (error instanceof SessionStartError) {
    const log = error.logTail.length > 0 ? ` The end of its log:\n${error.logTail.slice(-15).join('\n')}\n` : ' ';
    return (
      `Livy session ${error.sessionId} did not start (${error.state}).${log}Check the settings (%%configure -f with other values) and the cluster's free ` +
      'memory and cores; the next cell tries a new session.'
    );
  }
  if (error instanceof StatementLostError && !error.checked) {
    // Telling the user it did not run would be a guess: Livy may have the statement and be running it.
    return (
      `Livy did not confirm that it received the cell (${error.cause.message}), and its recent statements could not be read either, ` +
      'so the cell may still be running on the session. Running it again could run it twice: check first whether it took effect ' +
      `(or wait and look with %%info). EMR_LIVY_REQUEST_TIMEOUT_MS raises the limit for a slow Livy.`
    );
  }
  if (error instanceof StatementLostError) {
    return `Livy did not confirm that it received the cell (${error.cause.message}), and the cell is not among the session's recent statements, ` + 'so it most likely did not run. Run it again.';
  }
  if (error instanceof StatementCancelledError) {
    return error.message;
  }
  return error.message;
}

function httpParagraph(error: LivyHttpError, url: string): string {
  const said = error.livyMessage ? ` Livy said: "${error.livyMessage}".` : '';
  switch (true) {
    case error.status === 401:
      return (
        `Livy at ${url} refused the request as unauthenticated (HTTP 401).${said} Set EMR_LIVY_USERNAME and EMR_LIVY_PASSWORD (or "livy.username"/"livy.password" ` +
        `in the config file) for Livy's basic authentication, or EMR_LIVY_HEADERS for a gateway's token, then restart the kernel. ${KEEPS_WORKING}`
      );
    case error.status === 403:
      return `Livy at ${url} refused the request (HTTP 403, forbidden).${said} The user may lack access to Livy or to the session (proxyUser, impersonation rules). ${KEEPS_WORKING}`;
    case error.status === 400 && /CSRF/i.test(error.livyMessage):
      return `Livy at ${url} rejected the request for lack of its CSRF header (HTTP 400). The kernel sends X-Requested-By on every request, so a proxy in between is probably removing it. ${KEEPS_WORKING}`;
    case error.status === 404:
      return `Livy at ${url} has nothing at ${error.method} ${error.path} (HTTP 404).${said} Check that the URL is Livy's base URL, such as http://host:8998. ${KEEPS_WORKING}`;
    case error.status >= 500:
      return `Livy at ${url} failed on ${error.method} ${error.path} (HTTP ${error.status}).${said} This is a problem on the Livy server; %%logs or Livy's own log may say more. ${KEEPS_WORKING}`;
    default:
      return `Livy at ${url} rejected ${error.method} ${error.path} (HTTP ${error.status}).${said} ${KEEPS_WORKING}`;
  }
}

/** The message a cell ends with after an interrupt, saying how far Livy got with the cancel. */
export function interruptedError(error: StatementCancelledError): InterruptedError {
  switch (error.state) {
    case 'cancelled':
      return new InterruptedError(`Interrupted: Livy cancelled statement ${error.statementId} and stopped its Spark jobs.`);
    default:
      return new InterruptedError(
        `Interrupted: Livy is still cancelling statement ${error.statementId} (${error.state}). Its Spark jobs are cancelled; code running on the driver ` +
          '(sleeps, loops) goes on until it returns, and the next cells wait for it. %%info shows the session state.'
      );
  }
}
