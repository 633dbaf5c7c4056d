import { ITablePayload, TABLE_MIME_TYPE } from '@jupyterlab-emr/common';
import { isDeepStrictEqual } from 'util';
import { InterruptedError, KernelError } from '../../../../kernel/src/core/errors';
import { ICellExecutor } from '../../../../kernel/src/core/cell-layer';
import { parseLosslessJson } from '../../../../kernel/src/json/lossless-json';
import { ILivyStatement, ISqlOutput } from '../../../../kernel/src/livy/types';
import { COMPACT_FETCH_OBJECT, compactFetchCode, readCompactAnswer } from '../../../../kernel/src/results/compact-fetch';
import { firstRowsSql } from '../../../../kernel/src/results/result-sql';
import { expectOk, kernelErrorOf, runCell } from '../../../helpers/cell-runner';
import { eventually, livyRest, stackExecutor } from '../../../helpers/livy-stack';
import { loadStackEnv } from '../../../helpers/stack-env';

type Json = Record<string, unknown>;

// The compact fetch on the real local Livy, in a session capped as a stock EMR is
// (livy.rsc.sql.num-rows 1000): the same SELECT through Livy's sql kind and through the compact
// statement gives the same ISqlOutput for every type, the same table in a cell, the same errors;
// a 100,000-row -n gets every row although the sql kind would stop at 1,000.
const CAP = '1000';

// Every type json4s writes; comments name what each column checks.
const ALL_TYPES = [
  'SELECT CAST(1 AS TINYINT) AS b, CAST(-2 AS SMALLINT) AS s, 3 AS i, 9007199254740993L AS beyond_2_53, -9223372036854775808L AS long_min,',
  "  CAST(1.5 AS FLOAT) AS f, CAST(0.1 AS FLOAT) AS f_widened, CAST('NaN' AS FLOAT) AS f_nan, CAST('NaN' AS DOUBLE) AS d_nan,",
  "  CAST('Infinity' AS DOUBLE) AS d_inf, CAST('-Infinity' AS FLOAT) AS f_neg_inf, CAST('-0.0' AS DOUBLE) AS d_neg_zero,",
  '  0.1D AS d, 1e300D AS d_big, 4.9E-324D AS d_min, 1.0D AS d_whole, 123456789012345678D AS d_long,',
  '  CAST(12345678901234567890.123456789 AS DECIMAL(38,9)) AS dec_wide, CAST(1.50 AS DECIMAL(5,2)) AS dec, CAST(-100 AS DECIMAL(10,0)) AS dec_whole,',
  "  concat('q\"uo\\\\te', char(10), char(13), char(9), char(1), char(127), ' é 😀 \u2028 </script>') AS str, '' AS empty_str,",
  "  true AS bool, DATE'2026-01-15' AS day, DATE'0001-01-01' AS old_day, TIMESTAMP'2026-01-15 10:20:30.123456' AS ts, TIMESTAMP'1969-12-31 23:59:59.999' AS old_ts,",
  "  X'00FF10' AS bin, array(1, 2, NULL) AS arr, array(array(1), array()) AS nested_arr, array(CAST(2.5 AS DECIMAL(3,1))) AS arr_dec, array(X'01') AS arr_bin,",
  "  map('e', 5, 'd', 4, 'c', 3, 'b', 2, 'a', 1, 'f', NULL) AS hash_ordered_map, map(1, DATE'2026-01-01') AS int_key, map(9007199254740993L, 'x') AS long_key,",
  "  map(CAST(7 AS SMALLINT), 1) AS short_key, map(DATE'2026-01-01', 1) AS date_key, map(TIMESTAMP'2026-01-01 01:02:03.5', 1) AS ts_key, map() AS empty_map,",
  "  named_struct('x', 1, 'y', named_struct('z', 'w', 'n', CAST(NULL AS STRING)), 'a', array(1), 'm', map('k', CAST(1.5 AS DECIMAL(3,1)))) AS st,",
  "  array(named_struct('a', CAST(1.5 AS DECIMAL(3,1)), 'b', TIMESTAMP'2026-01-01 00:00:00')) AS arr_st, map('k', named_struct('v', 1)) AS map_st,",
  '  CAST(NULL AS INT) AS null_int, CAST(NULL AS STRUCT<a: INT>) AS null_st, CAST(NULL AS ARRAY<INT>) AS null_arr, NULL AS void,',
  "  CAST('abc' AS VARCHAR(5)) AS varchar_col",
  'FROM range(3)'
].join('\n');

// range(N) as 8 columns, the rows of which a test can compute on its own.
const WIDE = (rows: number): string =>
  "SELECT id, concat('region-', CAST(id % 5 AS STRING)) AS region, date_add(DATE'2026-01-01', CAST(id % 30 AS INT)) AS day, " +
  'CAST(id % 1000 AS DOUBLE) / 10 AS amount, CAST(id % 7 AS INT) AS weekday, id * 3 % 11 AS qty, CAST(id % 13 AS DOUBLE) AS score, ' +
  `concat('c', CAST(id % 4 AS STRING)) AS channel FROM range(${rows})`;

function expectedWideRow(id: number): unknown[] {
  const day = new Date(Date.UTC(2026, 0, 1 + (id % 30))).toISOString().slice(0, 10);
  return [id, `region-${id % 5}`, day, (id % 1000) / 10, id % 7, (id * 3) % 11, id % 13, `c${id % 4}`];
}

describe('the compact fetch of big %%sql results on Livy', () => {
  let executor: ICellExecutor;
  let sessionId: number;

  beforeAll(async () => {
    executor = stackExecutor('compact', {
      EMR_LIVY_SQL_ROW_LIMIT: CAP,
      EMR_LIVY_SESSION_DEFAULTS: JSON.stringify({ kind: 'spark', conf: { 'livy.rsc.sql.num-rows': CAP } })
    });
    expectOk(await runCell(executor, '%%sql\nSELECT 1'));
    const { json } = await livyRest('GET', '/sessions?size=1000');
    const session = (json.sessions as Json[]).find(item => String(item.name).startsWith('it-compact'));
    if (!session) {
      throw new Error('the test session is not on Livy');
    }
    sessionId = session.id as number;
  });

  afterAll(async () => {
    await executor.shutdown(false);
  });

  /** A statement in the kernel's session, sent and read back directly, its JSON parsed as the kernel parses Livy's. */
  async function statement(kind: string, code: string): Promise<ILivyStatement> {
    const { json } = await livyRest('POST', `/sessions/${sessionId}/statements`, { kind, code });
    return eventually('the statement to finish', 300_000, async () => {
      const response = await fetch(`${loadStackEnv().LIVY_URL}/sessions/${sessionId}/statements/${json.id as number}`);
      const answer = parseLosslessJson(await response.text()) as unknown as ILivyStatement;
      return ['available', 'cancelled'].includes(answer.state) ? answer : undefined;
    });
  }

  async function lastStatementCode(): Promise<string> {
    const { json } = await livyRest('GET', `/sessions/${sessionId}/statements?order=desc&size=1`);
    return String((json.statements as Json[])[0]?.code);
  }

  async function table(code: string): Promise<ITablePayload> {
    const [result] = expectOk(await runCell(executor, code)).results();
    return result[TABLE_MIME_TYPE] as ITablePayload;
  }

  /** A Jest-friendly copy: LosslessNumber as its text, -0 kept apart from 0 by isDeepStrictEqual below. */
  function plain(value: unknown): unknown {
    return JSON.parse(JSON.stringify(value));
  }

  it("answers an all-types SELECT with the ISqlOutput Livy's sql kind gives", async () => {
    const sql = firstRowsSql({ kind: 'query', query: ALL_TYPES }, 10);
    const define = await statement('spark', COMPACT_FETCH_OBJECT.code);
    expect(define.output?.status).toBe('ok');
    const viaSqlKind = await statement('sql', sql);
    const viaCompact = await statement('spark', compactFetchCode(sql, 11));
    expect(viaSqlKind.output?.status).toBe('ok');
    const expected = (viaSqlKind.output as unknown as { data: { 'application/json': ISqlOutput } }).data['application/json'];
    const answer = readCompactAnswer(viaCompact.output);
    expect(answer?.kind).toBe('rows');
    const actual = (answer as { output: ISqlOutput }).output;
    expect(plain(actual)).toEqual(plain(expected));
    // Stricter than toEqual: LosslessNumber against number, -0 against 0, key order of objects aside.
    expect(isDeepStrictEqual(actual, expected)).toBe(true);
    expect(actual.data).toHaveLength(3);
  }, 600_000);

  it('shows the same table for the all-types SELECT below and above the threshold', async () => {
    const small = await table(`%%sql -n 10 --no-chart\n${ALL_TYPES}`);
    expect(await lastStatementCode()).toMatch(/^SELECT \* FROM/);
    const big = await table(`%%sql -n 20000 --no-chart\n${ALL_TYPES}`);
    expect(await lastStatementCode()).toMatch(new RegExp(`^${COMPACT_FETCH_OBJECT.name}\\.fetch\\(`));
    expect(isDeepStrictEqual(big, small)).toBe(true);
    expect(big).toMatchObject({ rowCount: 3, truncated: false });
  }, 600_000);

  it('fetches 100,000 rows past livy.rsc.sql.num-rows = 1,000, each equal to the row computed here', async () => {
    const shown = await table(`%%sql -n 100000 --no-chart\n${WIDE(100_000)}`);
    expect(await lastStatementCode()).toMatch(new RegExp(`^${COMPACT_FETCH_OBJECT.name}\\.fetch\\(`));
    expect(shown).toMatchObject({ rowCount: 100_000, truncated: false });
    expect(shown.rows).toHaveLength(100_000);
    const wrong = shown.rows.map((row, index) => [index, row] as const).filter(([index, row]) => !isDeepStrictEqual(row, expectedWideRow(Number(shown.rows[index][0]))));
    expect(wrong.slice(0, 3)).toEqual([]);
    expect(new Set(shown.rows.map(row => row[0])).size).toBe(100_000);
    // The sql kind on the same session stops at the cap, which is what the compact fetch lifts.
    const capped = await table(`%%sql -n 5000 --no-chart\n${WIDE(100_000)}`);
    expect(capped.rows).toHaveLength(1000);
  }, 600_000);

  it("counts the rest when -n is smaller than the result, the compact rows not taken for Livy's cap", async () => {
    const shown = await table(`%%sql -n 30000 --no-chart\n${WIDE(40_000)}`);
    expect(shown.rows).toHaveLength(30_000);
    expect(shown).toMatchObject({ rowCount: 40_000, truncated: true });
  }, 600_000);

  it("fails a misspelled column with -n 50000 exactly as the sql kind does, on the cell's lines", async () => {
    const cell = '%%sql -n NUM --no-chart\n\nSELECT id,\n  nmae\nFROM range(10)';
    const viaSqlKind = kernelErrorOf(await runCell(executor, cell.replace('NUM', '10')));
    const viaCompact = kernelErrorOf(await runCell(executor, cell.replace('NUM', '50000')));
    expect(await lastStatementCode()).toMatch(new RegExp(`^${COMPACT_FETCH_OBJECT.name}\\.fetch\\(`));
    expect(viaCompact).toBeInstanceOf(KernelError);
    expect({ ename: viaCompact.ename, evalue: viaCompact.evalue, traceback: viaCompact.traceback }).toEqual({ ename: viaSqlKind.ename, evalue: viaSqlKind.evalue, traceback: viaSqlKind.traceback });
    expect(viaCompact.ename).toBe('UNRESOLVED_COLUMN.WITH_SUGGESTION');
    expect(viaCompact.evalue).toMatch(/`nmae`.*\(cell line 4, position 2\)$/);
  }, 600_000);

  it('leaves a type json4s cannot write to the sql kind, which fails it as before', async () => {
    const cell = '%%sql -n NUM --no-chart\nSELECT map(true, 1) AS boolean_key';
    const viaSqlKind = kernelErrorOf(await runCell(executor, cell.replace('NUM', '10')));
    const viaCompact = kernelErrorOf(await runCell(executor, cell.replace('NUM', '50000')));
    expect(await lastStatementCode()).toMatch(/^SELECT \* FROM/);
    expect(viaCompact.evalue).toBe(viaSqlKind.evalue);
    expect(viaCompact.evalue).toMatch(/Do not know how to serialize key of type class java.lang.Boolean/);
  }, 600_000);

  it('cancels a compact fetch on interrupt and keeps the session usable', async () => {
    const controller = new AbortController();
    // Sleeps per row, so it waits rather than burning the shared cores until it is cancelled.
    const endless = "SELECT id FROM range(0, 2000000000, 1, 2) WHERE reflect('java.lang.Thread', 'sleep', CAST(id % 2 + 1 AS BIGINT)) IS NOT NULL";
    const cell = runCell(executor, `%%sql -n 50000 --no-chart\n${endless}`, controller.signal);
    const running = await eventually('the compact fetch to run', 120_000, async () => {
      const { json } = await livyRest('GET', `/sessions/${sessionId}/statements?order=desc&size=1`);
      const [latest] = json.statements as Json[];
      return latest?.state === 'running' && String(latest.code).startsWith(`${COMPACT_FETCH_OBJECT.name}.fetch(`) ? (latest.id as number) : undefined;
    });
    controller.abort();
    const outcome = await cell;
    expect(outcome.error).toBeInstanceOf(InterruptedError);
    const { json: cancelled } = await livyRest('GET', `/sessions/${sessionId}/statements/${running}`);
    expect(cancelled.state).toBe('cancelled');
    const next = await table('%%sql -n 20000 --no-chart\nSELECT 41 + 1 AS answer');
    expect(next.rows).toEqual([[42]]);
  }, 600_000);
});
