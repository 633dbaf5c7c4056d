import * as http from 'http';
import * as https from 'https';
import * as tls from 'tls';
import { LivyAbortedError, LivyBadResponseError, LivyHttpError, LivyTransportError } from './errors';
import { JsonValue, parseLosslessJson } from '../json/lossless-json';

export interface IHttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface IHttpResponse {
  status: number;
  /** Lower-case header names. */
  headers: Record<string, string | undefined>;
  body: string;
}

/**
 * One HTTP exchange. Failures without a response are LivyTransportError. Tests replace this
 * with recorded Livy responses; the kernel uses NodeHttpTransport.
 */
export interface IHttpTransport {
  send(request: IHttpRequest): Promise<IHttpResponse>;
  /** Frees pooled connections so the process can exit. */
  close(): void;
}

export interface INodeHttpTransportOptions {
  /** PEM certificates to trust besides Node's built-in roots: the CA bundle behind Livy's certificate. */
  ca?: string;
  /** Accept any certificate. For a test cluster only; the config layer warns when it is on. */
  insecure?: boolean;
}

const TLS_CODES = new Set([
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REVOKED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'HOSTNAME_MISMATCH',
  'EPROTO'
]);

function isTlsCode(code: string | undefined): boolean {
  return code !== undefined && (TLS_CODES.has(code) || code.startsWith('ERR_TLS_') || code.startsWith('ERR_SSL_'));
}

/**
 * HTTP over Node's own http/https modules rather than the global fetch: fetch cannot take a CA
 * bundle or skip verification per request without the undici package, and Livy on EMR 7.4+
 * serves TLS. Connections are kept alive, so the rapid polls of a fast statement cost no
 * handshakes.
 */
export class NodeHttpTransport implements IHttpTransport {
  private readonly _httpAgent = new http.Agent({ keepAlive: true });
  private readonly _httpsAgent: https.Agent;

  constructor(options: INodeHttpTransportOptions = {}) {
    this._httpsAgent = new https.Agent({
      keepAlive: true,
      // Node's `ca` replaces the built-in roots; a private CA should add to them, not shut out public ones.
      ...(options.ca !== undefined ? { ca: [...tls.rootCertificates, options.ca] } : {}),
      rejectUnauthorized: !options.insecure
    });
  }

  send(request: IHttpRequest): Promise<IHttpResponse> {
    return new Promise((resolve, reject) => {
      const url = new URL(request.url);
      const secure = url.protocol === 'https:';
      const module = secure ? https : http;
      const headers: Record<string, string> = { ...request.headers };
      if (request.body !== undefined) {
        headers['Content-Length'] = String(Buffer.byteLength(request.body));
      }
      let sent = false;
      let settled = false;
      const fail = (error: Error): void => {
        if (!settled) {
          settled = true;
          cleanup();
          reject(error);
        }
      };
      const req = module.request(url, { method: request.method, headers, agent: secure ? this._httpsAgent : this._httpAgent }, res => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', error => fail(transportError(request, error, true)));
        res.on('end', () => {
          if (settled) {
            return;
          }
          settled = true;
          cleanup();
          const responseHeaders: Record<string, string | undefined> = {};
          for (const [name, value] of Object.entries(res.headers)) {
            responseHeaders[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
          }
          resolve({ status: res.statusCode ?? 0, headers: responseHeaders, body: decodeBody(Buffer.concat(chunks), responseHeaders['content-type']) });
        });
      });
      const timer = setTimeout(() => {
        const error = new LivyTransportError('LIVY_TIMEOUT', `Livy did not answer ${request.method} ${url.pathname} within ${request.timeoutMs / 1000} s.`, request.url, 'ETIMEDOUT', sent);
        fail(error);
        req.destroy();
      }, request.timeoutMs);
      const onAbort = (): void => {
        fail(new LivyAbortedError());
        req.destroy();
      };
      const cleanup = (): void => {
        clearTimeout(timer);
        request.signal?.removeEventListener('abort', onAbort);
      };
      if (request.signal?.aborted) {
        onAbort();
        return;
      }
      request.signal?.addEventListener('abort', onAbort, { once: true });
      req.on('finish', () => (sent = true));
      req.on('error', error => fail(transportError(request, error, sent)));
      req.end(request.body);
    });
  }

  close(): void {
    this._httpAgent.destroy();
    this._httpsAgent.destroy();
  }
}

function decodeBody(bytes: Buffer, contentType: string | undefined): string {
  // Jetty's HTML error pages say iso-8859-1; Livy's JSON is UTF-8.
  return /charset=iso-8859-1/i.test(contentType ?? '') ? bytes.toString('latin1') : bytes.toString('utf8');
}

function transportError(request: IHttpRequest, error: Error, sent: boolean): LivyTransportError {
  const code = (error as NodeJS.ErrnoException).code;
  const where = new URL(request.url).origin;
  if (isTlsCode(code)) {
    return new LivyTransportError('LIVY_TLS', `The TLS connection to ${where} failed: ${error.message}`, request.url, code, sent);
  }
  return new LivyTransportError('LIVY_UNREACHABLE', `Cannot reach Livy at ${where}: ${error.message}`, request.url, code, sent);
}

/**
 * Livy's message from an error body, whichever of its three shapes it has: `{"msg": "…"}`
 * (400/404 from the servlets), a bare JSON string (500s and Jackson's 400s), or a Jetty HTML
 * page (filters such as the CSRF check). Java stack frames after the first line are dropped.
 */
export function livyErrorMessage(body: string, contentType?: string): string {
  const text = body.trim();
  if (text === '') {
    return '';
  }
  if (/html/i.test(contentType ?? '') || text.startsWith('<')) {
    const title = /<title>([\s\S]*?)<\/title>/i.exec(text)?.[1] ?? /<h2>([\s\S]*?)<\/h2>/i.exec(text)?.[1];
    return firstLine((title ?? text.replace(/<[^>]*>/g, ' ')).replace(/^(HTTP )?ERROR \d+\s*/i, '').replace(/^Error \d+\s*/i, ''));
  }
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value === 'string') {
      return firstLine(value);
    }
    if (value !== null && typeof value === 'object' && typeof (value as { msg?: unknown }).msg === 'string') {
      return firstLine((value as { msg: string }).msg);
    }
  } catch {
    // Not JSON: fall through to the raw text.
  }
  return firstLine(text);
}

function firstLine(text: string): string {
  return text.split('\n')[0].replace(/\s+/g, ' ').trim();
}

export function basicAuthorization(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}

export interface ILivyHttpOptions {
  /** Livy's base URL, possibly with a path prefix (a proxy's `/livy`). */
  baseUrl: string;
  transport: IHttpTransport;
  /** A full Authorization header value, e.g. from basicAuthorization(). */
  authorization?: string;
  /** Extra headers on every request (a gateway's token, a tenant header). */
  headers?: Record<string, string>;
  /** Value of X-Requested-By: Livy with CSRF protection rejects POST/DELETE without it. */
  requestedBy: string;
  timeoutMs: number;
}

export interface IRequestOptions {
  body?: unknown;
  /** The statuses this endpoint answers with on success; anything else is a LivyHttpError. */
  expect: readonly number[];
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface ILivyResponse {
  status: number;
  value: JsonValue;
  location?: string;
}

/** Livy's HTTP conventions: auth, CSRF header, JSON bodies, expected statuses, its error shapes. */
export class LivyHttp {
  private readonly _base: string;

  constructor(private readonly _options: ILivyHttpOptions) {
    this._base = _options.baseUrl.replace(/\/+$/, '');
  }

  get baseUrl(): string {
    return this._base;
  }

  async request(method: string, path: string, options: IRequestOptions): Promise<ILivyResponse> {
    const headers: Record<string, string> = {
      ...this._options.headers,
      Accept: 'application/json',
      'X-Requested-By': this._options.requestedBy
    };
    if (this._options.authorization) {
      headers.Authorization = this._options.authorization;
    }
    let body: string | undefined;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['Content-Type'] = 'application/json';
    }
    const response = await this._options.transport.send({
      method,
      url: `${this._base}${path}`,
      headers,
      body,
      timeoutMs: options.timeoutMs ?? this._options.timeoutMs,
      signal: options.signal
    });
    if (!options.expect.includes(response.status)) {
      throw new LivyHttpError(method, path, response.status, livyErrorMessage(response.body, response.headers['content-type']));
    }
    let value: JsonValue = null;
    if (response.body.trim() !== '') {
      try {
        value = parseLosslessJson(response.body);
      } catch (error) {
        throw new LivyBadResponseError(method, path, `${(error as Error).message}; body starts ${JSON.stringify(response.body.slice(0, 80))}`);
      }
    }
    return { status: response.status, value, location: response.headers.location };
  }

  close(): void {
    this._options.transport.close();
  }
}
