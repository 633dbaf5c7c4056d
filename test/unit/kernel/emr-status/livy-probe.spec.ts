import { LivyClient } from '../../../../kernel/src/livy/client';
import { LivyAbortedError, LivyTransportError } from '../../../../kernel/src/livy/errors';
import { IHttpRequest, IHttpResponse, LivyHttp } from '../../../../kernel/src/livy/http';
import { probeLivy } from '../../../../kernel/src/livy/reachability';

const URL = 'http://livy.test:8998';

/** A transport that answers with `answer`, or never (until the request's signal aborts it). */
function client(answer?: (request: IHttpRequest) => IHttpResponse) {
  const transport = {
    send: (request: IHttpRequest) =>
      new Promise<IHttpResponse>((resolve, reject) => {
        request.signal?.addEventListener('abort', () => reject(new LivyAbortedError()));
        if (answer) {
          try {
            resolve(answer(request));
          } catch (error) {
            reject(error);
          }
        }
      }),
    close: () => undefined
  };
  return new LivyClient(new LivyHttp({ baseUrl: URL, transport, requestedBy: 't', timeoutMs: 60_000 }));
}

describe('probeLivy (what %%info and Connect ask first)', () => {
  it('gives up at its own deadline on a Livy that never answers, long before the request timeout', async () => {
    expect(await probeLivy(client(), undefined, 50)).toEqual({ reachable: false, cause: 'unreachable', problem: `Livy at ${URL} did not answer within 0.05 s.` });
  });

  it('rethrows an interrupt instead of calling it unreachable', async () => {
    const interrupt = new AbortController();
    const probing = probeLivy(client(), interrupt.signal, 5000);
    interrupt.abort();
    await expect(probing).rejects.toBeInstanceOf(LivyAbortedError);
  });

  it.each([
    ['a version', () => ({ status: 200, headers: {}, body: '{"version": "0.8.0"}' }), { reachable: true, version: '0.8.0' }],
    ['404 (Livy before 0.8)', () => ({ status: 404, headers: {}, body: '' }), { reachable: true }],
    ['401', () => ({ status: 401, headers: {}, body: '{"msg": "no"}' }), { reachable: false, cause: 'refused', problem: 'Livy answered GET /version with HTTP 401: no' }],
    [
      'an untrusted certificate',
      (request: IHttpRequest) => {
        throw new LivyTransportError('LIVY_TLS', 'The TLS connection to https://x failed', request.url, 'DEPTH_ZERO_SELF_SIGNED_CERT', false);
      },
      { reachable: false, cause: 'tls', problem: 'The TLS connection to https://x failed' }
    ]
  ])('reads %s', async (_label, answer, expected) => {
    expect(await probeLivy(client(answer), undefined, 5000)).toEqual(expected);
  });
});
