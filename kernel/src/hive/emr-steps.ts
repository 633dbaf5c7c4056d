import { AddJobFlowStepsCommand, DescribeStepCommand, EMRClient } from '@aws-sdk/client-emr';

/** What the kernel reads of a step (DescribeStep). */
export interface IStepStatus {
  state: string;
  /** Why it failed or was cancelled, when EMR says. */
  reason?: string;
  /** Where EMR writes the step's logs, when the cluster has a log URI. */
  logFile?: string;
}

/** The EMR calls behind `%%hive --step`; tests replace this interface. */
export interface IStepService {
  /** Adds a step running the script with `hive -e`; its id. */
  submitHiveScript(clusterId: string, name: string, script: string): Promise<string>;
  describe(clusterId: string, stepId: string): Promise<IStepStatus>;
  /** Where the calls go, for messages. */
  readonly endpoint: string;
}

export const TERMINAL_STEP_STATES = new Set(['COMPLETED', 'CANCELLED', 'FAILED', 'INTERRUPTED']);

// EMR limits each step argument to 10280 characters; a longer script belongs in S3 (hive -f).
export const MAX_INLINE_SCRIPT = 10280;

/**
 * The step the EMR console's "Hive program" makes, with the script inline: command-runner.jar
 * runs `hive -e SCRIPT` on the primary node. ActionOnFailure CONTINUE: a failed notebook query
 * must not terminate a shared cluster.
 */
export function hiveStep(name: string, script: string): NonNullable<ConstructorParameters<typeof AddJobFlowStepsCommand>[0]['Steps']>[number] {
  return {
    Name: name,
    ActionOnFailure: 'CONTINUE',
    HadoopJarStep: { Jar: 'command-runner.jar', Args: ['hive', '-e', script] }
  };
}

export class EmrStepService implements IStepService {
  constructor(
    private readonly _emr: () => Pick<EMRClient, 'send'>,
    readonly endpoint: string
  ) {}

  async submitHiveScript(clusterId: string, name: string, script: string): Promise<string> {
    const { StepIds: ids } = await this._emr().send(new AddJobFlowStepsCommand({ JobFlowId: clusterId, Steps: [hiveStep(name, script)] }));
    const id = ids?.[0];
    if (!id) {
      throw new Error(`AddJobFlowSteps on ${clusterId} returned no step id`);
    }
    return id;
  }

  async describe(clusterId: string, stepId: string): Promise<IStepStatus> {
    const { Step: step } = await this._emr().send(new DescribeStepCommand({ ClusterId: clusterId, StepId: stepId }));
    const status = step?.Status;
    const failure = status?.FailureDetails;
    return {
      state: status?.State ?? 'UNKNOWN',
      reason: failure?.Message ?? failure?.Reason ?? status?.StateChangeReason?.Message ?? undefined,
      logFile: failure?.LogFile ?? undefined
    };
  }
}
