import * as fs from 'fs';
import * as http from 'http';
import * as https from 'https';
import { AddressInfo } from 'net';
import * as path from 'path';
import { LivyBadResponseError, LivyHttpError, LivyTransportError } from '../../../../kernel/src/livy/errors';
import { basicAuthorization, IHttpRequest, IHttpResponse, IHttpTransport, LivyHttp, livyErrorMessage, NodeHttpTransport } from '../../../../kernel/src/livy/http';
import { LosslessNumber } from '../../../../kernel/src/json/lossless-json';
import { livyFixture } from '../../../helpers/livy-fixtures';

const TLS_DIR = path.resolve(__dirname, '../../../fixtures/tls');

describe('livyErrorMessage', () => {
  it.each([
    ['session-not-found-404', "Session '987654' not found."],
    ['statement-submit-while-starting-500', 'java.lang.IllegalStateException: Session is in state starting'],
    ['csrf-header-missing-400', 'Missing Required Header for CSRF protection.'],
    [
      'session-create-unknown-field-400',
      'Unrecognized field "noSuchField" (class org.apache.livy.server.interactive.CreateInteractiveRequest), not marked as ignorable (17 known properties: "executorCores", "conf", "driverMemory", "name", "driverCores", "idleTimeout", "pyFiles", "archives", "kind", "files", "jars", "proxyUser", "numExecutors", "heartbeatTimeoutInSecond", "ttl", "queue", "executorMemory"])'
    ],
    ['completion-missing-kind-500', 'java.util.concurrent.ExecutionException: org.apache.livy.rsc.rpc.RpcException: java.lang.IllegalArgumentException: Invalid kind: null']
  ])("reads Livy's message from %s", (fixture, message) => {
    const response = livyFixture(fixture);
    expect(livyErrorMessage(response.body, response.headers['content-type'])).toBe(message);
  });

  it('falls back to the first line of a body in no known shape', () => {
    expect(livyErrorMessage('upstream connect error\nreset reason: overflow', 'text/plain')).toBe('upstream connect error');
    expect(livyErrorMessage('', 'text/plain')).toBe('');
  });
});

class ScriptedTransport implements IHttpTransport {
  readonly requests: IHttpRequest[] = [];
  constructor(private readonly _response: IHttpResponse) {}
  async send(request: IHttpRequest): Promise<IHttpResponse> {
    this.requests.push(request);
    return this._response;
  }
  close(): void {}
}

describe('LivyHttp', () => {
  it('sends the CSRF header, JSON, basic auth and extra headers on every request', async () => {
    const transport = new ScriptedTransport(livyFixture('session-create-201'));
    const livy = new LivyHttp({
      baseUrl: 'http://livy.example:8998/',
      transport,
      authorization: basicAuthorization('analyst', 's3cret'),
      headers: { 'X-Gateway-Token': 'token-1' },
      requestedBy: 'jupyterlab-emr',
      timeoutMs: 1234
    });
    await livy.request('POST', '/sessions', { body: { kind: 'spark' }, expect: [201] });
    const [request] = transport.requests;
    expect(request.url).toBe('http://livy.example:8998/sessions');
    expect(request.headers).toMatchObject({
      'X-Requested-By': 'jupyterlab-emr',
      'Content-Type': 'application/json',
      Authorization: `Basic ${Buffer.from('analyst:s3cret').toString('base64')}`,
      'X-Gateway-Token': 'token-1'
    });
    expect(request.body).toBe('{"kind":"spark"}');
    expect(request.timeoutMs).toBe(1234);
  });

  it("turns an unexpected status into a LivyHttpError carrying Livy's message", async () => {
    const livy = new LivyHttp({ baseUrl: 'http://livy', transport: new ScriptedTransport(livyFixture('session-not-found-404')), requestedBy: 'x', timeoutMs: 1000 });
    const error = await livy.request('GET', '/sessions/987654', { expect: [200] }).catch(caught => caught);
    expect(error).toBeInstanceOf(LivyHttpError);
    expect(error).toMatchObject({ status: 404, livyMessage: "Session '987654' not found.", path: '/sessions/987654' });
  });

  it('parses bodies losslessly', async () => {
    const livy = new LivyHttp({ baseUrl: 'http://livy', transport: new ScriptedTransport({ status: 200, headers: {}, body: '{"n": 9007199254740993}' }), requestedBy: 'x', timeoutMs: 1000 });
    const { value } = await livy.request('GET', '/x', { expect: [200] });
    expect((value as Record<string, unknown>).n).toEqual(new LosslessNumber('9007199254740993'));
  });

  it('rejects a 2xx body that is not JSON (not Livy at that URL)', async () => {
    const livy = new LivyHttp({ baseUrl: 'http://livy', transport: new ScriptedTransport({ status: 200, headers: {}, body: '<html>login</html>' }), requestedBy: 'x', timeoutMs: 1000 });
    await expect(livy.request('GET', '/sessions', { expect: [200] })).rejects.toBeInstanceOf(LivyBadResponseError);
  });
});

describe('NodeHttpTransport', () => {
  const servers: (http.Server | https.Server)[] = [];
  const transport = new NodeHttpTransport();

  afterAll(async () => {
    transport.close();
    await Promise.all(servers.map(server => new Promise(resolve => server.close(resolve))));
  });

  async function listen(server: http.Server | https.Server): Promise<number> {
    servers.push(server);
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    return (server.address() as AddressInfo).port;
  }

  function request(url: string, overrides: Partial<IHttpRequest> = {}): IHttpRequest {
    return { method: 'GET', url, headers: {}, timeoutMs: 5000, ...overrides };
  }

  it('sends the request and returns status, lower-case headers and body', async () => {
    let seen: { method?: string; body: string; requestedBy?: string } = { body: '' };
    const port = await listen(
      http.createServer((req, res) => {
        let body = '';
        req.on('data', chunk => (body += chunk));
        req.on('end', () => {
          seen = { method: req.method, body, requestedBy: req.headers['x-requested-by'] as string };
          res.writeHead(201, { 'Content-Type': 'application/json', Location: '/sessions/1' });
          res.end('{"id":1}');
        });
      })
    );
    const response = await transport.send(request(`http://127.0.0.1:${port}/sessions`, { method: 'POST', body: '{"kind":"spark"}', headers: { 'X-Requested-By': 'me' } }));
    expect(response).toEqual({ status: 201, headers: expect.objectContaining({ 'content-type': 'application/json', location: '/sessions/1' }), body: '{"id":1}' });
    expect(seen).toEqual({ method: 'POST', body: '{"kind":"spark"}', requestedBy: 'me' });
  });

  it('reports a refused connection as unreachable and not sent', async () => {
    const server = http.createServer();
    const port = await listen(server);
    await new Promise(resolve => server.close(resolve));
    const error = await transport.send(request(`http://127.0.0.1:${port}/version`)).catch(caught => caught);
    expect(error).toBeInstanceOf(LivyTransportError);
    expect(error).toMatchObject({ code: 'LIVY_UNREACHABLE', causeCode: 'ECONNREFUSED', sent: false });
  });

  it('gives up after the timeout, marking a fully sent request as possibly received', async () => {
    const port = await listen(http.createServer(() => undefined));
    const error = await transport.send(request(`http://127.0.0.1:${port}/sessions/1/statements`, { method: 'POST', body: '{}', timeoutMs: 200 })).catch(caught => caught);
    expect(error).toMatchObject({ code: 'LIVY_TIMEOUT', sent: true });
  });

  it('stops waiting when the caller aborts', async () => {
    const port = await listen(http.createServer(() => undefined));
    const controller = new AbortController();
    const pending = transport.send(request(`http://127.0.0.1:${port}/x`, { signal: controller.signal }));
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 'ABORTED' });
  });

  describe('over TLS', () => {
    let port: number;
    const ca = fs.readFileSync(path.join(TLS_DIR, 'livy-test.crt'), 'utf8');

    beforeAll(async () => {
      port = await listen(
        https.createServer({ key: fs.readFileSync(path.join(TLS_DIR, 'livy-test.key')), cert: ca }, (_req, res) => {
          res.writeHead(200, { 'Content-Type': 'application/json' });
          res.end('{"version":"0.8.0-incubating"}');
        })
      );
    });

    it('refuses a certificate no trusted CA signed, as a TLS error', async () => {
      const error = await transport.send(request(`https://127.0.0.1:${port}/version`)).catch(caught => caught);
      expect(error).toMatchObject({ code: 'LIVY_TLS', causeCode: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    });

    it('trusts the certificate through a CA bundle', async () => {
      const trusting = new NodeHttpTransport({ ca });
      try {
        expect((await trusting.send(request(`https://127.0.0.1:${port}/version`))).status).toBe(200);
      } finally {
        trusting.close();
      }
    });

    it('accepts any certificate when told to be insecure', async () => {
      const insecure = new NodeHttpTransport({ insecure: true });
      try {
        expect((await insecure.send(request(`https://localhost:${port}/version`))).body).toContain('0.8.0');
      } finally {
        insecure.close();
      }
    });
  });
});
