import { KernelError } from '../../kernel/src/core/errors';
import { ICellExecutor } from '../../kernel/src/core/cell-layer';
import { RecordingSink } from './recording-sink';

export interface ICellOutcome {
  sink: RecordingSink;
  /** What the cell failed with, if it failed. */
  error?: unknown;
}

let executionCount = 0;

/** Runs one cell through an executor the way the kernel core does, keeping its outputs and error. */
export async function runCell(executor: ICellExecutor, code: string, signal: AbortSignal = new AbortController().signal): Promise<ICellOutcome> {
  const sink = new RecordingSink();
  executionCount += 1;
  try {
    await executor.execute({ code, executionCount, silent: false, storeHistory: true, signal, sink });
    return { sink };
  } catch (error) {
    return { sink, error };
  }
}

/** The error a cell ended with, as the user sees it; fails the test when the cell succeeded or hit a bug. */
export function kernelErrorOf(outcome: ICellOutcome): KernelError {
  if (!(outcome.error instanceof KernelError)) {
    throw new Error(
      `expected the cell to fail with a KernelError, got ${outcome.error === undefined ? 'success' : String((outcome.error as Error)?.stack ?? outcome.error)}\n${JSON.stringify(outcome.sink.events).slice(0, 2000)}`
    );
  }
  return outcome.error;
}

/** Fails the test with the cell's own error when the cell did not succeed. */
export function expectOk(outcome: ICellOutcome): RecordingSink {
  if (outcome.error !== undefined) {
    const error = outcome.error as KernelError;
    throw new Error(`cell failed: ${error.ename ?? error.name}: ${error.evalue ?? error.message}\n${(error.traceback ?? []).join('\n')}\n${error.stack ?? ''}`);
  }
  return outcome.sink;
}
