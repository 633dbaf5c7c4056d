import { createHash } from 'crypto';
import { IHttpRequest, IHttpResponse, IHttpTransport } from '../../../../kernel/src/livy/http';
import { signableParts, SigV4Signer, SigV4SigningTransport } from '../../../../kernel/src/livy/sigv4-signer';

class RecordingTransport implements IHttpTransport {
  readonly sent: IHttpRequest[] = [];
  closed = false;

  async send(request: IHttpRequest): Promise<IHttpResponse> {
    this.sent.push(request);
    return { status: 200, headers: {}, body: '{}' };
  }

  close(): void {
    this.closed = true;
  }
}

function request(overrides: Partial<IHttpRequest> = {}): IHttpRequest {
  return { method: 'POST', url: 'http://127.0.0.1:8998/sessions/7/statements', headers: { Accept: 'application/json' }, body: '{"code":"1 + 1"}', timeoutMs: 1000, ...overrides };
}

describe('SigV4SigningTransport', () => {
  it('signs every send at its own time, asking the credentials provider each time', async () => {
    const times = [new Date('2026-12-07T09:00:00Z'), new Date('2026-12-07T09:05:00Z')];
    let asked = 0;
    const signer = new SigV4Signer({
      region: 'us-east-1',
      service: 'emr-serverless',
      credentials: async () => {
        asked += 1;
        return { accessKeyId: `AKID${asked}`, secretAccessKey: 'secret' };
      },
      now: () => times.shift() ?? new Date()
    });
    const inner = new RecordingTransport();
    const transport = new SigV4SigningTransport(inner, signer);
    await transport.send(request());
    await transport.send(request());
    const [first, second] = inner.sent;
    expect(first.headers['x-amz-date']).toBe('20261207T090000Z');
    expect(second.headers['x-amz-date']).toBe('20261207T090500Z');
    expect(first.headers.authorization).toContain('Credential=AKID1/20261207/us-east-1/emr-serverless/aws4_request');
    expect(second.headers.authorization).toContain('Credential=AKID2/');
    expect(first.headers.authorization).not.toBe(second.headers.authorization);
    transport.close();
    expect(inner.closed).toBe(true);
  });

  it('signs the body it sends: its SHA-256 is a signed header', async () => {
    const signer = new SigV4Signer({ region: 'eu-west-1', service: 'emr-serverless', credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' } });
    const signed = await signer.sign(request());
    expect(signed.headers['x-amz-content-sha256']).toBe(createHash('sha256').update('{"code":"1 + 1"}').digest('hex'));
    expect(signed.headers.authorization).toMatch(/SignedHeaders=accept;host;x-amz-content-sha256;x-amz-date,/);
    expect(signed.body).toBe('{"code":"1 + 1"}');
  });

  it('carries a session token of temporary credentials, signed', async () => {
    const signer = new SigV4Signer({ region: 'eu-west-1', service: 'emr-serverless', credentials: { accessKeyId: 'ASIA', secretAccessKey: 'secret', sessionToken: 'token-1' } });
    const signed = await signer.sign(request({ method: 'GET', body: undefined }));
    expect(signed.headers['x-amz-security-token']).toBe('token-1');
    expect(signed.headers.authorization).toContain('x-amz-security-token');
  });
});

describe('signableParts', () => {
  it('is what Node sends: the parsed path and query, and a Host naming a non-default port', () => {
    const parts = signableParts(request({ method: 'GET', url: 'http://127.0.0.1:8998/livy/sessions/a%20b/log?from=0&size=10', headers: { Host: 'wrong' }, body: undefined }));
    expect(parts).toMatchObject({ method: 'GET', protocol: 'http:', hostname: '127.0.0.1', port: 8998, path: '/livy/sessions/a%20b/log', query: { from: '0', size: '10' } });
    expect(parts.headers).toEqual({ host: '127.0.0.1:8998' });
  });

  it('leaves the port out of Host where it is the scheme default', () => {
    const parts = signableParts(request({ url: 'https://00abc.livy.emr-serverless-services.us-east-1.amazonaws.com/sessions' }));
    expect(parts.headers.host).toBe('00abc.livy.emr-serverless-services.us-east-1.amazonaws.com');
    expect(parts.port).toBeUndefined();
  });
});
