import { createHash } from 'crypto';
import { LivyClient } from '../../../kernel/src/livy/client';
import { IHttpRequest, LivyHttp, NodeHttpTransport } from '../../../kernel/src/livy/http';
import { EMR_SERVERLESS_SIGNING_NAME, SigV4Signer, SigV4SigningTransport } from '../../../kernel/src/livy/sigv4-signer';
import { loadStackEnv } from '../../helpers/stack-env';
import { SigV4VerifyingProxy } from '../../helpers/sigv4-proxy';

// The kernel's SigV4 signing of Livy requests, checked by an independent verifier (botocore, in
// test/helpers/sigv4_verifying_proxy.py) standing in front of the stack's real Livy, as an EMR
// Serverless Livy endpoint would. The kernel-level run (a cell through %connect to an application)
// is in emr-serverless/serverless-connect.spec.ts; this file shows the check itself can fail.
const REGION = 'us-east-1';

describe('SigV4 through a verifying proxy in front of Livy', () => {
  const stack = loadStackEnv();
  const credentials = { accessKeyId: stack.AWS_ACCESS_KEY_ID, secretAccessKey: stack.AWS_SECRET_ACCESS_KEY };
  let proxy: SigV4VerifyingProxy;

  beforeAll(async () => {
    proxy = await SigV4VerifyingProxy.start(stack.LIVY_URL, REGION, EMR_SERVERLESS_SIGNING_NAME, credentials);
  });

  afterAll(async () => {
    await proxy?.stop();
  });

  function signer(secretAccessKey = credentials.secretAccessKey): SigV4Signer {
    return new SigV4Signer({ region: REGION, service: EMR_SERVERLESS_SIGNING_NAME, credentials: { ...credentials, secretAccessKey } });
  }

  /** A session create, signed for its body {"kind":"spark"}, for a test to alter on the way. */
  function signedCreate(): Promise<IHttpRequest> {
    return signer().sign({ method: 'POST', url: `${proxy.url}/sessions`, headers: { 'Content-Type': 'application/json', 'X-Requested-By': 'tests' }, body: '{"kind":"spark"}', timeoutMs: 1000 });
  }

  function signedClient(using: SigV4Signer): LivyClient {
    const transport = new SigV4SigningTransport(new NodeHttpTransport(), using);
    return new LivyClient(new LivyHttp({ baseUrl: proxy.url, transport, requestedBy: 'jupyterlab-emr-tests', timeoutMs: 30_000 }));
  }

  it('forwards signed requests to Livy, a GET and a POST with a body', async () => {
    const client = signedClient(signer());
    try {
      expect((await client.version()).version).toMatch(/^0\.9\./);
      expect(Array.isArray((await client.listSessions()).sessions)).toBe(true);
      // A POST Livy answers 404 for (no such session) still has its body verified before it goes on.
      await expect(client.submitStatement(987654, { code: '1 + 1', kind: 'spark' })).rejects.toMatchObject({ status: 404 });
    } finally {
      client.close();
    }
    const { verified } = await proxy.stats();
    expect(verified.map(check => `${check.method} ${check.path}`)).toEqual(expect.arrayContaining(['GET /version', 'GET /sessions?from=0&size=100', 'POST /sessions/987654/statements']));
  });

  it('refuses a request without a signature', async () => {
    const response = await fetch(`${proxy.url}/sessions`);
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('no SigV4 Authorization header');
  });

  it('refuses a signed request whose body was changed on the way', async () => {
    const signed = await signedCreate();
    const tampered = await fetch(signed.url, { method: 'POST', headers: signed.headers, body: '{"kind":"pyspark"}' });
    expect(tampered.status).toBe(403);
    expect(await tampered.text()).toContain('not the hash of the body');
  });

  it('refuses a request whose body hash was changed to match, because the signature covers it', async () => {
    const body = '{"kind":"pyspark"}';
    const signed = await signedCreate();
    const headers = { ...signed.headers, 'x-amz-content-sha256': createHash('sha256').update(body).digest('hex') };
    const tampered = await fetch(signed.url, { method: 'POST', headers, body });
    expect(tampered.status).toBe(403);
    expect(await tampered.text()).toContain('the signature does not match');
  });

  it('refuses a request signed with the wrong secret key', async () => {
    const client = signedClient(signer('not-the-secret'));
    try {
      await expect(client.version()).rejects.toMatchObject({ status: 403 });
    } finally {
      client.close();
    }
    const { refused } = await proxy.stats();
    expect(refused.some(check => check.path === '/version' && check.problem === 'the signature does not match the request')).toBe(true);
  });
});
