import { InterruptedError } from '../../kernel/src/core/errors';
import { ICellExecutor, ICompletion, IExecuteRequest, IInspection, IsCompleteStatus } from '../../kernel/src/core/cell-layer';

/**
 * A cell executor for tests of the kernel core: each cell's behaviour is a script the test
 * writes, and cells can be held open until the test releases them, to probe what the kernel
 * does while a cell runs. Used only by tests; the kernel itself runs the magics layer.
 */
export type CellScript = (request: IExecuteRequest) => Promise<void>;

export class FakeCellExecutor implements ICellExecutor {
  readonly executed: IExecuteRequest[] = [];
  readonly shutdowns: boolean[] = [];
  /** Behaviour for code not in `scripts`: succeed without output. */
  readonly scripts = new Map<string, CellScript>();
  completion: ICompletion = { matches: ['println', 'print'], cursorStart: 0, cursorEnd: 2 };
  /** Makes shutdown never finish, like a Livy DELETE that waits for a stuck session. */
  shutdownHangs = false;

  async execute(request: IExecuteRequest): Promise<void> {
    this.executed.push(request);
    await this.scripts.get(request.code)?.(request);
  }

  async complete(code: string, cursorPos: number): Promise<ICompletion> {
    return { ...this.completion, cursorEnd: Math.min(cursorPos, code.length) };
  }

  async inspect(code: string): Promise<IInspection> {
    return { found: code.length > 0, data: { 'text/plain': `inspected ${code}` } };
  }

  async isComplete(code: string): Promise<IsCompleteStatus> {
    return code.trimEnd().endsWith('{') ? { status: 'incomplete', indent: '  ' } : { status: 'complete' };
  }

  async shutdown(restart: boolean): Promise<void> {
    this.shutdowns.push(restart);
    if (this.shutdownHangs) {
      await new Promise(() => undefined);
    }
  }
}

/** A script that waits until the test calls release(), or fails as interrupted when its signal aborts. */
export function heldCell(): { script: CellScript; started: Promise<IExecuteRequest>; release: () => void } {
  let release!: () => void;
  let markStarted!: (request: IExecuteRequest) => void;
  const started = new Promise<IExecuteRequest>(resolve => (markStarted = resolve));
  const released = new Promise<void>(resolve => (release = resolve));
  const script: CellScript = async request => {
    markStarted(request);
    await Promise.race([released, new Promise<never>((_, reject) => request.signal.addEventListener('abort', () => reject(new InterruptedError()), { once: true }))]);
  };
  return { script, started, release };
}
