import fc from 'fast-check';
import { KernelError } from '../../../../kernel/src/core/errors';
import { loadKernelConfig } from '../../../../kernel/src/config';
import { LivyBadResponseError, LivyHttpError } from '../../../../kernel/src/livy/errors';
import { IHttpRequest, IHttpResponse, IHttpTransport, LivyHttp } from '../../../../kernel/src/livy/http';
import { LivyClient } from '../../../../kernel/src/livy/client';
import { createCellExecutor } from '../../../../kernel/src/magics/assembly';
import { Redactor } from '../../../../kernel/src/redact';
import { runCell } from '../../../helpers/cell-runner';
import { FakeLivy } from '../../../helpers/fake-livy';

// Whatever Livy (or a proxy in front of it) answers, the kernel either uses it or says what was
// wrong: a LivyError from the client, a KernelError from a cell. A TypeError or any other plain
// exception would be a crash path, shown to the user as an internal error.

type Json = Record<string, unknown>;

const text = fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('<img src=x onerror=alert(1)>', '<script>x</script>', '&amp;', ''));
const anyJson = fc.jsonValue({ maxDepth: 3 });

/** Bodies from plausible to hostile: Livy's own shapes with fields of the wrong type, HTML error pages, noise. */
const body = fc.oneof(
  anyJson.map(value => JSON.stringify(value)),
  fc.record({ id: fc.oneof(fc.nat(), anyJson), state: fc.oneof(fc.constantFrom('idle', 'running', 'available', 'dead'), anyJson) }, { requiredKeys: [] }).map(value => JSON.stringify(value)),
  fc.record({ sessions: anyJson, statements: anyJson, log: anyJson, candidates: anyJson, version: anyJson }, { requiredKeys: [] }).map(value => JSON.stringify(value)),
  text.map(t => `<html><head><title>Error 502 ${t}</title></head><body><h2>${t}</h2></body></html>`),
  fc.string({ maxLength: 40 }),
  fc.constant('{"id": 123456789012345678901234567890, "state": "idle"}'),
  fc.constant('')
);
const response = fc.record({ status: fc.constantFrom(200, 201, 400, 401, 404, 409, 500, 502, 503), body });

class ScriptedTransport implements IHttpTransport {
  constructor(private readonly _answer: IHttpResponse) {}
  async send(_request: IHttpRequest): Promise<IHttpResponse> {
    return this._answer;
  }
  close(): void {}
}

const CALLS: [string, (client: LivyClient) => Promise<unknown>][] = [
  ['version', client => client.version()],
  ['listSessions', client => client.listSessions()],
  ['getSession', client => client.getSession(3)],
  ['getSessionState', client => client.getSessionState(3)],
  ['createSession', client => client.createSession({ kind: 'spark' })],
  ['getSessionLog', client => client.getSessionLog(3, { size: 5 })],
  ['submitStatement', client => client.submitStatement(3, { code: '1', kind: 'spark' })],
  ['getStatement', client => client.getStatement(3, 1)],
  ['listStatements', client => client.listStatements(3, { order: 'desc' })],
  ['cancelStatement', client => client.cancelStatement(3, 1)],
  ['deleteSession', client => client.deleteSession(3)],
  ['complete', client => client.complete(3, { code: 'sp', kind: 'spark', cursor: 2 })]
];

const LIVY_RESPONSE_RUNS = 3000;
const CELL_OUTPUT_RUNS = 3000;

describe('Livy responses (properties)', () => {
  it.each(CALLS)('%s: any status and body gives a value or a Livy error with a message, never a crash', async (_name, call) => {
    await fc.assert(
      fc.asyncProperty(response, async answer => {
        const http = new LivyHttp({
          baseUrl: 'http://livy.test:8998',
          transport: new ScriptedTransport({ ...answer, headers: { 'content-type': answer.body.startsWith('<') ? 'text/html' : 'application/json' } }),
          requestedBy: 'test',
          timeoutMs: 1000
        });
        try {
          await call(new LivyClient(http));
        } catch (error) {
          expect([LivyHttpError, LivyBadResponseError].some(kind => error instanceof kind)).toBe(true);
          expect((error as Error).message.length).toBeGreaterThan(0);
          if (error instanceof LivyHttpError) {
            // Livy's message is one line, whatever the body held.
            expect(error.livyMessage).not.toMatch(/\n/);
          }
        }
      }),
      { numRuns: Math.round(LIVY_RESPONSE_RUNS / CALLS.length) }
    );
  });
});

/** Nested Spark types, complete or missing their parts. */
const sparkTypeObject = fc.record(
  {
    type: fc.constantFrom('array', 'map', 'struct', 'udt'),
    elementType: fc.oneof(fc.constant('long'), anyJson),
    keyType: fc.oneof(fc.constant('string'), anyJson),
    valueType: fc.oneof(fc.constant('string'), anyJson),
    fields: fc.oneof(fc.constant([{ name: 'a', type: 'long', nullable: true }]), anyJson)
  },
  { requiredKeys: ['type'] }
);

/** Statement outputs: Livy's ok/error/table/sql shapes with arbitrary contents, and arbitrary JSON. */
const mimeData = fc.dictionary(
  fc.constantFrom('text/plain', 'text/html', 'image/png', 'application/json', 'application/vnd.livy.table.v1+json', 'text/x-other'),
  fc.oneof(
    text,
    anyJson,
    fc.record(
      { headers: fc.array(fc.oneof(fc.record({ name: text, type: text }), anyJson), { maxLength: 3 }), data: fc.oneof(fc.array(fc.array(anyJson, { maxLength: 3 }), { maxLength: 3 }), anyJson) },
      { requiredKeys: [] }
    ),
    fc.record(
      {
        schema: fc.oneof(
          fc.record({
            type: fc.constant('struct'),
            fields: fc.array(
              fc.oneof(
                fc.record({ name: text, type: fc.oneof(fc.constantFrom('string', 'long', 'double', 'decimal(38,2)', 'timestamp', 'binary'), sparkTypeObject, anyJson), nullable: fc.boolean() }),
                anyJson
              ),
              { maxLength: 3 }
            )
          }),
          anyJson
        ),
        data: fc.oneof(fc.array(fc.array(fc.oneof(anyJson, text), { maxLength: 3 }), { maxLength: 4 }), anyJson)
      },
      { requiredKeys: [] }
    )
  ),
  { maxKeys: 3 }
);
const statementOutput = fc.oneof(
  fc.record({ status: fc.constant('ok'), execution_count: fc.nat(), data: mimeData }),
  fc.record(
    { status: fc.constant('error'), execution_count: fc.nat(), ename: fc.oneof(text, anyJson), evalue: fc.oneof(text, anyJson), traceback: fc.oneof(fc.array(text, { maxLength: 3 }), anyJson) },
    { requiredKeys: ['status'] }
  ),
  fc.dictionary(fc.string({ maxLength: 8 }), anyJson, { maxKeys: 4 })
);

function executorOver(livy: FakeLivy) {
  const file = JSON.stringify({ poll: { initialMs: 1, maxMs: 2 }, progressDelayMs: 0, session: { heartbeatTimeoutSeconds: 0 } });
  const config = loadKernelConfig({ env: { LIVY_URL: 'http://livy.test:8998', EMR_LIVY_CONFIG: '/cfg.json' }, redactor: new Redactor(), readFile: () => file });
  return createCellExecutor(config, { transport: () => livy });
}

describe('statement outputs (properties, through the cell layer)', () => {
  it.each(['spark.range(1).count()', '%%sql\nSELECT 1', '%%pyspark\nprint(1)'])(
    'a %s cell shows any output Livy returns or fails with a kernel error, and its HTML carries no raw markup',
    async code => {
      const livy = new FakeLivy();
      livy.startPolls = 0;
      let output: Json = {};
      livy.script = () => ({ output });
      const executor = executorOver(livy);
      await fc.assert(
        fc.asyncProperty(statementOutput, async generated => {
          output = generated as Json;
          const outcome = await runCell(executor, code);
          if (outcome.error !== undefined) {
            expect(outcome.error).toBeInstanceOf(KernelError);
          }
          for (const event of outcome.sink.events) {
            const html = (event as { data?: Record<string, unknown> }).data?.['text/html'];
            // Livy's own text/html output passes through as the user's HTML; everything the kernel builds is escaped.
            if (typeof html === 'string' && html !== (output.data as Json | undefined)?.['text/html']) {
              expect(html).not.toMatch(/<img|<script/i);
            }
          }
        }),
        { numRuns: CELL_OUTPUT_RUNS / 3 }
      );
      await executor.shutdown(false);
    },
    // A %%sql result's chart is drawn as SVG in the kernel (50-200 ms each on a loaded 2-core
    // machine, BENCHMARKS.md), so these runs need more than jest's default 5 s.
    60_000
  );
});

describe('statement outputs the client refuses (examples the properties found)', () => {
  it.each([
    ['an error without its name and message', { status: 'error' }],
    ['an ok output without data', { status: 'ok', execution_count: 1 }],
    ['an unknown status', { status: 'maybe', data: {} }],
    ['a traceback that is not text', { status: 'error', ename: 'E', evalue: 'v', traceback: [1] }]
  ])('%s is a bad response, named as such', async (_label, output) => {
    const body = JSON.stringify({ id: 1, code: '1', state: 'available', output, progress: 1, started: 0, completed: 0 });
    const http = new LivyHttp({ baseUrl: 'http://livy.test:8998', transport: new ScriptedTransport({ status: 200, headers: {}, body }), requestedBy: 't', timeoutMs: 1000 });
    await expect(new LivyClient(http).getStatement(3, 1)).rejects.toThrow(/Livy answered GET \/sessions\/3\/statements\/1 with an unexpected body/);
  });

  it('gives an error output without a traceback an empty one', async () => {
    const body = JSON.stringify({ id: 1, code: '1', state: 'available', output: { status: 'error', ename: 'E', evalue: 'v' }, progress: 1 });
    const http = new LivyHttp({ baseUrl: 'http://livy.test:8998', transport: new ScriptedTransport({ status: 200, headers: {}, body }), requestedBy: 't', timeoutMs: 1000 });
    await expect(new LivyClient(http).getStatement(3, 1)).resolves.toMatchObject({ output: { ename: 'E', traceback: [] } });
  });
});
