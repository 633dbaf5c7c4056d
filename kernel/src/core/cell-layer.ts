import { IOutputSink } from './output-sink';

/** What the kernel core hands the cell layer for one `execute_request`. */
export interface IExecuteRequest {
  code: string;
  executionCount: number;
  silent: boolean;
  storeHistory: boolean;
  /** Aborted when the user interrupts (an `interrupt_request` on control) or the kernel shuts down. */
  signal: AbortSignal;
  sink: IOutputSink;
  /**
   * The notebook cell's id, from the request's metadata (JupyterLab and nbclient send `cellId`):
   * a cell run again replaces its outputs, so what the kernel kept for them can go.
   */
  cellId?: string;
}

export interface ICompletion {
  matches: string[];
  cursorStart: number;
  cursorEnd: number;
  metadata?: Record<string, unknown>;
}

export interface IInspection {
  found: boolean;
  data: Record<string, unknown>;
}

export type IsCompleteStatus = { status: 'complete' } | { status: 'incomplete'; indent: string } | { status: 'invalid' } | { status: 'unknown' };

/**
 * The cell language behind the protocol: magics, Livy, results. The core calls it; it never
 * touches sockets. `execute` resolves when the cell succeeded and rejects with a KernelError
 * (see errors.ts) when it failed or was interrupted.
 */
export interface ICellExecutor {
  execute(request: IExecuteRequest): Promise<void>;
  complete(code: string, cursorPos: number): Promise<ICompletion>;
  inspect(code: string, cursorPos: number, detailLevel: number): Promise<IInspection>;
  isComplete(code: string): Promise<IsCompleteStatus>;
  /** Called once on `shutdown_request` (restart tells whether a new kernel follows). */
  shutdown(restart: boolean): Promise<void>;
}
