import { IopubOutputSink } from '../../../../kernel/src/core/iopub-output-sink';
import { Outbox } from '../../../../kernel/src/core/outbox';
import { Redactor } from '../../../../kernel/src/redact';
import { InMemoryTransport, requestMessage } from '../../../helpers/in-memory-transport';

function sinkFor(silent: boolean) {
  const transport = new InMemoryTransport();
  const redactor = new Redactor();
  const request = requestMessage('execute_request', { code: 'x' });
  const sink = new IopubOutputSink(new Outbox(transport, redactor), request, 7, silent);
  return { transport, redactor, request, sink };
}

const settle = (): Promise<void> => new Promise(resolve => setImmediate(resolve));

describe('IopubOutputSink', () => {
  it('turns each call into the matching iopub message, parented to the request, in call order', async () => {
    const { transport, request, sink } = sinkFor(false);
    sink.stream('stdout', 'hello\n');
    sink.display({ 'text/plain': 'progress 0%' }, {}, 'progress-1');
    sink.updateDisplay('progress-1', { 'text/plain': 'progress 100%' });
    sink.result({ 'text/plain': 'res0: Long = 10' });
    sink.clear(true);
    sink.display({ 'text/html': '<b>x</b>' }, { isolated: true });
    await settle();
    expect(transport.sent.map(({ channel, message }) => [channel, message.header.msg_type, message.content])).toEqual([
      ['iopub', 'stream', { name: 'stdout', text: 'hello\n' }],
      ['iopub', 'display_data', { data: { 'text/plain': 'progress 0%' }, metadata: {}, transient: { display_id: 'progress-1' } }],
      ['iopub', 'update_display_data', { data: { 'text/plain': 'progress 100%' }, metadata: {}, transient: { display_id: 'progress-1' } }],
      ['iopub', 'execute_result', { execution_count: 7, data: { 'text/plain': 'res0: Long = 10' }, metadata: {} }],
      ['iopub', 'clear_output', { wait: true }],
      ['iopub', 'display_data', { data: { 'text/html': '<b>x</b>' }, metadata: { isolated: true } }]
    ]);
    expect(transport.sentFor(request)).toHaveLength(6);
  });

  it('drops empty stream text', async () => {
    const { transport, sink } = sinkFor(false);
    sink.stream('stderr', '');
    await settle();
    expect(transport.sent).toEqual([]);
  });

  it('publishes nothing for a silent request', async () => {
    const { transport, sink } = sinkFor(true);
    sink.stream('stdout', 'x');
    sink.display({ 'text/plain': 'x' });
    sink.result({ 'text/plain': 'x' });
    sink.clear();
    await settle();
    expect(transport.sent).toEqual([]);
  });

  it('redacts registered secrets from outputs', async () => {
    const { transport, redactor, sink } = sinkFor(false);
    redactor.register('hunter2-password');
    sink.stream('stdout', 'jdbc:postgresql://db?password=hunter2-password');
    sink.display({ 'text/html': '<td>hunter2-password</td>' }, { note: 'hunter2-password' });
    await settle();
    expect(JSON.stringify(transport.sent.map(({ message }) => [message.content, message.metadata]))).not.toContain('hunter2');
    expect(transport.sent[0].message.content).toEqual({ name: 'stdout', text: 'jdbc:postgresql://db?password=***' });
  });
});
