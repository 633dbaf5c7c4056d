import { ChannelHandlers, Dispatcher, IHandlerTable } from '../../../../kernel/src/core/dispatcher';
import { UserError } from '../../../../kernel/src/core/errors';
import { kernelInfo } from '../../../../kernel/src/core/kernel-info';
import { Outbox } from '../../../../kernel/src/core/outbox';
import { Redactor } from '../../../../kernel/src/redact';
import { describeSent, InMemoryTransport } from '../../../helpers/in-memory-transport';

function dispatcherWith(shell: IHandlerTable, control: IHandlerTable = { requests: {} }) {
  const transport = new InMemoryTransport();
  const dispatcher = new Dispatcher(new Outbox(transport, new Redactor()), { shell, control });
  transport.start((channel, message) => void dispatcher.dispatch(channel, message));
  return { transport, dispatcher };
}

const KERNEL_INFO = kernelInfo('0.0.0-test');
const INTERRUPT_OK: IHandlerTable = { requests: { interrupt_request: async () => ({ status: 'ok' }) } };

describe('Dispatcher', () => {
  it('publishes busy, then sends the reply, then publishes idle, all parented to the request', async () => {
    const { transport, dispatcher } = dispatcherWith({ requests: {} }, INTERRUPT_OK);
    const request = transport.deliver('control', 'interrupt_request');
    await dispatcher.settled(request);
    expect(transport.sent.map(describeSent)).toEqual(['iopub:status(busy)', 'control:interrupt_reply', 'iopub:status(idle)']);
    expect(transport.sentFor(request)).toHaveLength(3);
    expect(transport.sent[1].message.identities).toEqual(request.identities);
  });

  it('answers on the channel the request came in on', async () => {
    const table: IHandlerTable = { requests: { kernel_info_request: async () => KERNEL_INFO } };
    const { transport, dispatcher } = dispatcherWith(table, table);
    await dispatcher.settled(transport.deliver('shell', 'kernel_info_request'));
    await dispatcher.settled(transport.deliver('control', 'kernel_info_request'));
    expect(transport.sent.filter(sent => sent.channel !== 'iopub').map(describeSent)).toEqual(['shell:kernel_info_reply', 'control:kernel_info_reply']);
  });

  it('leaves an unknown message type unanswered but still brackets it with busy and idle', async () => {
    const { transport, dispatcher } = dispatcherWith({ requests: {} });
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const request = transport.deliver('shell', 'debug_request', { command: 'initialize' });
    await dispatcher.settled(request);
    const logged = stderr.mock.calls.map(([line]) => String(line)).join('');
    stderr.mockRestore();
    expect(transport.sent.map(describeSent)).toEqual(['iopub:status(busy)', 'iopub:status(idle)']);
    expect(logged).toContain('No handler for debug_request on shell');
  });

  it('does not route a shell-only request that arrives on control', async () => {
    const { transport, dispatcher } = dispatcherWith(INTERRUPT_OK);
    await dispatcher.settled(transport.deliver('control', 'interrupt_request'));
    expect(transport.sent.some(sent => sent.message.header.msg_type === 'interrupt_reply')).toBe(false);
  });

  it('answers a malformed request with an error reply instead of calling the handler', async () => {
    const complete = jest.fn();
    const { transport, dispatcher } = dispatcherWith({ requests: { complete_request: complete } });
    const request = transport.deliver('shell', 'complete_request', { code: 7 });
    await dispatcher.settled(request);
    expect(complete).not.toHaveBeenCalled();
    const reply = transport.sent.find(sent => sent.channel === 'shell')!.message;
    expect(reply.header.msg_type).toBe('complete_reply');
    expect(reply.content).toMatchObject({ status: 'error', ename: 'InvalidRequest', evalue: expect.stringMatching(/"code" must be a string/) });
  });

  it('turns a handler that throws into an error reply and keeps going', async () => {
    const { transport, dispatcher } = dispatcherWith({
      requests: {
        inspect_request: async () => {
          throw new UserError('Livy is unreachable at http://127.0.0.1:8998; start it with stack/run up.');
        }
      }
    });
    const request = transport.deliver('shell', 'inspect_request', { code: 'spark', cursor_pos: 5 });
    await dispatcher.settled(request);
    expect(transport.sent.map(describeSent)).toEqual(['iopub:status(busy)', 'shell:inspect_reply', 'iopub:status(idle)']);
    expect(transport.sent[1].message.content).toEqual({
      status: 'error',
      ename: 'UserError',
      evalue: 'Livy is unreachable at http://127.0.0.1:8998; start it with stack/run up.',
      traceback: ['UserError: Livy is unreachable at http://127.0.0.1:8998; start it with stack/run up.']
    });
  });

  it('passes comm messages to their handler without a reply, inside busy and idle', async () => {
    const received: unknown[] = [];
    const { transport, dispatcher } = dispatcherWith({
      requests: {},
      notifications: { comm_msg: async message => void received.push(message.content) }
    });
    await dispatcher.settled(transport.deliver('shell', 'comm_msg', { comm_id: 'c1', data: { ping: 1 } }));
    expect(received).toEqual([{ comm_id: 'c1', data: { ping: 1 } }]);
    expect(transport.sent.map(describeSent)).toEqual(['iopub:status(busy)', 'iopub:status(idle)']);
  });

  it('ignores messages on stdin without publishing a status', async () => {
    const { transport, dispatcher } = dispatcherWith({ requests: {} });
    await dispatcher.settled(transport.deliver('stdin', 'input_reply', { value: 'x' }));
    expect(transport.sent).toEqual([]);
  });

  it('answers a second request while the first is still being handled', async () => {
    let finishExecute!: () => void;
    const executeDone = new Promise<void>(resolve => (finishExecute = resolve));
    const { transport, dispatcher } = dispatcherWith({
      requests: {
        execute_request: async () => {
          await executeDone;
          return { status: 'ok', execution_count: 1, user_expressions: {}, payload: [] };
        },
        complete_request: async () => ({ status: 'ok', matches: [], cursor_start: 0, cursor_end: 0, metadata: {} })
      }
    });
    const execute = transport.deliver('shell', 'execute_request', { code: 'Thread.sleep(60000)' });
    const complete = transport.deliver('shell', 'complete_request', { code: 'sp', cursor_pos: 2 });
    await dispatcher.settled(complete);
    expect(transport.sentFor(execute).map(describeSent)).not.toContain('shell:execute_reply');
    finishExecute();
    await dispatcher.settled(execute);
    expect(transport.sentFor(execute).map(describeSent)).toContain('shell:execute_reply');
  });

  it('re-asserts busy for a request still running after another one goes idle', async () => {
    let finishExecute!: () => void;
    const executeDone = new Promise<void>(resolve => (finishExecute = resolve));
    const { transport, dispatcher } = dispatcherWith({
      requests: {
        execute_request: async () => {
          await executeDone;
          return { status: 'ok', execution_count: 1, user_expressions: {}, payload: [] };
        },
        kernel_info_request: async () => KERNEL_INFO
      }
    });
    const execute = transport.deliver('shell', 'execute_request', { code: 'slow' });
    const info = transport.deliver('shell', 'kernel_info_request');
    await dispatcher.settled(info);
    finishExecute();
    await dispatcher.settled(execute);
    const statuses = transport.sent
      .filter(sent => sent.message.header.msg_type === 'status')
      .map(sent => `${String(sent.message.content.execution_state)}:${sent.message.parent_header.msg_id === execute.header.msg_id ? 'execute' : 'info'}`);
    // The last state a front end sees before the execute ends is busy, and idle only after it.
    expect(statuses).toEqual(['busy:execute', 'busy:info', 'idle:info', 'busy:execute', 'idle:execute']);
  });

  it('rejects, at compile time, a handler that answers with the wrong reply', () => {
    const table: ChannelHandlers['shell'] = {
      requests: {
        // @ts-expect-error comm_info_request must be answered with comm_info_reply content
        comm_info_request: async () => ({ status: 'ok', matches: [], cursor_start: 0, cursor_end: 0, metadata: {} })
      }
    };
    expect(table.requests.comm_info_request).toBeDefined();
  });
});
