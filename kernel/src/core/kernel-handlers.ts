import { Logger } from '../log';
import { ICompleteReply, IExecuteReply, IInspectReply, IIsCompleteReply, IKernelInfoReply, IShutdownReply } from '../protocol/messages';
import { CommManager } from './comm-manager';
import { KernelError, toErrorContent } from './errors';
import { ExecutionQueue } from './execution-queue';
import { ICellExecutor } from './cell-layer';
import { ChannelHandlers, IHandlerTable, RequestMessage } from './dispatcher';
import { IopubOutputSink } from './iopub-output-sink';
import { Outbox } from './outbox';

const log = new Logger('kernel');

// Clients kill a kernel 5 s after shutdown_request (jupyter_client shutdown_wait_time); the
// reply must leave before that even when the cell layer is slow to let go of Livy.
const DEFAULT_SHUTDOWN_BUDGET_MS = 3000;

// A cell can fail in microseconds (no Livy configured, a bad magic line), before the rest of a
// "Run all" has been read off the socket. Before skipping the queue, give requests already on
// their way this long to be received and queued; a client that waits for the error reply before
// sending its next cell is never affected (ipykernel flushes its sockets for the same reason).
const DEFAULT_STOP_ON_ERROR_SETTLE_MS = 10;

export interface IKernelHandlersOptions {
  executor: ICellExecutor;
  queue: ExecutionQueue;
  comms: CommManager;
  outbox: Outbox;
  info: IKernelInfoReply;
  shutdownBudgetMs?: number;
  stopOnErrorSettleMs?: number;
}

/**
 * The kernel's answer to each request type: the protocol side of a cell (execution count,
 * execute_input, error output, stop_on_error, interrupt, shutdown), with the cell language
 * itself behind ICellExecutor.
 */
export class KernelHandlers {
  /** Resolves with the first shutdown_request, once the cell layer has shut down. */
  readonly shutdownRequested: Promise<RequestMessage<'shutdown_request'>>;

  private _executionCount = 0;
  private _stopping: Promise<void> | undefined;
  private _announceShutdown!: (request: RequestMessage<'shutdown_request'>) => void;

  constructor(private readonly _options: IKernelHandlersOptions) {
    this.shutdownRequested = new Promise(resolve => (this._announceShutdown = resolve));
  }

  tables(): ChannelHandlers {
    const kernelInfo = async (): Promise<IKernelInfoReply> => this._options.info;
    const shutdown = (request: RequestMessage<'shutdown_request'>): Promise<IShutdownReply> => this._shutdown(request);
    const shell: IHandlerTable = {
      requests: {
        kernel_info_request: kernelInfo,
        execute_request: request => this._execute(request),
        complete_request: request => this._complete(request),
        inspect_request: request => this._inspect(request),
        is_complete_request: request => this._isComplete(request),
        history_request: async () => ({ status: 'ok', history: [] }),
        comm_info_request: async request => ({ status: 'ok', comms: this._options.comms.commInfo(request.content.target_name) }),
        shutdown_request: shutdown
      },
      notifications: {
        comm_open: message => this._options.comms.open(message),
        comm_msg: message => this._options.comms.message(message),
        comm_close: message => this._options.comms.close(message)
      }
    };
    const control: IHandlerTable = {
      requests: {
        kernel_info_request: kernelInfo,
        interrupt_request: async () => {
          this._options.queue.interrupt();
          return { status: 'ok' };
        },
        shutdown_request: shutdown
      }
    };
    return { shell, control };
  }

  private async _execute(request: RequestMessage<'execute_request'>): Promise<IExecuteReply> {
    const outcome = await this._options.queue.enqueue(signal => this._runCell(request, signal));
    return outcome.status === 'ran' ? outcome.value : { status: 'aborted' };
  }

  private async _runCell(request: RequestMessage<'execute_request'>, signal: AbortSignal): Promise<IExecuteReply> {
    const { code, silent, store_history: storeHistory, stop_on_error: stopOnError } = request.content;
    if (storeHistory) {
      this._executionCount += 1;
    }
    const executionCount = this._executionCount;
    const { outbox, executor, queue } = this._options;
    if (!silent) {
      await outbox.publish('execute_input', { code, execution_count: executionCount }, request);
    }
    const sink = new IopubOutputSink(outbox, request, executionCount, silent);
    try {
      const cellId = typeof request.metadata.cellId === 'string' ? request.metadata.cellId : undefined;
      await executor.execute({ code, executionCount, silent, storeHistory, signal, sink, cellId });
      return { status: 'ok', execution_count: executionCount, user_expressions: {}, payload: [] };
    } catch (error) {
      if (!(error instanceof KernelError)) {
        log.error('A cell failed with an internal error.', error);
      }
      const content = toErrorContent(error);
      if (!silent) {
        await outbox.publish('error', content, request);
      }
      if (stopOnError) {
        const settleMs = this._options.stopOnErrorSettleMs ?? DEFAULT_STOP_ON_ERROR_SETTLE_MS;
        await new Promise(resolve => setTimeout(resolve, settleMs));
        // Still inside the running task, so no waiting cell can start before it is skipped.
        queue.skipWaiting();
      }
      return { status: 'error', execution_count: executionCount, ...content };
    }
  }

  private async _complete(request: RequestMessage<'complete_request'>): Promise<ICompleteReply> {
    const completion = await this._options.executor.complete(request.content.code, request.content.cursor_pos);
    return {
      status: 'ok',
      matches: completion.matches,
      cursor_start: completion.cursorStart,
      cursor_end: completion.cursorEnd,
      metadata: completion.metadata ?? {}
    };
  }

  private async _inspect(request: RequestMessage<'inspect_request'>): Promise<IInspectReply> {
    const { code, cursor_pos: cursorPos, detail_level: detailLevel } = request.content;
    const inspection = await this._options.executor.inspect(code, cursorPos, detailLevel);
    return { status: 'ok', found: inspection.found, data: inspection.data, metadata: {} };
  }

  private async _isComplete(request: RequestMessage<'is_complete_request'>): Promise<IIsCompleteReply> {
    try {
      return await this._options.executor.isComplete(request.content.code);
    } catch (error) {
      // is_complete_reply has no error form; 'unknown' makes the console fall back to its own rule.
      log.error('is_complete failed; answering unknown.', error);
      return { status: 'unknown' };
    }
  }

  /**
   * Stops running cells and shuts the cell layer down, once, within the shutdown budget. Used by
   * shutdown_request and by the process when it must end without one (SIGTERM, orphaned).
   */
  stop(restart: boolean): Promise<void> {
    this._stopping ??= this._stopCellLayer(restart);
    return this._stopping;
  }

  private async _shutdown(request: RequestMessage<'shutdown_request'>): Promise<IShutdownReply> {
    const { restart } = request.content;
    await this.stop(restart);
    this._announceShutdown(request);
    return { status: 'ok', restart };
  }

  private async _stopCellLayer(restart: boolean): Promise<void> {
    this._options.queue.close();
    const budgetMs = this._options.shutdownBudgetMs ?? DEFAULT_SHUTDOWN_BUDGET_MS;
    let timer: NodeJS.Timeout | undefined;
    const overBudget = new Promise<'over budget'>(resolve => {
      timer = setTimeout(() => resolve('over budget'), budgetMs);
    });
    try {
      const outcome = await Promise.race([this._options.executor.shutdown(restart), overBudget]);
      if (outcome === 'over budget') {
        log.warn(`The cell layer did not shut down within ${budgetMs} ms; shutting down without it.`);
      }
    } catch (error) {
      log.error('The cell layer failed to shut down cleanly.', error);
    } finally {
      clearTimeout(timer);
    }
  }
}
