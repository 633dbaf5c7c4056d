import { EMRClient, RunJobFlowCommand, TerminateJobFlowsCommand } from '@aws-sdk/client-emr';
import { loadStackEnv } from '../../helpers/stack-env';

const env = loadStackEnv();

/** The emulator's EMR API, as the tests reach it. */
export const emr = new EMRClient({
  region: env.AWS_REGION,
  endpoint: env.AWS_ENDPOINT_URL,
  credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY }
});

/**
 * A cluster of the test's own on the emulator (with Hive), created before the describe block's
 * tests and terminated after: steps added to the seeded cluster would push its seeded steps out
 * of the panel's recent list, which other tests check, and the emulator keeps them until it restarts.
 */
export function scratchClusterForSuite(name: string): () => string {
  let clusterId: string | undefined;
  beforeAll(async () => {
    const created = await emr.send(
      new RunJobFlowCommand({
        Name: name,
        ReleaseLabel: 'emr-7.9.0',
        JobFlowRole: 'EMR_EC2_DefaultRole',
        ServiceRole: 'EMR_DefaultRole',
        Applications: [{ Name: 'Hive' }, { Name: 'Spark' }, { Name: 'Livy' }],
        Instances: { KeepJobFlowAliveWhenNoSteps: true, InstanceGroups: [{ InstanceRole: 'MASTER', InstanceType: 'm5.xlarge', InstanceCount: 1, Market: 'ON_DEMAND' }] }
      })
    );
    clusterId = created.JobFlowId;
  }, 60_000);
  afterAll(async () => {
    if (clusterId) {
      await emr.send(new TerminateJobFlowsCommand({ JobFlowIds: [clusterId] }));
    }
  });
  return () => {
    if (!clusterId) {
      throw new Error('The scratch cluster was not created.');
    }
    return clusterId;
  };
}
