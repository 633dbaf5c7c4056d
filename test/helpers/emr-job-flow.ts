import { RunJobFlowCommandInput } from '@aws-sdk/client-emr';

/**
 * A RunJobFlow request for a long-running cluster with a primary, a core and a spot task group:
 * the shape the panel's node roles, resize and refresh tests need from moto.
 */
export function jobFlowWithGroups(name: string, counts: { core: number; task: number }): RunJobFlowCommandInput {
  return {
    Name: name,
    ReleaseLabel: 'emr-7.9.0',
    JobFlowRole: 'EMR_EC2_DefaultRole',
    ServiceRole: 'EMR_DefaultRole',
    Applications: [{ Name: 'Spark' }],
    Instances: {
      KeepJobFlowAliveWhenNoSteps: true,
      InstanceGroups: [
        { Name: 'Primary', InstanceRole: 'MASTER', Market: 'ON_DEMAND', InstanceType: 'm5.xlarge', InstanceCount: 1 },
        { Name: 'Core', InstanceRole: 'CORE', Market: 'ON_DEMAND', InstanceType: 'r5.xlarge', InstanceCount: counts.core },
        { Name: 'Task', InstanceRole: 'TASK', Market: 'SPOT', InstanceType: 'r5.xlarge', InstanceCount: counts.task }
      ]
    }
  };
}
