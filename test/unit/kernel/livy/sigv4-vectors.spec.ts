import { readdirSync, readFileSync } from 'fs';
import * as path from 'path';
import { ISignableParts, SigV4Signer } from '../../../../kernel/src/livy/sigv4-signer';

// AWS's published SigV4 test suite (test/fixtures/sigv4/SOURCE.md): every vector the kernel's signer
// is meant to agree with, through the same SigV4Signer the Livy transport uses.
const VECTORS = path.join(__dirname, '../../../fixtures/sigv4');

/** Vectors the signer is not meant to pass, each with the reason. */
const NOT_RUN: Record<string, string> = {
  // normalize=false is S3's rule (the path signed as sent, dots and all); EMR Serverless, like every
  // non-S3 service, signs the normalized, double-encoded path, which is what the signer does.
  'get-relative-relative-unnormalized': 'S3-only path rule (normalize=false)',
  'get-relative-unnormalized': 'S3-only path rule (normalize=false)',
  'get-slash-dot-slash-unnormalized': 'S3-only path rule (normalize=false)',
  'get-slash-pointless-dot-unnormalized': 'S3-only path rule (normalize=false)',
  'get-slash-unnormalized': 'S3-only path rule (normalize=false)',
  'get-slashes-unnormalized': 'S3-only path rule (normalize=false)',
  'get-space-unnormalized': 'S3-only path rule (normalize=false)',
  // omit_session_token=true: the token is added after signing, as only a few services (IoT) accept.
  'post-sts-header-after': 'session token left out of the signature, which no EMR endpoint expects'
};

interface IVectorContext {
  credentials: { access_key_id: string; secret_access_key: string; token?: string };
  region: string;
  service: string;
  timestamp: string;
  normalize: boolean;
  sign_body: boolean;
}

/** request.txt: a request line, headers (a line starting with whitespace folds into the last value, a repeated name joins with a comma), a blank line, the body. */
function parseRequest(text: string): ISignableParts {
  const [head, ...bodyParts] = text.split('\n\n');
  const [requestLine, ...headerLines] = head.split('\n');
  const match = /^(\S+) (.*) HTTP\/1\.1$/.exec(requestLine);
  if (!match) {
    throw new Error(`not a request line: ${requestLine}`);
  }
  const [, method, target] = match;
  const headers: Record<string, string> = {};
  let last: string | undefined;
  for (const line of headerLines) {
    if (line === '') {
      continue;
    }
    if (/^\s/.test(line) && last !== undefined) {
      headers[last] += ` ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    const name = line.slice(0, colon);
    const value = line.slice(colon + 1);
    const key = Object.keys(headers).find(existing => existing.toLowerCase() === name.toLowerCase());
    if (key !== undefined) {
      headers[key] += `,${value}`;
    } else {
      headers[name] = value;
    }
    last = key ?? name;
  }
  const queryAt = target.indexOf('?');
  const rawPath = queryAt < 0 ? target : target.slice(0, queryAt);
  const query: Record<string, string | string[]> = {};
  if (queryAt >= 0) {
    for (const pair of target.slice(queryAt + 1).split('&')) {
      const [key, value = ''] = pair.split('=').map(part => decodeURIComponent(part));
      const seen = query[key];
      query[key] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
    }
  }
  const body = bodyParts.join('\n\n');
  const host = Object.entries(headers).find(([name]) => name.toLowerCase() === 'host')?.[1] ?? '';
  return { method, protocol: 'https:', hostname: host, path: rawPath, query, headers, body: body === '' ? undefined : body };
}

function headerOf(signedRequest: string, name: string): string | undefined {
  const line = signedRequest.split('\n').find(candidate => candidate.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line?.slice(name.length + 1);
}

function valueOf(headers: Record<string, string>, name: string): string | undefined {
  return Object.entries(headers).find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];
}

const names = readdirSync(VECTORS, { withFileTypes: true })
  .filter(entry => entry.isDirectory())
  .map(entry => entry.name)
  .sort();

describe('SigV4Signer against the AWS SigV4 test suite', () => {
  it('has the published vectors to run', () => {
    expect(names.filter(name => !(name in NOT_RUN)).length).toBeGreaterThanOrEqual(25);
    expect(Object.keys(NOT_RUN).every(name => names.includes(name))).toBe(true);
  });

  it.each(names.filter(name => !(name in NOT_RUN)))('%s', async name => {
    const read = (file: string): string => readFileSync(path.join(VECTORS, name, file), 'utf8');
    const context = JSON.parse(read('context.json')) as IVectorContext;
    const signer = new SigV4Signer({
      region: context.region,
      service: context.service,
      credentials: { accessKeyId: context.credentials.access_key_id, secretAccessKey: context.credentials.secret_access_key, sessionToken: context.credentials.token },
      now: () => new Date(context.timestamp),
      contentHashHeader: context.sign_body
    });
    const headers = await signer.signParts(parseRequest(read('request.txt')));
    const expected = read('header-signed-request.txt');
    expect(valueOf(headers, 'authorization')).toBe(headerOf(expected, 'Authorization'));
    expect(valueOf(headers, 'authorization')).toContain(`Signature=${read('header-signature.txt').trim()}`);
    expect(valueOf(headers, 'x-amz-date')).toBe(headerOf(expected, 'X-Amz-Date'));
    expect(valueOf(headers, 'x-amz-security-token')).toBe(context.credentials.token);
  });
});
