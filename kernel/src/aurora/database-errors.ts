import { UserError } from '../core/errors';
import { IConnectionParams } from './credentials';

interface IDriverError {
  message?: string;
  /** pg: the SQLSTATE; mysql2: ER_… names; Node: ECONNREFUSED, ETIMEDOUT, … */
  code?: string;
  errno?: number;
  sqlState?: string;
  sqlMessage?: string;
  /** pg: where in the statement the error is, 1-based. */
  position?: string;
  detail?: string;
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ECONNRESET', 'EPIPE']);
// PostgreSQL 28P01/28000, MySQL 1045 (ER_ACCESS_DENIED_ERROR), 1044 (ER_DBACCESS_DENIED_ERROR).
const AUTH_CODES = new Set(['28P01', '28000', 'ER_ACCESS_DENIED_ERROR', 'ER_DBACCESS_DENIED_ERROR']);
// Node's TLS verification failures (the server's certificate chain or name not accepted).
const CERTIFICATE_CODES = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID'
]);
// The connection was cut under a running statement (terminated backend, server restart).
const CUT_CODES = new Set(['57P01', '57P02', '57P03', 'PROTOCOL_CONNECTION_LOST', 'ER_SERVER_SHUTDOWN']);

/** Where the target is, without the password: `silver-pg (postgres at 127.0.0.1:5432/silver as silver)`. */
export function describeTarget(params: IConnectionParams): string {
  return `${params.target} (${params.engine} at ${params.host}:${params.port}/${params.database} as ${params.user})`;
}

function errorText(error: IDriverError): string {
  const message = (error.sqlMessage ?? error.message ?? String(error)).trim();
  return error.detail ? `${message}; ${error.detail}` : message;
}

/** The driver's name for what went wrong: a SQLSTATE or an error code, for the Jupyter error's name. */
export function errorName(error: unknown): string {
  const driver = error as IDriverError;
  return driver.code && /^[A-Z0-9_]+$/.test(driver.code) ? driver.code : 'DatabaseError';
}

/** Whether the error is the connection failing rather than the statement. */
export function isConnectionLost(error: unknown): boolean {
  const code = (error as IDriverError).code ?? '';
  return (
    UNREACHABLE.has(code) ||
    CUT_CODES.has(code) ||
    /Connection terminated|connection is in closed state|Can't add new command when connection is in closed state/i.test(String((error as IDriverError).message))
  );
}

/**
 * A database driver's error as one paragraph with the remedy; `doing` says what the kernel was
 * doing ("running the statement", "merging the staging table into …").
 */
export function databaseUserError(error: unknown, params: IConnectionParams, doing: string): UserError {
  if (error instanceof UserError) {
    return error;
  }
  const driver = (error ?? {}) as IDriverError;
  const code = driver.code ?? '';
  const where = describeTarget(params);
  if (UNREACHABLE.has(code)) {
    return new UserError(
      `Cannot reach Aurora target ${where} while ${doing} (${code}). Check that the database is running and that this machine can reach it ` +
        '(security group, VPN, tunnel); locally, `stack/run status`.',
      'AuroraUnreachable'
    );
  }
  // mysql2 renames a TLS handshake's error HANDSHAKE_SSL_ERROR and keeps Node's message.
  if (CERTIFICATE_CODES.has(code) || (code === 'HANDSHAKE_SSL_ERROR' && /certificate|altnames/i.test(driver.message ?? ''))) {
    return new UserError(
      `Aurora target ${where} presented a TLS certificate the kernel does not trust while ${doing} (${code}: ${errorText(driver)}). ` +
        'Give the target a "caBundle": a PEM file with the CA that signed the server\'s certificate (for RDS and Aurora, the RDS CA bundle); ' +
        'the connection must also name the host the certificate was made for.',
      'AuroraCertificateError'
    );
  }
  if (AUTH_CODES.has(code) || driver.errno === 1045) {
    return new UserError(
      `Aurora target ${where} refused the login while ${doing}: ${errorText(driver)}. Check the user and password in the target's secret ` +
        "(or its passwordEnv), or that the IAM token's user has rds_iam / AWSAuthenticationPlugin.",
      'AuroraAuthError'
    );
  }
  if (isConnectionLost(error)) {
    return new UserError(`The connection to Aurora target ${where} was lost while ${doing} (${errorText(driver)}). The database may have restarted; run the cell again.`, 'AuroraConnectionLost');
  }
  const position = driver.position ? ` (at character ${driver.position} of the statement)` : '';
  return new UserError(`Aurora target ${where} rejected the statement while ${doing}: ${errorText(driver)}${position}.`, errorName(error));
}
