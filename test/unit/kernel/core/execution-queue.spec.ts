import { ExecutionQueue } from '../../../../kernel/src/core/execution-queue';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>(done => (resolve = done));
  return { promise, resolve };
}

describe('ExecutionQueue', () => {
  it('runs tasks one at a time, in the order they were queued', async () => {
    const queue = new ExecutionQueue();
    const log: string[] = [];
    const first = deferred();
    const a = queue.enqueue(async () => {
      log.push('a start');
      await first.promise;
      log.push('a end');
      return 'a';
    });
    const b = queue.enqueue(async () => {
      log.push('b');
      return 'b';
    });
    await new Promise(resolve => setImmediate(resolve));
    expect(log).toEqual(['a start']);
    first.resolve();
    await expect(Promise.all([a, b])).resolves.toEqual([
      { status: 'ran', value: 'a' },
      { status: 'ran', value: 'b' }
    ]);
    expect(log).toEqual(['a start', 'a end', 'b']);
  });

  it('aborts the running task’s signal on interrupt, and reports whether anything was running', async () => {
    const queue = new ExecutionQueue();
    expect(queue.interrupt()).toBe(false);
    const started = deferred();
    const outcome = queue.enqueue(
      signal =>
        new Promise<string>(resolve => {
          started.resolve();
          signal.addEventListener('abort', () => resolve(`aborted: ${String(signal.reason)}`));
        })
    );
    await started.promise;
    expect(queue.isRunning).toBe(true);
    expect(queue.interrupt()).toBe(true);
    await expect(outcome).resolves.toEqual({ status: 'ran', value: 'aborted: interrupted' });
    expect(queue.isRunning).toBe(false);
  });

  it('gives each task a fresh signal, so an interrupt does not leak into the next cell', async () => {
    const queue = new ExecutionQueue();
    const signals: AbortSignal[] = [];
    const started = deferred();
    const release = deferred();
    const first = queue.enqueue(async signal => {
      signals.push(signal);
      started.resolve();
      await release.promise;
    });
    const second = queue.enqueue(async signal => void signals.push(signal));
    await started.promise;
    queue.interrupt();
    release.resolve();
    await Promise.all([first, second]);
    expect(signals.map(signal => signal.aborted)).toEqual([true, false]);
  });

  it('skips waiting tasks without running them', async () => {
    const queue = new ExecutionQueue();
    const ran: string[] = [];
    const started = deferred();
    const release = deferred();
    const running = queue.enqueue(async () => {
      started.resolve();
      await release.promise;
      ran.push('running');
    });
    const waiting = [queue.enqueue(async () => void ran.push('w1')), queue.enqueue(async () => void ran.push('w2'))];
    await started.promise;
    queue.skipWaiting();
    release.resolve();
    await expect(running).resolves.toEqual({ status: 'ran', value: undefined });
    await expect(Promise.all(waiting)).resolves.toEqual([{ status: 'aborted' }, { status: 'aborted' }]);
    expect(ran).toEqual(['running']);
  });

  it('skips a task that was queued but has not started yet', async () => {
    const queue = new ExecutionQueue();
    const task = jest.fn(async () => 'x');
    const outcome = queue.enqueue(task);
    queue.skipWaiting();
    await expect(outcome).resolves.toEqual({ status: 'aborted' });
    expect(task).not.toHaveBeenCalled();
  });

  it('still runs tasks queued after a skip', async () => {
    const queue = new ExecutionQueue();
    queue.skipWaiting();
    await expect(queue.enqueue(async () => 1)).resolves.toEqual({ status: 'ran', value: 1 });
  });

  it('passes a task’s failure to its caller and runs the next task', async () => {
    const queue = new ExecutionQueue();
    const failing = queue.enqueue(async () => {
      throw new Error('boom');
    });
    const next = queue.enqueue(async () => 'next');
    await expect(failing).rejects.toThrow('boom');
    await expect(next).resolves.toEqual({ status: 'ran', value: 'next' });
  });

  it('on close aborts the running task, skips the waiting ones and refuses new ones', async () => {
    const queue = new ExecutionQueue();
    const started = deferred();
    const running = queue.enqueue(
      signal =>
        new Promise<string>(resolve => {
          started.resolve();
          signal.addEventListener('abort', () => resolve(String(signal.reason)));
        })
    );
    const waiting = queue.enqueue(async () => 'never');
    await started.promise;
    queue.close();
    await expect(running).resolves.toEqual({ status: 'ran', value: 'shutdown' });
    await expect(waiting).resolves.toEqual({ status: 'aborted' });
    await expect(queue.enqueue(async () => 'late')).resolves.toEqual({ status: 'aborted' });
  });
});
