import { CellCodeError } from '../../../../kernel/src/core/errors';
import { STDERR_END, STDERR_START, splitStreams } from '../../../../kernel/src/code/stderr-capture';
import { loadKernelConfig } from '../../../../kernel/src/config';
import { createCellLayer, ICellLayer } from '../../../../kernel/src/magics/assembly';
import { Redactor } from '../../../../kernel/src/redact';
import { expectOk, kernelErrorOf, runCell } from '../../../helpers/cell-runner';
import { FakeLivy } from '../../../helpers/fake-livy';

const err = (text: string): string => `${STDERR_START}${text}${STDERR_END}`;

function world(env: NodeJS.ProcessEnv = {}): { livy: FakeLivy; layer: ICellLayer; executor: ICellLayer['executor'] } {
  const livy = new FakeLivy();
  livy.startPolls = 0;
  const file = JSON.stringify({ poll: { initialMs: 1, maxMs: 5 }, progressDelayMs: 60_000, session: { heartbeatTimeoutSeconds: 0 } });
  const config = loadKernelConfig({ env: { LIVY_URL: 'http://livy.test:8998', EMR_LIVY_CONFIG: '/cfg.json', ...env }, redactor: new Redactor(), readFile: () => file });
  const layer = createCellLayer(config, { transport: () => livy });
  return { livy, layer, executor: layer.executor };
}

const ok = (text: string) => ({ output: { status: 'ok', execution_count: 1, data: { 'text/plain': text } } });

describe('splitStreams', () => {
  it('gives plain output as stdout', () => {
    expect(splitStreams('a\nb\n')).toEqual([{ name: 'stdout', text: 'a\nb\n' }]);
  });

  it('keeps the order of stdout and stderr, joining neighbours of one stream', () => {
    expect(splitStreams(`one\n${err('warn\n')}${err('more\n')}two\n${err('last')}`)).toEqual([
      { name: 'stdout', text: 'one\n' },
      { name: 'stderr', text: 'warn\nmore\n' },
      { name: 'stdout', text: 'two\n' },
      { name: 'stderr', text: 'last' }
    ]);
  });

  it('takes the rest as stderr when output was cut inside a marked piece', () => {
    expect(splitStreams(`out${STDERR_START}half`)).toEqual([
      { name: 'stdout', text: 'out' },
      { name: 'stderr', text: 'half' }
    ]);
  });
});

describe('stderr of code cells', () => {
  it('routes stderr once per session and language, before the first cell of each', async () => {
    const { livy, executor } = world();
    expectOk(await runCell(executor, '1'));
    expectOk(await runCell(executor, '2'));
    expectOk(await runCell(executor, '%%pyspark\n3'));
    expectOk(await runCell(executor, '%%pyspark\n4'));
    const sent = livy.statements({ withStderrCapture: true });
    expect(sent.map(statement => (statement.code.includes(STDERR_START) ? `capture ${statement.kind}` : statement.code))).toEqual(['capture spark', '1', '2', 'capture pyspark', '3', '4']);
    expect(sent[0].code).toMatch(/^object EmrStderrToCell_[0-9a-f]{12} extends java\.io\.Serializable \{[\s\S]*\}\nEmrStderrToCell_[0-9a-f]{12}\.install\(\)$/);
    expect(sent[3].code).toContain('clearOutputs');
  });

  it('sends marked output as stderr, in order with stdout', async () => {
    const { livy, executor } = world();
    livy.script = code => (code.includes(STDERR_START) ? ok('') : ok(`before\n${err('problem\n')}after\nres0: Int = 1`));
    const sink = expectOk(await runCell(executor, 'System.err.println("problem")'));
    const streams = sink.events.filter(event => event.type === 'stream');
    expect(streams).toEqual([
      { type: 'stream', name: 'stdout', text: 'before\n' },
      { type: 'stream', name: 'stderr', text: 'problem\n' },
      { type: 'stream', name: 'stdout', text: 'after\nres0: Int = 1\n' }
    ]);
  });

  it('sends what a failed Scala statement wrote to stderr as stderr, and the error from the rest, as Livy makes it', async () => {
    const { livy, executor } = world();
    livy.script = code =>
      code.includes(STDERR_START)
        ? ok('')
        : {
            output: { status: 'error', execution_count: 1, ename: 'Error', evalue: `${STDERR_START}about to fail`, traceback: [`${STDERR_END}java.lang.RuntimeException: boom\n`, '  ... 32 elided\n'] }
          };
    const result = await runCell(executor, 'System.err.println("about to fail"); throw new RuntimeException("boom")');
    const error = kernelErrorOf(result);
    expect(error).toBeInstanceOf(CellCodeError);
    expect(error.ename).toBe('RuntimeException');
    expect(error.evalue).toBe('boom');
    expect(result.sink.text('stderr')).toBe('about to fail\n');
  });

  it('lets a cell use the routing the early start sent, without sending it again', async () => {
    const { livy, layer, executor } = world({ JPY_SESSION_NAME: 'etl.ipynb' });
    layer.startSessionEarly();
    const captures = () => livy.statements({ withStderrCapture: true }).filter(statement => statement.code.includes(STDERR_START));
    for (let waited = 0; captures().length === 0 && waited < 5000; waited += 5) {
      await new Promise(resolve => setTimeout(resolve, 5));
    }
    expect(captures()).toHaveLength(1);
    expectOk(await runCell(executor, '1'));
    expect(livy.statements({ withStderrCapture: true }).map(statement => (statement.code.includes(STDERR_START) ? 'capture' : statement.code))).toEqual(['capture', '1']);
  });

  it('runs the cell when the session refuses the capture, and does not try again in that session', async () => {
    const { livy, executor } = world();
    livy.script = code => (code.includes(STDERR_START) ? { output: { status: 'error', execution_count: 1, ename: 'Error', evalue: 'not found: value System', traceback: [] } } : ok('fine'));
    expect(expectOk(await runCell(executor, '1')).text()).toBe('fine\n');
    expectOk(await runCell(executor, '2'));
    expect(livy.statements({ withStderrCapture: true }).filter(statement => statement.code.includes(STDERR_START))).toHaveLength(1);
  });
});
