import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, HttpRequest as SignableRequest } from '@smithy/types';
import { IHttpRequest, IHttpResponse, IHttpTransport } from './http';

/** The signing name EMR Serverless's Livy endpoints check requests against. */
export const EMR_SERVERLESS_SIGNING_NAME = 'emr-serverless';

export interface ISigV4SignerOptions {
  region: string;
  /** The signing name of the service, e.g. EMR_SERVERLESS_SIGNING_NAME. */
  service: string;
  /** A provider is asked at every request, so refreshed (role, SSO) credentials are used as they change. */
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** The signing time; tests pass the published vectors' fixed one. */
  now?: () => Date;
  /**
   * Send X-Amz-Content-SHA256 (the body's hash) as a signed header. On for Livy, so a proxy or the
   * service can check the body against it; AWS's published test vectors are computed without it.
   */
  contentHashHeader?: boolean;
}

/** What a Livy endpoint behind SigV4 needs: the region to sign for and the credentials to sign with. */
export interface ISigV4Access {
  region: string;
  credentials: AwsCredentialIdentityProvider;
}

/** `inner` with every request signed for EMR Serverless's Livy endpoints. */
export function emrServerlessTransport(inner: IHttpTransport, access: ISigV4Access): IHttpTransport {
  return new SigV4SigningTransport(inner, new SigV4Signer({ region: access.region, service: EMR_SERVERLESS_SIGNING_NAME, credentials: access.credentials }));
}

/** A request split into the parts SigV4 signs, the path as it will be sent. */
export interface ISignableParts {
  method: string;
  protocol: string;
  hostname: string;
  port?: number;
  path: string;
  query: Record<string, string | string[]>;
  headers: Record<string, string>;
  body?: string;
}

/**
 * Signs requests with AWS Signature Version 4 through the AWS SDK's own signer, so the canonical
 * form (double-encoded path as non-S3 services expect, sorted query, trimmed headers) is the SDK's,
 * not a second implementation of it.
 */
export class SigV4Signer {
  private readonly _signer: SignatureV4;
  private readonly _now: () => Date;

  constructor(options: ISigV4SignerOptions) {
    this._signer = new SignatureV4({
      region: options.region,
      service: options.service,
      credentials: options.credentials,
      sha256: Sha256,
      applyChecksum: options.contentHashHeader ?? true,
      uriEscapePath: true
    });
    this._now = options.now ?? (() => new Date());
  }

  /** The parts' headers plus Host, X-Amz-Date, X-Amz-Security-Token (temporary credentials) and Authorization. */
  async signParts(parts: ISignableParts): Promise<Record<string, string>> {
    const request: SignableRequest = {
      method: parts.method,
      protocol: parts.protocol,
      hostname: parts.hostname,
      port: parts.port,
      path: parts.path,
      query: parts.query,
      headers: { ...parts.headers },
      body: parts.body
    };
    const signed = await this._signer.sign(request, { signingDate: this._now() });
    return signed.headers;
  }

  /** The request with its signature headers, for exactly the URL and body the transport will send. */
  async sign(request: IHttpRequest): Promise<IHttpRequest> {
    const headers = await this.signParts(signableParts(request));
    return { ...request, headers };
  }
}

/**
 * What NodeHttpTransport puts on the wire for a request: the WHATWG-parsed URL's path and query
 * (http.request sends those), and a Host header naming the port when it is not the scheme's default.
 */
export function signableParts(request: IHttpRequest): ISignableParts {
  const url = new URL(request.url);
  const query: Record<string, string | string[]> = {};
  for (const [key, value] of url.searchParams) {
    const seen = query[key];
    query[key] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  const headers = withoutHeader(request.headers, 'host');
  headers.host = url.host;
  return {
    method: request.method,
    protocol: url.protocol,
    hostname: url.hostname,
    port: url.port ? Number(url.port) : undefined,
    path: url.pathname,
    query,
    headers,
    body: request.body
  };
}

function withoutHeader(headers: Record<string, string>, name: string): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([key]) => key.toLowerCase() !== name));
}

/**
 * A transport that signs each request as it is handed over, so every send (a retry, a poll) carries
 * a signature of its own time and body, never one computed earlier.
 */
export class SigV4SigningTransport implements IHttpTransport {
  constructor(
    private readonly _inner: IHttpTransport,
    private readonly _signer: SigV4Signer
  ) {}

  async send(request: IHttpRequest): Promise<IHttpResponse> {
    return this._inner.send(await this._signer.sign(request));
  }

  close(): void {
    this._inner.close();
  }
}
