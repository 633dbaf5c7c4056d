import { IAwsClients } from '../../../../kernel/src/aws/aws-clients';
import { loadKernelConfig } from '../../../../kernel/src/config';
import { createCellExecutor } from '../../../../kernel/src/magics/assembly';
import { Redactor } from '../../../../kernel/src/redact';
import { expectOk, kernelErrorOf, runCell } from '../../../helpers/cell-runner';
import { fakeSdkClient } from '../../../helpers/fake-sdk-client';
import { FakeLivy } from '../../../helpers/fake-livy';

const APP = '00fabcdefghij123';
const ROLE = 'arn:aws:iam::123456789012:role/notebooks';
const ENDPOINT = `https://${APP}.livy.emr-serverless-services.eu-west-1.amazonaws.com`;

/** A kernel's cell layer with EMR Serverless and Livy faked at their boundaries (send, the HTTP transport). */
function kernel(states: string[], env: Record<string, string> = {}) {
  let next = 0;
  const serverless = fakeSdkClient({
    GetApplicationCommand: () => ({ application: { applicationId: APP, name: 'notebooks', state: states[Math.min(next++, states.length - 1)] } }),
    StartApplicationCommand: () => ({})
  });
  const emrServerless = { send: serverless.send, config: { region: async () => 'eu-west-1', credentials: async () => ({ accessKeyId: 'AKIDSERVERLESS', secretAccessKey: 'secret' }) } };
  const livy = new FakeLivy();
  livy.startPolls = 0;
  const urls: string[] = [];
  const file = JSON.stringify({ poll: { initialMs: 1, maxMs: 5 }, progressDelayMs: 0, session: { heartbeatTimeoutSeconds: 0 }, emr: { serverlessStartTimeoutSeconds: 5 } });
  const config = loadKernelConfig({ env: { EMR_LIVY_CONFIG: '/cfg.json', AWS_REGION: 'eu-west-1', ...env }, redactor: new Redactor(), readFile: () => file });
  const executor = createCellExecutor(config, {
    transport: url => (urls.push(url), livy),
    awsClients: () => ({ emrServerless }) as unknown as IAwsClients
  });
  return { executor, livy, serverless, urls };
}

describe('%connect <application-id>', () => {
  it('starts the stopped application, connects to its Livy endpoint and signs every request, the session asking for the execution role', async () => {
    const { executor, livy, serverless, urls } = kernel(['STOPPED', 'STARTING', 'STARTED'], { EMR_SERVERLESS_EXECUTION_ROLE_ARN: ROLE });
    const connected = expectOk(await runCell(executor, `%connect ${APP}`));
    expect(serverless.calls.map(call => call.command)).toContain('StartApplicationCommand');
    expect(urls).toEqual([ENDPOINT]);
    expect(connected.text()).toContain(`at ${ENDPOINT} (EMR Serverless application ${APP}, notebooks, started from STOPPED; requests signed with SigV4 for eu-west-1).`);
    expect(connected.text()).not.toContain('No execution role is set');
    expect(connected.events.some(event => event.type === 'display' && JSON.stringify(event.data).includes('STARTING, waiting for STARTED'))).toBe(true);

    expectOk(await runCell(executor, '1 + 1'));
    expect(livy.requests.length).toBeGreaterThan(2);
    for (const request of livy.requests) {
      expect(request.headers.authorization).toMatch(
        /^AWS4-HMAC-SHA256 Credential=AKIDSERVERLESS\/\d{8}\/eu-west-1\/emr-serverless\/aws4_request, SignedHeaders=[a-z0-9;-]*host;x-amz-content-sha256;x-amz-date/
      );
      expect(request.headers.host).toBe(new URL(ENDPOINT).host);
    }
    const created = JSON.parse(livy.requestsTo('POST', /\/sessions$/)[0].body ?? '{}') as { conf?: Record<string, string> };
    expect(created.conf?.['emr-serverless.session.executionRoleArn']).toBe(ROLE);
  });

  it('says an execution role is missing, with the two ways to give one', async () => {
    const { executor } = kernel(['STARTED']);
    const connected = expectOk(await runCell(executor, `%connect ${APP}`));
    expect(connected.text()).toContain('No execution role is set: EMR Serverless refuses a session without one. Set EMR_SERVERLESS_EXECUTION_ROLE_ARN');
    expect(connected.text()).toContain('"emr-serverless.session.executionRoleArn"');
  });

  it('fails the cell with the remedy when the application is terminated, and stays where it was', async () => {
    const { executor, urls } = kernel(['TERMINATED'], { LIVY_URL: 'http://livy-a.test:8998' });
    const error = kernelErrorOf(await runCell(executor, `%connect ${APP}`));
    expect(error.evalue).toContain(`EMR Serverless application ${APP} (notebooks) is terminated.`);
    expect(urls).toEqual(['http://livy-a.test:8998']);
  });
});
