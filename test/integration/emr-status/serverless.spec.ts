import {
  CancelJobRunCommand,
  CreateApplicationCommand,
  DeleteApplicationCommand,
  EMRServerlessClient,
  GetApplicationCommand,
  StartJobRunCommand,
  StopApplicationCommand
} from '@aws-sdk/client-emr-serverless';
import { StatusReply, StatusResult } from '@jupyterlab-emr/common';
import { loadKernelConfig } from '../../../kernel/src/config';
import { ExecutionQueue } from '../../../kernel/src/core/execution-queue';
import { createCellLayer, createPanelStatusService } from '../../../kernel/src/magics/assembly';
import { Redactor } from '../../../kernel/src/redact';
import { StatusService } from '../../../kernel/src/emr-status/status-service';
import { closedLoopbackPort } from '../../helpers/closed-port';
import { loadStackEnv, readSeed } from '../../helpers/stack-env';

// EMR Serverless through the kernel's status service, wired as main.ts wires it, against the stack's
// moto: the panel's listing and its Connect, which starts a stopped application. Each test makes its
// own applications, so the shared emulator's seeded one is left as it is.
const CALL_MS = 60_000;
const env = loadStackEnv();
for (const name of ['AWS_ENDPOINT_URL', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_REGION', 'AWS_EC2_METADATA_DISABLED']) {
  process.env[name] = env[name];
}
const ROLE = 'arn:aws:iam::123456789012:role/emr-serverless-notebooks';

const serverless = new EMRServerlessClient({
  region: env.AWS_REGION,
  endpoint: env.AWS_ENDPOINT_URL,
  credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY }
});

function statusService(kernelEnv: NodeJS.ProcessEnv = {}): StatusService {
  const redactor = new Redactor();
  const config = loadKernelConfig({ env: { AWS_REGION: env.AWS_REGION, ...kernelEnv }, redactor, homeDir: '/nonexistent' });
  return createPanelStatusService(createCellLayer(config), new ExecutionQueue(), redactor);
}

let nextId = 0;
async function call<M extends StatusReply['method']>(status: StatusService, method: M, params: object): Promise<StatusReply<M>> {
  return (await status.handle({ requestId: `s${nextId++}`, method, params, aws: { region: env.AWS_REGION } })) as StatusReply<M>;
}

function ok<M extends StatusReply['method']>(reply: StatusReply<M>): StatusResult<M> {
  if (!reply.ok) {
    throw new Error(`${reply.method} failed: ${reply.error.code} ${reply.error.message}`);
  }
  return reply.result;
}

async function createApplication(name: string): Promise<string> {
  const created = await serverless.send(
    new CreateApplicationCommand({ name, releaseLabel: 'emr-7.5.0', type: 'SPARK', clientToken: `${name}-${Date.now()}`, interactiveConfiguration: { livyEndpointEnabled: true } })
  );
  return created.applicationId!;
}

/** moto's DeleteApplication leaves an application TERMINATED, as AWS lists one for a while. */
async function terminatedApplication(name: string): Promise<string> {
  const applicationId = await createApplication(name);
  await serverless.send(new StopApplicationCommand({ applicationId }));
  await serverless.send(new DeleteApplicationCommand({ applicationId }));
  return applicationId;
}

async function stateOf(applicationId: string): Promise<string | undefined> {
  return (await serverless.send(new GetApplicationCommand({ applicationId }))).application?.state;
}

describe('EMR Serverless in the panel, against moto', () => {
  const created: string[] = [];

  afterAll(async () => {
    for (const applicationId of created) {
      await serverless.send(new StopApplicationCommand({ applicationId })).catch(() => undefined);
      await serverless.send(new DeleteApplicationCommand({ applicationId })).catch(() => undefined);
    }
  });

  it(
    'lists applications with state, release and type, each with its recent job runs',
    async () => {
      const name = `it-serverless-list-${process.pid}`;
      const applicationId = await createApplication(name);
      created.push(applicationId);
      const runs = [];
      for (const jobName of ['sessionize', 'compact']) {
        const run = await serverless.send(
          new StartJobRunCommand({
            applicationId,
            executionRoleArn: ROLE,
            clientToken: `${jobName}-${Date.now()}`,
            name: jobName,
            jobDriver: { sparkSubmit: { entryPoint: `s3://jobs/${jobName}.py` } }
          })
        );
        runs.push(run.jobRunId!);
      }
      await serverless.send(new CancelJobRunCommand({ applicationId, jobRunId: runs[1] }));

      const { applications } = ok(await call(statusService(), 'listServerlessApplications', {}));
      const listed = applications.find(application => application.id === applicationId);
      expect(listed).toMatchObject({ name, state: 'STARTED', releaseLabel: 'emr-7.5.0', type: 'Spark' });
      expect(Date.parse(listed?.createdAt ?? '')).not.toBeNaN();
      const jobRuns = (listed?.jobRuns ?? []).map(run => ({ id: run.id, name: run.name, state: run.state }));
      expect(jobRuns.sort((a, b) => a.name.localeCompare(b.name))).toEqual([
        { id: runs[1], name: 'compact', state: 'CANCELLED' },
        { id: runs[0], name: 'sessionize', state: 'SUCCESS' }
      ]);
    },
    CALL_MS
  );

  it(
    "lists the stack's seeded application (stopped, its architecture, Livy endpoint on, job runs newest first), mapped to the stack's Livy",
    async () => {
      const seeded = readSeed(env.STACK_SEED_FILE).emrServerless;
      if (!seeded) {
        throw new Error(
          `${env.STACK_SEED_FILE} has no EMR Serverless application: the emulator was seeded before stack/aws/seed.py made one; reseed it with stack/run down moto && stack/run up moto.`
        );
      }
      // stack/run maps it to the stack's Livy (moto serves no Livy endpoint), so the demo's Connect works.
      expect(JSON.parse(env.EMR_SERVERLESS_LIVY_URLS ?? '{}')).toEqual({ [seeded.applicationId]: env.LIVY_URL });
      const { applications } = ok(await call(statusService(), 'listServerlessApplications', {}));
      const listed = applications.find(application => application.id === seeded.applicationId);
      expect(listed).toMatchObject({ name: seeded.applicationName, releaseLabel: seeded.releaseLabel, architecture: seeded.architecture, livyEndpoint: true });
      expect(['STOPPED', 'STARTED']).toContain(listed?.state);
      expect((listed?.jobRuns ?? []).map(run => ({ id: run.id, name: run.name, state: run.state }))).toEqual([...seeded.jobRuns].reverse());
    },
    CALL_MS
  );

  it(
    'leaves terminated applications out of the list',
    async () => {
      const applicationId = await terminatedApplication(`it-serverless-gone-${process.pid}`);
      const { applications } = ok(await call(statusService(), 'listServerlessApplications', {}));
      expect(applications.map(application => application.id)).not.toContain(applicationId);
    },
    CALL_MS
  );

  it(
    'Connect starts a stopped application, then points the notebook at its Livy endpoint (the configured override), signed',
    async () => {
      const applicationId = await createApplication(`it-serverless-connect-${process.pid}`);
      created.push(applicationId);
      await serverless.send(new StopApplicationCommand({ applicationId }));
      expect(await stateOf(applicationId)).toBe('STOPPED');
      // Nothing listens there: the switch still happens and the answer says Livy did not answer.
      const livyUrl = `http://127.0.0.1:${await closedLoopbackPort()}`;
      const status = statusService({ EMR_SERVERLESS_LIVY_URLS: JSON.stringify({ [applicationId]: livyUrl }), EMR_SERVERLESS_EXECUTION_ROLE_ARN: ROLE });
      const result = ok(await call(status, 'connectServerlessApplication', { applicationId }));
      expect(result).toMatchObject({ applicationId, foundState: 'STOPPED', started: true, livyUrl, reachable: false });
      expect(await stateOf(applicationId)).toBe('STARTED');
    },
    CALL_MS
  );

  it(
    'Connect on a started application does not start it again',
    async () => {
      const applicationId = await createApplication(`it-serverless-started-${process.pid}`);
      created.push(applicationId);
      const livyUrl = `http://127.0.0.1:${await closedLoopbackPort()}`;
      const status = statusService({ EMR_SERVERLESS_LIVY_URLS: JSON.stringify({ [applicationId]: livyUrl }) });
      const result = ok(await call(status, 'connectServerlessApplication', { applicationId }));
      expect(result).toMatchObject({ foundState: 'STARTED', started: false });
    },
    CALL_MS
  );

  it(
    "Connect refuses a terminated application with the remedy, and an unknown one with AWS's answer",
    async () => {
      const applicationId = await terminatedApplication(`it-serverless-terminated-${process.pid}`);
      const terminated = await call(statusService(), 'connectServerlessApplication', { applicationId });
      expect(terminated).toMatchObject({ ok: false, error: { code: 'APPLICATION_NOT_CONNECTABLE' } });
      expect(terminated.ok ? '' : terminated.error.message).toContain('is terminated');
      const unknown = await call(statusService(), 'connectServerlessApplication', { applicationId: '00aaaaaaaaaaaaaa' });
      expect(unknown).toMatchObject({ ok: false, error: { code: 'APPLICATION_NOT_CONNECTABLE' } });
      expect(unknown.ok ? '' : unknown.error.message).toContain('00aaaaaaaaaaaaaa');
    },
    CALL_MS
  );
});
