import { IStatusError } from '@jupyterlab-emr/common';

/** Thrown inside the status module when the error code is already known. */
export class StatusError extends Error {
  constructor(
    readonly code: IStatusError['code'],
    message: string
  ) {
    super(message);
    this.name = 'StatusError';
  }
}

// Socket-level failures: nothing answered at the endpoint (or no name for it).
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTFOUND', 'EPIPE']);
const NO_CREDENTIALS = new Set(['CredentialsProviderError']);
const INVALID_CREDENTIALS = new Set(['UnrecognizedClientException', 'InvalidClientTokenId', 'InvalidSignatureException', 'SignatureDoesNotMatch', 'ExpiredTokenException', 'ExpiredToken']);
const ACCESS_DENIED = new Set(['AccessDeniedException', 'AccessDenied', 'UnauthorizedOperation', 'UnauthorizedException']);
const THROTTLED = new Set(['ThrottlingException', 'Throttling', 'TooManyRequestsException', 'RequestLimitExceeded']);

interface ISdkError {
  name?: string;
  code?: string;
  message?: string;
  hostname?: string;
  $metadata?: { httpStatusCode?: number };
  cause?: unknown;
  $cause?: unknown;
}

function networkCode(error: ISdkError, depth = 0): string | undefined {
  if (error.code && NETWORK_CODES.has(error.code)) {
    return error.code;
  }
  // The SDK's own timeouts carry no socket code.
  if (error.name === 'TimeoutError') {
    return 'ETIMEDOUT';
  }
  // After retries the SDK wraps the socket error ("AWS SDK error wrapper for Error: connect
  // ECONNREFUSED ..."), sometimes keeping only its text.
  const inner = error.$cause ?? error.cause;
  if (depth < 3 && typeof inner === 'object' && inner !== null) {
    const found = networkCode(inner as ISdkError, depth + 1);
    if (found) {
      return found;
    }
  }
  return [...NETWORK_CODES].find(code => new RegExp(`\\b${code}\\b`).test(error.message ?? ''));
}

/**
 * Maps whatever an SDK call threw to the panel's closed set of codes, keeping AWS's message for
 * the user. `endpoint` is where the call went, named in unreachable/region errors.
 */
export function toStatusError(thrown: unknown, endpoint: string): IStatusError {
  if (thrown instanceof StatusError) {
    return { code: thrown.code, message: thrown.message };
  }
  const error = (typeof thrown === 'object' && thrown !== null ? thrown : { message: String(thrown) }) as ISdkError;
  const name = error.name ?? '';
  const message = error.message ?? name;
  if (NO_CREDENTIALS.has(name) || /Could not load credentials/i.test(message)) {
    return { code: 'AWS_NO_CREDENTIALS', message: `No AWS credentials were found: ${message}` };
  }
  if (/Region is missing/i.test(message)) {
    return { code: 'AWS_WRONG_REGION', message: 'No AWS region is configured.' };
  }
  const socket = networkCode(error);
  if (socket) {
    // An unknown host under amazonaws.com means the region name itself does not exist.
    if (socket === 'ENOTFOUND' && /\.amazonaws\.com/.test(endpoint)) {
      return { code: 'AWS_WRONG_REGION', message: `${endpoint} does not exist (${socket}); the region name may be wrong.` };
    }
    return { code: 'ENDPOINT_UNREACHABLE', message: `Could not reach ${endpoint} (${socket}).` };
  }
  if (INVALID_CREDENTIALS.has(name)) {
    return { code: 'AWS_INVALID_CREDENTIALS', message: `AWS rejected the credentials: ${message}` };
  }
  if (ACCESS_DENIED.has(name) || error.$metadata?.httpStatusCode === 403) {
    return { code: 'AWS_ACCESS_DENIED', message: `Access denied: ${message}` };
  }
  if (THROTTLED.has(name)) {
    return { code: 'AWS_THROTTLED', message: `AWS is throttling requests: ${message}` };
  }
  // Emulators (moto) answer operations they lack with a 500 "has not been implemented".
  if (/not been implemented|NotImplemented/i.test(`${name} ${message}`)) {
    return { code: 'NOT_AVAILABLE', message: `${endpoint} does not support this operation.` };
  }
  const status = error.$metadata?.httpStatusCode;
  if (status !== undefined && status >= 400 && status < 500) {
    return { code: 'AWS_REQUEST_REJECTED', message: `${name}: ${message}` };
  }
  return { code: 'INTERNAL', message: `${name || 'Error'}: ${message}` };
}
