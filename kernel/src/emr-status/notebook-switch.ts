import { ExecutionQueue } from '../core/execution-queue';
import { probeLivy } from '../livy/reachability';
import { ILivyConnection, ISwitchOptions } from '../cell-kit/context';
import { StatusError } from '../aws/aws-errors';

export type CellQueue = Pick<ExecutionQueue, 'isRunning' | 'enqueue'>;

/** What the panel says after its Connect switched the notebook: where, and whether Livy answers there. */
export interface INotebookSwitch {
  livyUrl: string;
  reachable: boolean;
  livyVersion?: string;
  problem?: string;
  releasedSession?: number;
}

/** The panel's Connect refuses to move a notebook under a running cell: its session would end. */
export function refuseWhileBusy(queue: CellQueue): void {
  if (queue.isRunning) {
    throw new StatusError('KERNEL_BUSY', 'A cell is running in this notebook, and switching Livy now would end its session under it.');
  }
}

/**
 * Switches the notebook's Livy between two cells, never under one, without waiting for the new Livy
 * (AWS named the URL, a tunnel may still be opening), then asks it once whether it answers.
 */
export async function switchNotebook(connection: ILivyConnection, queue: CellQueue, url: string, options: ISwitchOptions = {}): Promise<INotebookSwitch> {
  refuseWhileBusy(queue);
  const outcome = await queue.enqueue(() => connection.switchTo(url, { ...options, verify: false }));
  if (outcome.status === 'aborted') {
    throw new StatusError('KERNEL_BUSY', 'The kernel is shutting down, so the notebook was not connected.');
  }
  const { endpoint, released } = outcome.value;
  const reach = await probeLivy(endpoint.client);
  return {
    livyUrl: endpoint.url,
    reachable: reach.reachable,
    livyVersion: reach.reachable ? reach.version : undefined,
    problem: reach.reachable ? undefined : reach.problem,
    releasedSession: released
  };
}
