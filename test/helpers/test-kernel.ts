import { CommManager } from '../../kernel/src/core/comm-manager';
import { Dispatcher } from '../../kernel/src/core/dispatcher';
import { ExecutionQueue } from '../../kernel/src/core/execution-queue';
import { ICellExecutor } from '../../kernel/src/core/cell-layer';
import { KernelHandlers } from '../../kernel/src/core/kernel-handlers';
import { kernelInfo } from '../../kernel/src/core/kernel-info';
import { Outbox } from '../../kernel/src/core/outbox';
import { Redactor } from '../../kernel/src/redact';
import { FakeCellExecutor } from './fake-cell-executor';
import { InMemoryTransport } from './in-memory-transport';

export interface ITestKernel<E extends ICellExecutor = FakeCellExecutor> {
  transport: InMemoryTransport;
  executor: E;
  redactor: Redactor;
  comms: CommManager;
  queue: ExecutionQueue;
  handlers: KernelHandlers;
  dispatcher: Dispatcher;
}

/** The kernel core wired as main.ts wires it, over an in-memory transport and a fake executor. */
export function createTestKernel(options: { shutdownBudgetMs?: number; stopOnErrorSettleMs?: number } = {}): ITestKernel {
  const transport = new InMemoryTransport();
  const executor = new FakeCellExecutor();
  const redactor = new Redactor();
  const outbox = new Outbox(transport, redactor);
  const comms = new CommManager(outbox);
  const queue = new ExecutionQueue();
  const handlers = new KernelHandlers({
    executor,
    queue,
    comms,
    outbox,
    info: kernelInfo('0.0.0-test'),
    shutdownBudgetMs: options.shutdownBudgetMs,
    stopOnErrorSettleMs: options.stopOnErrorSettleMs
  });
  const dispatcher = new Dispatcher(outbox, handlers.tables());
  transport.start((channel, message) => void dispatcher.dispatch(channel, message));
  return { transport, executor, redactor, comms, queue, handlers, dispatcher };
}
