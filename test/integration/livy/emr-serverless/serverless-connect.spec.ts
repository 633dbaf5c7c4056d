import { CreateApplicationCommand, DeleteApplicationCommand, EMRServerlessClient, GetApplicationCommand, StopApplicationCommand } from '@aws-sdk/client-emr-serverless';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { EMR_SERVERLESS_SIGNING_NAME } from '../../../../kernel/src/livy/sigv4-signer';
import { KernelHarness } from '../../../helpers/kernel-harness';
import { SigV4VerifyingProxy } from '../../../helpers/sigv4-proxy';
import { loadStackEnv } from '../../../helpers/stack-env';

// %connect <application-id> end to end, in a real kernel process: moto plays the EMR Serverless API
// (the application is stopped, so the kernel starts it), and since moto serves no Livy endpoint,
// EMR_SERVERLESS_LIVY_URLS points the application at a loopback proxy that checks every request's
// SigV4 signature with botocore, as the real endpoint would, before the stack's Livy runs it.
const env = loadStackEnv();
const ROLE = 'arn:aws:iam::123456789012:role/emr-serverless-notebooks';
const SESSION_MS = 400_000;

describe('emr-livy kernel: %connect to an EMR Serverless application, every Livy request signed', () => {
  const serverless = new EMRServerlessClient({
    region: env.AWS_REGION,
    endpoint: env.AWS_ENDPOINT_URL,
    credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY }
  });
  let proxy: SigV4VerifyingProxy;
  let kernel: KernelHarness;
  let home: string;
  let applicationId: string;

  beforeAll(async () => {
    const created = await serverless.send(
      new CreateApplicationCommand({
        name: `it-serverless-kernel-${process.pid}`,
        releaseLabel: 'emr-7.5.0',
        type: 'SPARK',
        clientToken: `it-serverless-kernel-${Date.now()}`,
        interactiveConfiguration: { livyEndpointEnabled: true }
      })
    );
    applicationId = created.applicationId!;
    await serverless.send(new StopApplicationCommand({ applicationId }));
    proxy = await SigV4VerifyingProxy.start(env.LIVY_URL, env.AWS_REGION, EMR_SERVERLESS_SIGNING_NAME, {
      accessKeyId: env.AWS_ACCESS_KEY_ID,
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY
    });
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'emr-livy-serverless-'));
    kernel = await KernelHarness.start({
      env: {
        ...env,
        HOME: home,
        EMR_LIVY_CONFIG: '',
        // Nothing answers here: every Livy request the test sees went through %connect's endpoint.
        LIVY_URL: 'http://127.0.0.1:9',
        EMR_LIVY_SESSION_NAME_PREFIX: 'it-serverless',
        EMR_SERVERLESS_LIVY_URLS: JSON.stringify({ [applicationId]: proxy.url }),
        EMR_SERVERLESS_EXECUTION_ROLE_ARN: ROLE
      }
    });
  }, 60_000);

  afterAll(async () => {
    await kernel?.stop();
    await proxy?.stop();
    if (applicationId) {
      await serverless.send(new StopApplicationCommand({ applicationId })).catch(() => undefined);
      await serverless.send(new DeleteApplicationCommand({ applicationId })).catch(() => undefined);
    }
    if (home) {
      fs.rmSync(home, { recursive: true, force: true });
    }
  }, 60_000);

  it(
    'starts the stopped application, connects, and runs a Scala cell with every request verified',
    async () => {
      const connected = await kernel.execute(`%connect ${applicationId}`);
      expect(connected.reply.status).toBe('ok');
      expect(connected.stdout).toContain(`Connected to Livy 0.9`);
      expect(connected.stdout).toContain(`EMR Serverless application ${applicationId}`);
      expect(connected.stdout).toContain('started from STOPPED');
      expect(connected.stdout).toContain(`requests signed with SigV4 for ${env.AWS_REGION}`);
      const application = await serverless.send(new GetApplicationCommand({ applicationId }));
      expect(application.application?.state).toBe('STARTED');

      const cell = await kernel.execute('val answer = 40 + 2\nanswer * 2', SESSION_MS);
      expect(cell.reply.status).toBe('ok');
      const shown = cell.stdout + JSON.stringify(cell.bundles);
      expect(shown).toContain('84');

      const { verified, refused } = await proxy.stats();
      expect(refused).toEqual([]);
      const seen = verified.map(check => `${check.method} ${check.path.replace(/\/sessions\/[^/?]+/, '/sessions/N').replace(/\/statements\/\d+/, '/statements/M')}`);
      expect(seen).toEqual(expect.arrayContaining(['GET /version', 'POST /sessions', 'POST /sessions/N/statements', 'GET /sessions/N/statements/M']));
    },
    SESSION_MS
  );

  it('asked for the session to run as the configured execution role, in the signed create request', async () => {
    const { verified } = await proxy.stats();
    const creates = verified.filter(check => check.method === 'POST' && check.path === '/sessions');
    expect(creates).toHaveLength(1);
    const body = JSON.parse(creates[0].body) as { kind?: string; conf?: Record<string, string> };
    expect(body.conf?.['emr-serverless.session.executionRoleArn']).toBe(ROLE);
  }, 60_000);
});
