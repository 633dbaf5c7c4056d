import { InterruptedError, UserError } from '../core/errors';
import { toStatusError } from '../aws/aws-errors';
import { abortableSleep } from '../livy/abortable-sleep';
import { Logger } from '../log';
import { ICellContext } from '../cell-kit/context';
import { IHiveKernel } from './hive-services';
import { IStepStatus, MAX_INLINE_SCRIPT, TERMINAL_STEP_STATES } from './emr-steps';
import { IHiveCommand, IHiveStepRequest } from './hive-magic';
import { HiveServices } from './hive-services';
import { stepBundle } from './step-view';
import { untilAborted } from './until-aborted';

const log = new Logger('hive');

export const DEFAULT_STEP_NAME = 'notebook hive step';
// EMR's own console refreshes steps every few seconds; a day-long step needs no faster look.
export const STEP_POLL = { initialMs: 1000, factor: 1.5, maxMs: 15_000 };
// A state that cannot be read this many times in a row stops the watch (credentials expired, cluster gone).
const MAX_READ_FAILURES = 3;

interface IStep {
  clusterId: string;
  stepId: string;
  name: string;
}

/**
 * `%%hive --step`: the cell's script becomes an EMR step (`hive -e` through command-runner.jar)
 * on the connected cluster. Its line shows the state and is updated in place until the step ends,
 * also after the cell returns; `--wait` keeps the cell running until then. An interrupt only stops
 * the waiting: the step is the cluster's now, and may be half-way through writing a table.
 */
export async function submitHiveStep(command: IHiveCommand, request: IHiveStepRequest, cell: ICellContext, kernel: IHiveKernel): Promise<void> {
  const hive = kernel.hive;
  const clusterId = request.clusterId ?? kernel.connection.current()?.clusterId;
  if (!clusterId) {
    throw new UserError('%%hive --step needs an EMR cluster to run on: %connect j-… first (the notebook then uses that cluster), or add --cluster j-….');
  }
  const script = command.sql.query.trim();
  if (script === '') {
    throw new UserError('%%hive --step needs a HiveQL script below the magic line.');
  }
  if (script.length > MAX_INLINE_SCRIPT) {
    throw new UserError(
      `This script has ${script.length} characters and EMR takes at most ${MAX_INLINE_SCRIPT} in a step argument, so it cannot go inline. ` +
        'Upload it to S3 and add a step that runs hive -f s3://…/script.q (aws emr add-steps), or split it over several cells.'
    );
  }
  const name = request.name ?? DEFAULT_STEP_NAME;
  let stepId: string;
  try {
    stepId = await hive.steps.submitHiveScript(clusterId, name, script);
  } catch (error) {
    throw awsError(`submit the step to EMR cluster ${clusterId}`, error, hive);
  }
  const step: IStep = { clusterId, stepId, name };
  const watch = watchStep(step, cell, hive);
  if (!request.wait) {
    cell.sink.stream('stdout', `Submitted ${stepId}; its line keeps updating until it ends. The side panel lists it with the cluster's steps.\n`);
    watch.catch(error => log.warn(`Stopped watching step ${stepId}.`, error));
    return;
  }
  const final = await untilAborted(watch, cell.signal);
  if (final === undefined) {
    watch.catch(error => log.warn(`Stopped watching step ${stepId}.`, error));
    throw new InterruptedError(
      `Stopped waiting for EMR step ${stepId}; it keeps running on ${clusterId}, and its line above keeps updating. ` +
        `To stop the step itself: aws emr cancel-steps --cluster-id ${clusterId} --step-ids ${stepId}`
    );
  }
  if (final.state !== 'COMPLETED') {
    throw new UserError(
      `EMR step ${stepId} on ${clusterId} ended ${final.state}${final.reason ? `: ${final.reason}` : ''}.` +
        `${final.logFile ? ` Its log: ${final.logFile}.` : " Its stderr is in the cluster's log URI under steps/" + stepId + '/.'}`,
      'EmrStepFailed'
    );
  }
}

/** Polls the step until it ends (or the kernel stops), showing each state; its last state. */
async function watchStep(step: IStep, cell: ICellContext, hive: HiveServices): Promise<IStepStatus> {
  const displayId = `emr-hive-step-${step.stepId}`;
  const started = Date.now();
  let status: IStepStatus = { state: 'PENDING' };
  const show = (watching: boolean, first = false): void => {
    const bundle = stepBundle({ ...step, status, elapsedMs: Date.now() - started, watching });
    if (first) {
      cell.sink.display(bundle, {}, displayId);
    } else {
      cell.sink.updateDisplay(displayId, bundle);
    }
  };
  show(true, true);
  let delayMs = STEP_POLL.initialMs;
  let failures = 0;
  for (;;) {
    try {
      status = await hive.steps.describe(step.clusterId, step.stepId);
      failures = 0;
    } catch (error) {
      failures += 1;
      if (failures >= MAX_READ_FAILURES) {
        const problem = awsError(`read the state of step ${step.stepId}`, error, hive);
        status = { ...status, reason: problem.evalue };
        show(false);
        throw problem;
      }
    }
    if (TERMINAL_STEP_STATES.has(status.state)) {
      show(false);
      return status;
    }
    show(true);
    try {
      await abortableSleep(delayMs, hive.shutdownSignal);
    } catch {
      show(false);
      return status;
    }
    delayMs = Math.min(STEP_POLL.maxMs, delayMs * STEP_POLL.factor);
  }
}

function awsError(what: string, error: unknown, hive: HiveServices): UserError {
  const status = toStatusError(error, hive.steps.endpoint);
  return new UserError(
    `Could not ${what} through ${hive.steps.endpoint}: ${status.message.replace(/([^.])$/, '$1.')} ` +
      'Check the cluster id and that it is running, the region (AWS_REGION) and the AWS credentials the kernel sees (they need elasticmapreduce:AddJobFlowSteps and DescribeStep).',
    status.code
  );
}
