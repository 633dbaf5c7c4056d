import { createHash } from 'crypto';
import { SessionGoneError } from '../../../../kernel/src/livy/errors';
import { ICellContext, IHandlerSettings, ILivyEndpoint } from '../../../../kernel/src/cell-kit/context';
import { runWithDefinitions, SessionDefinitionError } from '../../../../kernel/src/cell-kit/session-definitions';
import { scalaObject } from '../../../../kernel/src/scala/scala-object';
import { SqlResultSettings } from '../../../../kernel/src/results/result-settings';
import { FakeLivy, IStatementScript } from '../../../helpers/fake-livy';
import { fakeLivyEndpoint } from '../../../helpers/fake-livy-client';
import { RecordingSink } from '../../../helpers/recording-sink';

// The define-once mechanism against the in-memory Livy, whose "REPL" here remembers per session
// which objects were defined: a call to an object the session does not hold fails as Scala's
// REPL does ("not found: value X").
function world(): { endpoint: ILivyEndpoint; livy: FakeLivy; cell: ICellContext; sink: RecordingSink; sent: () => { session: string; code: string }[]; forgetAll: () => void } {
  const livy = new FakeLivy();
  livy.startPolls = 0;
  const held = new Map<number, Set<string>>();
  let forgetNext = false;
  livy.script = code => {
    const session = [...livy.sessions.values()].pop()?.id ?? -1;
    const names = held.get(session) ?? new Set<string>();
    held.set(session, names);
    if (forgetNext) {
      names.clear();
      forgetNext = false;
    }
    return reply(code, names);
  };
  const endpoint = fakeLivyEndpoint(livy);
  const sink = new RecordingSink();
  const sent = () =>
    livy.requestsTo('POST', /statements$/).map(request => ({ session: new URL(request.url).pathname.split('/')[2], code: (JSON.parse(request.body as string) as { code: string }).code }));
  return { endpoint, livy, cell: { sink, signal: new AbortController().signal }, sink, sent, forgetAll: () => (forgetNext = true) };
}

function reply(code: string, names: Set<string>): IStatementScript {
  const object = /^object (\w+)(?: extends [\w.]+)? \{/gm;
  let match;
  let definedHere = false;
  while ((match = object.exec(code)) !== null) {
    if (code.includes('BROKEN')) {
      return { output: { status: 'error', execution_count: 0, ename: 'Error', evalue: '<console>:25: error: type mismatch;', traceback: [' found   : Int\n', ' required: String\n'] } };
    }
    names.add(match[1]);
    definedHere = true;
  }
  if (definedHere) {
    return { output: { status: 'ok', execution_count: 0, data: { 'text/plain': 'defined object …\n' } } };
  }
  const called = /^(\w+)\.run\(\)$/.exec(code)?.[1];
  if (called && !names.has(called)) {
    return { output: { status: 'error', execution_count: 0, ename: 'Error', evalue: `<console>:23: error: not found: value ${called}`, traceback: [`       ${called}.run()\n`, '       ^\n'] } };
  }
  return { output: { status: 'ok', execution_count: 0, data: { 'text/plain': `ran ${called}\n` } } };
}

const SETTINGS: IHandlerSettings = {
  sqlServerRowLimit: 0,
  sqlCompactFetchRows: 0,
  sqlResults: new SqlResultSettings({ defaultLimit: 10, defaultChart: 'auto', chartOverFullData: true, catalogCompletion: true }),
  progressDelayMs: 0,
  sparkJobProgress: false
};

const helper = scalaObject('EmrTest', '  def run(): Unit = println("hello")');
const call = { code: `${helper.name}.run()`, kind: 'spark' as const };

describe('scalaObject', () => {
  it('names the object after a hash of its code, so changed code gets a new name', () => {
    expect(helper.name).toMatch(/^EmrTest_[0-9a-f]{12}$/);
    expect(helper.code).toBe(`object ${helper.name} extends java.io.Serializable {\n  def run(): Unit = println("hello")\n}`);
    expect(scalaObject('EmrTest', '  def run(): Unit = println("hello")').name).toBe(helper.name);
    expect(scalaObject('EmrTest', '  def run(): Unit = println("bye")').name).not.toBe(helper.name);
    expect(helper.name).toBe(`EmrTest_${createHash('sha256').update(`object EmrTest extends java.io.Serializable {\n  def run(): Unit = println("hello")\n}`).digest('hex').slice(0, 12)}`);
  });

  it('refuses a stem that is not a plain identifier', () => {
    expect(() => scalaObject('Emr_Test', 'x')).toThrow(/letters and digits/);
    expect(() => scalaObject('a b', 'x')).toThrow(/letters and digits/);
  });
});

describe('runWithDefinitions', () => {
  it('defines the object once per session, in a statement that shows nothing', async () => {
    const { endpoint, cell, sink, sent } = world();
    const first = await runWithDefinitions(endpoint, cell, SETTINGS, call, [helper], { progress: true });
    const second = await runWithDefinitions(endpoint, cell, SETTINGS, call, [helper], { progress: true });
    expect([first.output, second.output].map(output => (output?.status === 'ok' ? output.data['text/plain'] : output))).toEqual([`ran ${helper.name}\n`, `ran ${helper.name}\n`]);
    expect(sent().map(statement => statement.code)).toEqual([helper.code, call.code, call.code]);
    expect(sink.events.filter(event => event.type !== 'display' && event.type !== 'update')).toEqual([]);
  });

  it('defines it again in a new session that replaced a gone one', async () => {
    const { endpoint, cell, sent } = world();
    await runWithDefinitions(endpoint, cell, SETTINGS, call, [helper], { progress: false });
    endpoint.sessions.forget(new SessionGoneError(endpoint.sessions.current?.id ?? -1, 'dead'));
    await runWithDefinitions(endpoint, cell, SETTINGS, call, [helper], { progress: false });
    const refs = [...new Set(sent().map(statement => statement.session))];
    expect(sent().map(statement => [refs.indexOf(statement.session), statement.code])).toEqual([
      [0, helper.code],
      [0, call.code],
      [1, helper.code],
      [1, call.code]
    ]);
  });

  it('defines and retries once when the session lost the object, and the second answer stands', async () => {
    const { endpoint, cell, sent, forgetAll } = world();
    await runWithDefinitions(endpoint, cell, SETTINGS, call, [helper], { progress: false });
    forgetAll();
    const again = await runWithDefinitions(endpoint, cell, SETTINGS, call, [helper], { progress: false });
    expect(again.output?.status).toBe('ok');
    expect(sent().map(statement => statement.code)).toEqual([helper.code, call.code, call.code, helper.code, call.code]);
  });

  it('retries only once: a call still missing its object comes back as it failed', async () => {
    const { endpoint, livy, cell, sent } = world();
    livy.script = code =>
      code.startsWith('object ')
        ? { output: { status: 'ok', execution_count: 0, data: { 'text/plain': '' } } }
        : { output: { status: 'error', execution_count: 0, ename: 'Error', evalue: `<console>:23: error: not found: value ${helper.name}`, traceback: [] } };
    const answer = await runWithDefinitions(endpoint, cell, SETTINGS, call, [helper], { progress: false });
    expect(answer.output).toMatchObject({ status: 'error', evalue: expect.stringContaining('not found') });
    expect(sent().map(statement => statement.code)).toEqual([helper.code, call.code, helper.code, call.code]);
  });

  it('does not retry a failure that names something else', async () => {
    const { endpoint, livy, cell, sent } = world();
    livy.script = code =>
      code.startsWith('object ')
        ? { output: { status: 'ok', execution_count: 0, data: { 'text/plain': '' } } }
        : { output: { status: 'error', execution_count: 0, ename: 'Error', evalue: '<console>:23: error: not found: value somethingElse', traceback: [] } };
    await runWithDefinitions(endpoint, cell, SETTINGS, call, [helper], { progress: false });
    expect(sent().map(statement => statement.code)).toEqual([helper.code, call.code]);
  });

  it('fails with a SessionDefinitionError naming the object and the compiler message when the definition fails', async () => {
    const { endpoint, cell, sent } = world();
    const broken = scalaObject('EmrBroken', '  val x: String = 1 // BROKEN');
    const failure = runWithDefinitions(endpoint, cell, SETTINGS, { code: `${broken.name}.run()`, kind: 'spark' }, [broken], { progress: false });
    await expect(failure).rejects.toBeInstanceOf(SessionDefinitionError);
    await expect(failure).rejects.toMatchObject({
      ename: 'SessionDefinitionError',
      evalue: expect.stringContaining(`could not define its helper ${broken.name} in Livy session 0 (Error: <console>:25: error: type mismatch;)`),
      traceback: [' found   : Int', ' required: String']
    });
    expect(sent().map(statement => statement.code)).toEqual([broken.code]);
  });

  it('defines several objects in one statement, and only those the session lacks', async () => {
    const { endpoint, cell, sent } = world();
    const other = scalaObject('EmrOther', '  def run(): Unit = ()');
    await runWithDefinitions(endpoint, cell, SETTINGS, call, [helper], { progress: false });
    await runWithDefinitions(endpoint, cell, SETTINGS, { code: `${other.name}.run()`, kind: 'spark' }, [helper, other], { progress: false });
    expect(sent().map(statement => statement.code)).toEqual([helper.code, call.code, other.code, `${other.name}.run()`]);
    const third = scalaObject('EmrThird', '  def run(): Unit = ()');
    const fourth = scalaObject('EmrFourth', '  def run(): Unit = ()');
    await runWithDefinitions(endpoint, cell, SETTINGS, { code: `${third.name}.run()`, kind: 'spark' }, [third, fourth], { progress: false });
    expect(
      sent()
        .slice(4)
        .map(statement => statement.code)
    ).toEqual([`${third.code}\n${fourth.code}`, `${third.name}.run()`]);
  });
});
