import { ITablePayload, TABLE_MIME_TYPE } from '@jupyterlab-emr/common';
import { gzipSync } from 'zlib';
import { CellCodeError, UserError } from '../../../../kernel/src/core/errors';
import { KernelConfig, loadKernelConfig } from '../../../../kernel/src/config';
import { createCellLayer } from '../../../../kernel/src/magics/assembly';
import { Redactor } from '../../../../kernel/src/redact';
import { COMPACT_FETCH_OBJECT, COMPACT_MARKER } from '../../../../kernel/src/results/compact-fetch';
import { expectOk, kernelErrorOf, runCell } from '../../../helpers/cell-runner';
import { FakeLivy, IStatementScript, recordedOutput } from '../../../helpers/fake-livy';

// Which path a %%sql cell's first rows take, through the whole cell layer against the in-memory
// Livy: the sql kind below the threshold, the compact fetch from it on (its object defined once),
// and what the kernel makes of each answer. This Livy caps the sql kind at 1,000 rows, as a stock
// EMR does; the compact fetch has no cap.
const LIVY = 'http://livy.test:8998';
const CAP = 1000;

function config(env: NodeJS.ProcessEnv = {}): KernelConfig {
  const file = JSON.stringify({ poll: { initialMs: 1, maxMs: 5 }, progressDelayMs: 60_000, session: { heartbeatTimeoutSeconds: 0 } });
  return loadKernelConfig({ env: { LIVY_URL: LIVY, EMR_LIVY_CONFIG: '/cfg.json', EMR_LIVY_SQL_ROW_LIMIT: String(CAP), ...env }, redactor: new Redactor(), readFile: () => file });
}

const SCHEMA = {
  type: 'struct',
  fields: [
    { name: 'id', type: 'long', nullable: false, metadata: {} },
    { name: 'region', type: 'string', nullable: true, metadata: {} }
  ]
};
const rowsOf = (count: number): unknown[][] => Array.from({ length: count }, (_, id) => [id, `r${id % 4}`]);

/** The SQL inside the compact statement's string literal. */
function sqlOfCall(code: string): string {
  const encoded = /decode\("([A-Za-z0-9+/=]*)"\)/.exec(code);
  return encoded ? Buffer.from(encoded[1], 'base64').toString('utf8') : (/\.fetch\("(.*)", \d+\)$/s.exec(code)?.[1] ?? '');
}

type Compact = 'rows' | 'fallback' | 'error' | 'too-big' | 'no-compile';

function world(options: { rows: number; compact?: Compact; env?: NodeJS.ProcessEnv }) {
  const livy = new FakeLivy();
  livy.startPolls = 0;
  const data = rowsOf(options.rows);
  const sqlOk = (rows: unknown[][], schema: unknown = SCHEMA): IStatementScript => ({ output: { status: 'ok', execution_count: 0, data: { 'application/json': { schema, data: rows } } } });
  const printed = (text: string): IStatementScript => ({ output: { status: 'ok', execution_count: 0, data: { 'text/plain': `${text}\n` } } });
  const analysisError = recordedOutput('statement-sql-analysis-error');
  livy.script = (code, kind) => {
    if (kind === 'spark' && code.startsWith('object ')) {
      return options.compact === 'no-compile'
        ? { output: { status: 'error', execution_count: 0, ename: 'Error', evalue: '<console>:30: error: not found: type TimestampType', traceback: [] } }
        : printed(`defined object ${COMPACT_FETCH_OBJECT.name}`);
    }
    if (kind === 'spark') {
      const limit = Number(/LIMIT (\d+)$/.exec(sqlOfCall(code))?.[1]);
      switch (options.compact ?? 'rows') {
        case 'fallback':
          return printed(`${COMPACT_MARKER}fallback ${Buffer.from('struct<m:map<boolean,int>>').toString('base64')}`);
        case 'too-big':
          return printed(`${COMPACT_MARKER}too-big ${limit} 52000000`);
        case 'error': {
          const { ename, evalue, traceback } = analysisError as { ename: string; evalue: string; traceback: string[] };
          const line = `${COMPACT_MARKER}error ${Buffer.from(JSON.stringify({ ename, evalue, traceback })).toString('base64')}`;
          return { output: { status: 'error', execution_count: 0, ename: 'Error', evalue: line, traceback: ['org.apache.spark.sql.AnalysisException: …\n'] } };
        }
        default: {
          const json = JSON.stringify({ schema: SCHEMA, data: data.slice(0, limit) });
          return printed(`${COMPACT_MARKER}rows ${gzipSync(Buffer.from(json)).toString('base64')}`);
        }
      }
    }
    if (options.compact === 'error') {
      return { output: analysisError };
    }
    if (code.startsWith('SELECT count(1)')) {
      return sqlOk([[data.length]], { type: 'struct', fields: [{ name: 'rows', type: 'long', nullable: false, metadata: {} }] });
    }
    const limit = Number(/LIMIT (\d+)$/.exec(code)?.[1] ?? data.length);
    return sqlOk(data.slice(0, Math.min(limit, CAP)));
  };
  const layer = createCellLayer(config(options.env), { transport: () => livy });
  const sent = () => livy.requestsTo('POST', /statements$/).map(request => JSON.parse(request.body as string) as { code: string; kind: string });
  const firstLines = () => sent().map(({ code, kind }) => `${kind}: ${kind === 'spark' ? code.split('\n')[0].replace(/\(.*$/s, '(…)') : code.split('\n')[0]}`);
  return { layer, livy, sent, firstLines };
}

const CALL = `spark: ${COMPACT_FETCH_OBJECT.name}.fetch(…)`;

function tableOf(sink: ReturnType<typeof expectOk>): ITablePayload {
  return sink.results()[0][TABLE_MIME_TYPE] as ITablePayload;
}

describe('%%sql first rows: the sql kind or the compact fetch', () => {
  it('keeps the sql kind below the threshold (20,000 rows by default)', async () => {
    const { layer, sent } = world({ rows: 50_000 });
    expectOk(await runCell(layer.executor, '%%sql -n 19999 --no-chart\nSELECT id, region FROM t'));
    expect(sent().every(statement => statement.kind === 'sql')).toBe(true);
  });

  it('fetches from the threshold on with the compact fetch, defining its object once per session, and counts the rest', async () => {
    const { layer, firstLines, livy } = world({ rows: 50_000 });
    const sink = expectOk(await runCell(layer.executor, '%%sql -n 20000 --no-chart\nSELECT id, region FROM t'));
    expectOk(await runCell(layer.executor, '%%sql -n 30000 --no-chart\nSELECT id, region FROM t'));
    expect(firstLines()).toEqual([
      `spark: object ${COMPACT_FETCH_OBJECT.name} ${firstLines()[0].split(' ').slice(3).join(' ')}`,
      CALL,
      'sql: SELECT count(1) AS `rows` FROM (',
      CALL,
      'sql: SELECT count(1) AS `rows` FROM ('
    ]);
    const table = tableOf(sink);
    expect(table.rows).toHaveLength(20_000);
    expect(table.rows[19_999]).toEqual([19_999, 'r3']);
    expect(table).toMatchObject({ rowCount: 50_000, truncated: true });
    // The definition shows nothing: besides its result the cell shows only the session's start.
    expect(sink.events.filter(event => event.type !== 'result').map(event => (event.type === 'display' ? event.data['text/plain'] : event))).toEqual(['Spark session 0 started in 0 s']);
    expect(livy.requestsTo('POST', /statements$/)).toHaveLength(5);
  });

  it("takes every row the compact fetch returns as the whole result: Livy's cap does not apply to it", async () => {
    const { layer, firstLines } = world({ rows: 25_000 });
    const sink = expectOk(await runCell(layer.executor, '%%sql -n 30000 --no-chart\nSELECT id, region FROM t'));
    expect(firstLines().slice(1)).toEqual([CALL]);
    expect(tableOf(sink)).toMatchObject({ rowCount: 25_000, truncated: false });
    expect(sink.text('stderr')).toBe('');
  });

  it('follows the threshold setting: 0 never takes the compact fetch', async () => {
    const never = world({ rows: 50_000, env: { EMR_LIVY_SQL_COMPACT_FETCH_ROWS: '0' } });
    const capped = expectOk(await runCell(never.layer.executor, '%%sql -n 30000 --no-chart\nSELECT id, region FROM t'));
    expect(never.sent().every(statement => statement.kind === 'sql')).toBe(true);
    expect(tableOf(capped)).toMatchObject({ rowCount: 50_000, truncated: true });
    expect(tableOf(capped).rows).toHaveLength(CAP);
    expect(capped.text('stderr')).toMatch(/Livy returns at most livy.rsc.sql.num-rows = 1,000 rows per statement/);
    const low = world({ rows: 50_000, env: { EMR_LIVY_SQL_COMPACT_FETCH_ROWS: '500' } });
    expectOk(await runCell(low.layer.executor, '%%sql -n 500 --no-chart\nSELECT id, region FROM t'));
    expect(low.firstLines()[1]).toBe(CALL);
  });

  it('sends a result type the encoder leaves to the sql kind through the sql kind, cap and all', async () => {
    const { layer, firstLines } = world({ rows: 50_000, compact: 'fallback' });
    const sink = expectOk(await runCell(layer.executor, '%%sql -n 20000 --no-chart\nSELECT id, region FROM t'));
    expect(firstLines().slice(1)).toEqual([CALL, 'sql: SELECT * FROM (', 'sql: SELECT count(1) AS `rows` FROM (']);
    expect(tableOf(sink).rows).toHaveLength(CAP);
  });

  it('fails a query with the very error the sql kind gives, lines mapped the same way', async () => {
    const viaSqlKind = kernelErrorOf(await runCell(world({ rows: 10, compact: 'error' }).layer.executor, '%%sql -n 10\n\nSELECT * FROM no_such_table'));
    const compact = world({ rows: 10, compact: 'error' });
    const viaCompact = kernelErrorOf(await runCell(compact.layer.executor, '%%sql -n 50000\n\nSELECT * FROM no_such_table'));
    expect(compact.firstLines().slice(1)).toEqual([CALL]);
    expect(viaCompact).toBeInstanceOf(CellCodeError);
    expect({ ...viaCompact, message: viaCompact.message }).toEqual({ ...viaSqlKind, message: viaSqlKind.message });
    expect(viaCompact.ename).toBe('TABLE_OR_VIEW_NOT_FOUND');
  });

  it('says plainly when the rows are more than one statement can carry', async () => {
    const { layer } = world({ rows: 10, compact: 'too-big' });
    const error = kernelErrorOf(await runCell(layer.executor, '%%sql -n 2000000\nSELECT id, region FROM t'));
    expect(error).toBeInstanceOf(UserError);
    expect(error.evalue).toMatch(
      /^The first 2,000,001 rows of this result are 52.0 MB even compressed, more than the kernel takes from one Livy statement \(41.9 MB, below Livy's livy.rsc.rpc.max.size/
    );
    expect(error.evalue).toMatch(/fewer rows with -n/);
  });

  it('falls back to the sql kind in a session where the object does not compile, and stops trying there', async () => {
    const { layer, firstLines } = world({ rows: 50_000, compact: 'no-compile' });
    const sink = expectOk(await runCell(layer.executor, '%%sql -n 20000 --no-chart\nSELECT id, region FROM t'));
    expectOk(await runCell(layer.executor, '%%sql -n 20000 --no-chart\nSELECT id, region FROM t'));
    expect(firstLines().filter(line => line.startsWith('spark:'))).toHaveLength(1);
    expect(firstLines().filter(line => line === 'sql: SELECT * FROM (')).toHaveLength(2);
    expect(tableOf(sink).rows).toHaveLength(CAP);
  });
});
