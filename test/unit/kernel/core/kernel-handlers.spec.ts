import { CellCodeError, UserError } from '../../../../kernel/src/core/errors';
import { heldCell } from '../../../helpers/fake-cell-executor';
import { describeSent, ISentMessage } from '../../../helpers/in-memory-transport';
import { createTestKernel, ITestKernel } from '../../../helpers/test-kernel';

const replyOf = (kernel: ITestKernel, request: { header: { msg_id: string } }): ISentMessage['message'] => {
  const reply = kernel.transport.sent.find(({ channel, message }) => channel !== 'iopub' && message.parent_header.msg_id === request.header.msg_id);
  if (!reply) {
    throw new Error('no reply was sent');
  }
  return reply.message;
};

describe('KernelHandlers', () => {
  let kernel: ITestKernel;

  beforeEach(() => {
    kernel = createTestKernel();
  });

  async function run(code: string, content: Record<string, unknown> = {}) {
    const request = kernel.transport.deliver('shell', 'execute_request', { code, ...content });
    await kernel.dispatcher.settled(request);
    return { request, reply: replyOf(kernel, request), sent: kernel.transport.sentFor(request) };
  }

  describe('kernel_info', () => {
    it('describes a Scala kernel speaking protocol 5.3', async () => {
      const request = kernel.transport.deliver('shell', 'kernel_info_request');
      await kernel.dispatcher.settled(request);
      expect(replyOf(kernel, request).content).toMatchObject({
        status: 'ok',
        protocol_version: '5.3',
        implementation: 'emr-livy',
        implementation_version: '0.0.0-test',
        language_info: {
          name: 'scala',
          mimetype: 'text/x-scala',
          file_extension: '.scala',
          codemirror_mode: 'text/x-scala'
        },
        banner: expect.stringContaining('Livy'),
        help_links: expect.arrayContaining([expect.objectContaining({ url: expect.stringMatching(/^https:\/\//) })])
      });
    });
  });

  describe('execute', () => {
    it('publishes execute_input, the cell outputs and an ok reply between busy and idle', async () => {
      kernel.executor.scripts.set('println("hello, world")', async ({ sink }) => sink.stream('stdout', 'hello, world\n'));
      const { reply, sent } = await run('println("hello, world")');
      expect(sent.map(describeSent)).toEqual(['iopub:status(busy)', 'iopub:execute_input', 'iopub:stream', 'shell:execute_reply', 'iopub:status(idle)']);
      expect(sent[1].message.content).toEqual({ code: 'println("hello, world")', execution_count: 1 });
      expect(reply.content).toEqual({ status: 'ok', execution_count: 1, user_expressions: {}, payload: [] });
    });

    it('answers user_expressions with an empty object', async () => {
      const { reply } = await run('1', { user_expressions: { x: '1 + 1' } });
      expect(reply.content.user_expressions).toEqual({});
    });

    it('counts executions only when storing history and not silent', async () => {
      await run('a');
      await run('b', { store_history: false });
      const silent = await run('c', { silent: true });
      const fourth = await run('d');
      expect(kernel.executor.executed.map(request => [request.code, request.executionCount, request.storeHistory])).toEqual([
        ['a', 1, true],
        ['b', 1, false],
        ['c', 1, false],
        ['d', 2, true]
      ]);
      expect(silent.reply.content).toMatchObject({ status: 'ok', execution_count: 1 });
      expect(fourth.reply.content).toMatchObject({ execution_count: 2 });
    });

    it('publishes nothing but busy and idle for a silent execute', async () => {
      kernel.executor.scripts.set('noisy', async ({ sink }) => sink.stream('stdout', 'x'));
      const { sent } = await run('noisy', { silent: true });
      expect(sent.map(describeSent)).toEqual(['iopub:status(busy)', 'shell:execute_reply', 'iopub:status(idle)']);
    });

    it('publishes an error and answers with an error reply when the cell fails', async () => {
      kernel.executor.scripts.set('1 +', async () => {
        throw new CellCodeError('error', '<console>:1: error: illegal start of simple expression', ['<console>:1: error: illegal start of simple expression', '1 +', '   ^']);
      });
      const { reply, sent } = await run('1 +');
      expect(sent.map(describeSent)).toEqual(['iopub:status(busy)', 'iopub:execute_input', 'iopub:error', 'shell:execute_reply', 'iopub:status(idle)']);
      const error = {
        ename: 'error',
        evalue: '<console>:1: error: illegal start of simple expression',
        traceback: ['<console>:1: error: illegal start of simple expression', '1 +', '   ^']
      };
      expect(sent[2].message.content).toEqual(error);
      expect(reply.content).toEqual({ status: 'error', execution_count: 1, ...error });
    });

    it('reports an unexpected exception from the cell layer as an internal error with its stack', async () => {
      kernel.executor.scripts.set('bug', async () => {
        throw new TypeError("Cannot read properties of undefined (reading 'id')");
      });
      const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
      const { reply } = await run('bug');
      const logged = stderr.mock.calls.map(([line]) => String(line)).join('');
      stderr.mockRestore();
      expect(reply.content).toMatchObject({
        status: 'error',
        ename: 'InternalError',
        evalue: expect.stringContaining("Cannot read properties of undefined (reading 'id')")
      });
      expect((reply.content.traceback as string[]).join('\n')).toContain('TypeError');
      expect(logged).toContain('A cell failed with an internal error.');
    });

    it('redacts registered secrets from the error it publishes and replies', async () => {
      kernel.redactor.register('s3cr3t-token');
      kernel.executor.scripts.set('leak', async () => {
        throw new UserError('Livy refused the credentials s3cr3t-token; check LIVY_URL.');
      });
      const { sent } = await run('leak');
      expect(JSON.stringify(sent.map(({ message }) => message.content))).not.toContain('s3cr3t-token');
    });

    it('aborts the executes queued behind a failed one when stop_on_error is set', async () => {
      const first = heldCell();
      kernel.executor.scripts.set('first', first.script);
      kernel.executor.scripts.set('fails', async () => {
        throw new CellCodeError('java.lang.ArithmeticException', '/ by zero');
      });
      const requests = ['first', 'fails', 'queued-1', 'queued-2'].map(code => kernel.transport.deliver('shell', 'execute_request', { code, stop_on_error: true }));
      await first.started;
      first.release();
      await Promise.all(requests.map(request => kernel.dispatcher.settled(request)));
      expect(requests.map(request => replyOf(kernel, request).content.status)).toEqual(['ok', 'error', 'aborted', 'aborted']);
      expect(kernel.executor.executed.map(request => request.code)).toEqual(['first', 'fails']);
      // An aborted execute still gets its busy and idle, but no execute_input.
      expect(kernel.transport.sentFor(requests[2]).map(describeSent)).toEqual(['iopub:status(busy)', 'shell:execute_reply', 'iopub:status(idle)']);
    });

    it('runs the queued executes after a failure when stop_on_error is false', async () => {
      kernel.executor.scripts.set('fails', async () => {
        throw new CellCodeError('error', 'not found: value x');
      });
      const requests = ['fails', 'next'].map(code => kernel.transport.deliver('shell', 'execute_request', { code, stop_on_error: false }));
      await Promise.all(requests.map(request => kernel.dispatcher.settled(request)));
      expect(requests.map(request => replyOf(kernel, request).content.status)).toEqual(['error', 'ok']);
    });

    it('aborts an execute that arrives while the failure is being reported: the rest of the same run', async () => {
      kernel.executor.scripts.set('fails', async () => {
        throw new UserError('This notebook has no Livy to run on. Set LIVY_URL.');
      });
      const failing = kernel.transport.deliver('shell', 'execute_request', { code: 'fails' });
      await kernel.transport.waitFor(({ message }) => message.header.msg_type === 'error');
      const late = kernel.transport.deliver('shell', 'execute_request', { code: 'late' });
      await Promise.all([failing, late].map(request => kernel.dispatcher.settled(request)));
      expect(replyOf(kernel, late).content).toEqual({ status: 'aborted' });
      expect(kernel.executor.executed.map(request => request.code)).toEqual(['fails']);
    });

    it('runs a cell sent after the failed one’s reply, as a client running cells one by one does', async () => {
      kernel.executor.scripts.set('fails', async () => {
        throw new CellCodeError('error', 'boom');
      });
      await run('fails');
      const { reply } = await run('after');
      expect(reply.content.status).toBe('ok');
    });

    it('keeps running arrivals after a failure without stop_on_error', async () => {
      kernel.executor.scripts.set('fails', async () => {
        throw new CellCodeError('error', 'boom');
      });
      await run('fails', { stop_on_error: false });
      const { reply } = await run('after');
      expect(reply.content.status).toBe('ok');
    });
  });

  describe('while a cell runs', () => {
    it('interrupt on control aborts the running cell’s signal and is answered at once', async () => {
      const cell = heldCell();
      kernel.executor.scripts.set('spark.range(1e12.toLong).count()', cell.script);
      const execute = kernel.transport.deliver('shell', 'execute_request', { code: 'spark.range(1e12.toLong).count()' });
      const running = await cell.started;
      const interrupt = kernel.transport.deliver('control', 'interrupt_request');
      await kernel.dispatcher.settled(interrupt);
      expect(replyOf(kernel, interrupt).content).toEqual({ status: 'ok' });
      expect(running.signal.aborted).toBe(true);
      await kernel.dispatcher.settled(execute);
      expect(replyOf(kernel, execute).content).toMatchObject({ status: 'error', ename: 'KeyboardInterrupt' });
    });

    it('answers complete, inspect, is_complete, kernel_info, history and comm_info before the cell ends', async () => {
      const cell = heldCell();
      kernel.executor.scripts.set('slow', cell.script);
      const execute = kernel.transport.deliver('shell', 'execute_request', { code: 'slow' });
      await cell.started;
      const requests = [
        kernel.transport.deliver('shell', 'complete_request', { code: 'pr', cursor_pos: 2 }),
        kernel.transport.deliver('shell', 'inspect_request', { code: 'spark', cursor_pos: 5, detail_level: 0 }),
        kernel.transport.deliver('shell', 'is_complete_request', { code: 'def f() = {' }),
        kernel.transport.deliver('shell', 'kernel_info_request'),
        kernel.transport.deliver('shell', 'history_request', { hist_access_type: 'tail', n: 10 }),
        kernel.transport.deliver('shell', 'comm_info_request', {})
      ];
      await Promise.all(requests.map(request => kernel.dispatcher.settled(request)));
      expect(requests.map(request => replyOf(kernel, request).content)).toEqual([
        { status: 'ok', matches: ['println', 'print'], cursor_start: 0, cursor_end: 2, metadata: {} },
        { status: 'ok', found: true, data: { 'text/plain': 'inspected spark' }, metadata: {} },
        { status: 'incomplete', indent: '  ' },
        expect.objectContaining({ status: 'ok', implementation: 'emr-livy' }),
        { status: 'ok', history: [] },
        { status: 'ok', comms: {} }
      ]);
      expect(kernel.transport.sentFor(execute).map(describeSent)).not.toContain('shell:execute_reply');
      cell.release();
      await kernel.dispatcher.settled(execute);
      expect(replyOf(kernel, execute).content.status).toBe('ok');
    });

    it('queues a second execute until the first one is done', async () => {
      const cell = heldCell();
      kernel.executor.scripts.set('first', cell.script);
      const first = kernel.transport.deliver('shell', 'execute_request', { code: 'first' });
      const second = kernel.transport.deliver('shell', 'execute_request', { code: 'second' });
      await cell.started;
      await new Promise(resolve => setImmediate(resolve));
      expect(kernel.executor.executed.map(request => request.code)).toEqual(['first']);
      cell.release();
      await Promise.all([kernel.dispatcher.settled(first), kernel.dispatcher.settled(second)]);
      expect(kernel.executor.executed.map(request => request.code)).toEqual(['first', 'second']);
    });
  });

  describe('is_complete', () => {
    it('answers unknown when the cell layer fails', async () => {
      kernel.executor.isComplete = async () => {
        throw new Error('parser crashed');
      };
      const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
      const request = kernel.transport.deliver('shell', 'is_complete_request', { code: '%%sql' });
      await kernel.dispatcher.settled(request);
      stderr.mockRestore();
      expect(replyOf(kernel, request).content).toEqual({ status: 'unknown' });
    });
  });

  describe('shutdown', () => {
    it.each(['control', 'shell'] as const)('on %s shuts the cell layer down, replies and announces it', async channel => {
      const request = kernel.transport.deliver(channel, 'shutdown_request', { restart: true });
      const announced = await kernel.handlers.shutdownRequested;
      expect(announced.header.msg_id).toBe(request.header.msg_id);
      await kernel.dispatcher.settled(request);
      expect(kernel.executor.shutdowns).toEqual([true]);
      expect(replyOf(kernel, request)).toMatchObject({
        header: { msg_type: 'shutdown_reply' },
        content: { status: 'ok', restart: true }
      });
      expect(kernel.transport.sentFor(request).map(describeSent)).toEqual(['iopub:status(busy)', `${channel}:shutdown_reply`, 'iopub:status(idle)']);
    });

    it('lets the composition root wait, from the announced request, until the reply and idle are out', async () => {
      const request = kernel.transport.deliver('control', 'shutdown_request', { restart: false });
      const announced = await kernel.handlers.shutdownRequested;
      await kernel.dispatcher.settled(announced);
      expect(kernel.transport.sentFor(request).map(describeSent)).toEqual(['iopub:status(busy)', 'control:shutdown_reply', 'iopub:status(idle)']);
    });

    it('aborts the running cell and skips the queued ones', async () => {
      const cell = heldCell();
      kernel.executor.scripts.set('running', cell.script);
      const running = kernel.transport.deliver('shell', 'execute_request', { code: 'running' });
      const queued = kernel.transport.deliver('shell', 'execute_request', { code: 'queued' });
      const started = await cell.started;
      const shutdown = kernel.transport.deliver('control', 'shutdown_request', { restart: false });
      await Promise.all([running, queued, shutdown].map(request => kernel.dispatcher.settled(request)));
      expect(started.signal.aborted).toBe(true);
      expect(replyOf(kernel, queued).content).toEqual({ status: 'aborted' });
      expect(kernel.executor.executed.map(request => request.code)).toEqual(['running']);
    });

    it('replies within its budget even when the cell layer hangs', async () => {
      kernel = createTestKernel({ shutdownBudgetMs: 50 });
      kernel.executor.shutdownHangs = true;
      const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
      const started = Date.now();
      const request = kernel.transport.deliver('control', 'shutdown_request', { restart: false });
      await kernel.dispatcher.settled(request);
      stderr.mockRestore();
      expect(Date.now() - started).toBeLessThan(1000);
      expect(replyOf(kernel, request).content).toEqual({ status: 'ok', restart: false });
    });

    it('stops the cell layer once when the process ends without a request and then gets one', async () => {
      await kernel.handlers.stop(false);
      const request = kernel.transport.deliver('control', 'shutdown_request', { restart: false });
      await kernel.dispatcher.settled(request);
      expect(kernel.executor.shutdowns).toEqual([false]);
      expect(replyOf(kernel, request).content).toEqual({ status: 'ok', restart: false });
    });

    it('shuts the cell layer down once even when asked twice', async () => {
      const requests = [kernel.transport.deliver('control', 'shutdown_request', { restart: false }), kernel.transport.deliver('shell', 'shutdown_request', { restart: false })];
      await Promise.all(requests.map(request => kernel.dispatcher.settled(request)));
      expect(kernel.executor.shutdowns).toEqual([false]);
      expect(requests.map(request => replyOf(kernel, request).content.status)).toEqual(['ok', 'ok']);
    });
  });
});
