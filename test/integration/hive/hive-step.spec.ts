import { ListStepsCommand, StepSummary } from '@aws-sdk/client-emr';
import { randomBytes } from 'crypto';
import { eventually } from '../../helpers/livy-stack';
import { loadStackEnv } from '../../helpers/stack-env';
import { contents, kernelForSuite, streamText } from './hive-kernel';
import { emr, scratchClusterForSuite } from './scratch-cluster';

// %%hive --step in a real kernel process against the AWS emulator: AddJobFlowSteps on a cluster
// of the test's own with command-runner.jar running `hive -e`, the step's line updated in place,
// --wait interrupted. moto never moves a step on by itself (new steps stay PENDING), so a
// finished step's outcome is covered by the unit tests.

const env = loadStackEnv();

async function stepNamed(clusterId: string, name: string): Promise<StepSummary | undefined> {
  const { Steps: steps } = await emr.send(new ListStepsCommand({ ClusterId: clusterId }));
  return steps?.find(step => step.Name === name);
}

function displayTexts(execution: { iopub: { header: { msg_type: string }; content: Record<string, unknown> }[] }): string[] {
  return execution.iopub
    .filter(message => message.header.msg_type === 'display_data' || message.header.msg_type === 'update_display_data')
    .map(message => String((message.content.data as Record<string, unknown>)['text/plain']));
}

describe('%%hive --step on the AWS emulator', () => {
  const cluster = scratchClusterForSuite(`it-hive-step-${process.pid}`);
  const kernel = kernelForSuite();

  it('adds a command-runner step running hive -e with the script, and shows its id and state', async () => {
    const clusterId = cluster();
    const name = `it-hive-step-${randomBytes(4).toString('hex')}`;
    const script = "CREATE TABLE IF NOT EXISTS daily (d STRING);\nINSERT INTO daily VALUES ('a;b');";
    const run = await kernel().execute(`%%hive --step --cluster ${clusterId.toLowerCase()} --name ${name}\n${script}`);
    expect(run.reply.status).toBe('ok');
    const listed = await stepNamed(clusterId, name);
    expect(listed).toBeDefined();
    expect(listed?.Config).toMatchObject({ Jar: 'command-runner.jar', Args: ['hive', '-e', script] });
    expect(listed?.ActionOnFailure).toBe('CONTINUE');
    expect(streamText(run, 'stdout')).toContain(`Submitted ${listed?.Id}`);
    const [line] = displayTexts(run);
    expect(line).toMatch(new RegExp(`^EMR step ${listed?.Id} \\(${name}\\) on ${clusterId}: (PENDING|RUNNING)`));
    expect(contents(run, 'display_data')[0].transient).toEqual({ display_id: `emr-hive-step-${listed?.Id}` });
  });

  it('keeps updating the line in place after the cell, and --wait stops waiting on interrupt, leaving the step to run', async () => {
    const clusterId = cluster();
    const name = `it-hive-wait-${randomBytes(4).toString('hex')}`;
    const run = await kernel().execute(`%%hive --step --wait --cluster ${clusterId} --name ${name}\nSELECT 1`, async request => {
      await eventually('the step line to update', 30_000, async () =>
        kernel()
          .harness.client.for(request)
          .some(({ message }) => message.header.msg_type === 'update_display_data')
          ? true
          : undefined
      );
      await kernel().harness.client.send('control', 'interrupt_request');
    });
    const listed = await stepNamed(clusterId, name);
    expect(run.reply).toMatchObject({ status: 'error', ename: 'KeyboardInterrupt' });
    expect(String(run.reply.evalue)).toContain(`Stopped waiting for EMR step ${listed?.Id}; it keeps running on ${clusterId}`);
    expect(String(run.reply.evalue)).toContain(`aws emr cancel-steps --cluster-id ${clusterId} --step-ids ${listed?.Id}`);
    expect(listed?.Status?.State).toMatch(/PENDING|RUNNING/);
    // Still watched after the cell ended: another update arrives for the same display.
    const before = kernel().harness.client.for(run.request).length;
    await eventually('a later update', 30_000, async () => (kernel().harness.client.for(run.request).length > before ? true : undefined));
    const late = kernel().harness.client.for(run.request).slice(before);
    expect(late.every(({ message }) => message.header.msg_type === 'update_display_data')).toBe(true);
  });

  it('says what is missing or wrong, with the remedy', async () => {
    const noCluster = await kernel().execute('%%hive --step\nSELECT 1');
    expect(String(noCluster.reply.evalue)).toContain('%connect j-… first');
    const waitAlone = await kernel().execute('%%hive --wait\nSELECT 1');
    expect(String(waitAlone.reply.evalue)).toContain('--wait goes with --step');
    const unknown = await kernel().execute('%%hive --step --cluster j-NOSUCHCLUSTER1\nSELECT 1');
    expect(unknown.reply).toMatchObject({ status: 'error' });
    expect(String(unknown.reply.evalue)).toContain(`Could not submit the step to EMR cluster j-NOSUCHCLUSTER1 through ${env.AWS_ENDPOINT_URL}`);
  });
});
