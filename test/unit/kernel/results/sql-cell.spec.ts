import { TABLE_MIME_TYPE, VEGA_LITE_MIME_TYPE } from '@jupyterlab-emr/common';
import { CellCodeError, UserError } from '../../../../kernel/src/core/errors';
import { KernelConfig, loadKernelConfig } from '../../../../kernel/src/config';
import { createCellLayer, ICellLayer } from '../../../../kernel/src/magics/assembly';
import { Redactor } from '../../../../kernel/src/redact';
import { expectOk, kernelErrorOf, runCell } from '../../../helpers/cell-runner';
import { FakeLivy, recordedOutput } from '../../../helpers/fake-livy';

// A %%sql cell through the whole cell layer against the fake Livy, which answers each statement
// the kernel generates with a given table: which statements are sent, in which order, and what
// the cell shows. That the SQL is valid and the numbers right is checked on a real Spark
// (test/integration/results).
const LIVY = 'http://livy.test:8998';

function config(env: NodeJS.ProcessEnv = {}): KernelConfig {
  const file = JSON.stringify({ poll: { initialMs: 1, maxMs: 5 }, progressDelayMs: 60_000, session: { heartbeatTimeoutSeconds: 0 } });
  return loadKernelConfig({ env: { LIVY_URL: LIVY, EMR_LIVY_CONFIG: '/cfg.json', ...env }, redactor: new Redactor(), readFile: () => file });
}

function sqlOutput(fields: [string, string][], rows: unknown[][]) {
  return {
    status: 'ok',
    execution_count: 0,
    data: { 'application/json': { schema: { type: 'struct', fields: fields.map(([name, type]) => ({ name, type, nullable: true, metadata: {} })) }, data: rows } }
  };
}

const SALES = Array.from({ length: 2500 }, (_, i) => [`r${i % 4}`, i]);

/** Answers the kernel's statements over a 2,500-row result, as far as the flow needs. */
function answer(code: string) {
  if (code.startsWith('CREATE') || code.startsWith('SHOW')) {
    return { output: recordedOutput('statement-sql-ddl') };
  }
  if (code.includes('SELECT 1 +')) {
    return { output: recordedOutput('statement-sql-parse-error') };
  }
  if (code.startsWith('SELECT count(1)')) {
    return { output: sqlOutput([['rows', 'long']], [[SALES.length]]) };
  }
  if (code.startsWith('SELECT `region` AS `d0`')) {
    return {
      output: sqlOutput(
        [
          ['d0', 'string'],
          ['m', 'long']
        ],
        [
          ['r0', 10],
          ['r1', 20],
          ['r2', 30],
          ['r3', 40]
        ]
      )
    };
  }
  const limit = Number(/LIMIT (\d+)$/.exec(code)?.[1] ?? SALES.length);
  return {
    output: sqlOutput(
      [
        ['region', 'string'],
        ['amount', 'long']
      ],
      SALES.slice(0, limit)
    )
  };
}

function world(env: NodeJS.ProcessEnv = {}): { layer: ICellLayer; livy: FakeLivy; sent: () => string[] } {
  const livy = new FakeLivy();
  livy.startPolls = 0;
  livy.script = code => answer(code);
  const layer = createCellLayer(config(env), { transport: () => livy });
  const sent = () => livy.requestsTo('POST', /statements$/).map(request => (JSON.parse(request.body as string) as { code: string }).code);
  return { layer, livy, sent };
}

describe('%%sql cells with limits, views and charts over all rows', () => {
  it('shows the first rows, the counted total and a chart Spark computed over all of them', async () => {
    const { layer, sent } = world();
    const sink = expectOk(await runCell(layer.executor, '%%sql -n 100\nSELECT region, amount FROM sales'));
    expect(sent().map(code => code.split('\n')[0])).toEqual(['SELECT * FROM (', 'SELECT count(1) AS `rows` FROM (', 'SELECT `region` AS `d0`, sum(`amount`) AS `m` FROM (']);
    const [result] = sink.results();
    const table = result[TABLE_MIME_TYPE] as { rows: unknown[]; rowCount: number; fullChart: { note: string } };
    expect(table.rows).toHaveLength(100);
    expect(table.rowCount).toBe(2500);
    expect(table.fullChart.note).toBe('Chart over 2,500 rows, table shows the first 100 (sum(amount) per region, computed by Spark).');
    // The chart is an output of its own, after the table's.
    expect(result[VEGA_LITE_MIME_TYPE]).toBeUndefined();
    const [chart] = sink.displays().filter(display => display[VEGA_LITE_MIME_TYPE] !== undefined);
    expect((chart[VEGA_LITE_MIME_TYPE] as { data: { values: unknown[] } }).data.values).toEqual([
      { c0: 'r0', c1: 10 },
      { c0: 'r1', c1: 20 },
      { c0: 'r2', c1: 30 },
      { c0: 'r3', c1: 40 }
    ]);
    expect(String(result['text/plain']).split('\n').pop()).toBe(`(2,500 rows, the table shows the first 100. ${table.fullChart.note})`);
  });

  it('takes --max-rows as -n, and the default limit from the config', async () => {
    const { layer, sent } = world({ EMR_LIVY_SQL_LIMIT: '7' });
    expectOk(await runCell(layer.executor, '%%sql --max-rows 30\nSELECT region, amount FROM sales'));
    expectOk(await runCell(layer.executor, '%%sql\nSELECT region, amount FROM sales'));
    expect(
      sent()
        .filter(code => code.startsWith('SELECT * FROM'))
        .map(code => code.split('\n').pop())
    ).toEqual(['LIMIT 31', 'LIMIT 8']);
  });

  it('follows the settings JupyterLab sent, from the next cell on', async () => {
    const { layer, sent } = world();
    layer.sqlResults.apply({ sql: { defaultLimit: 12, chartOverFullData: false } });
    const [result] = expectOk(await runCell(layer.executor, '%%sql\nSELECT region, amount FROM sales')).results();
    // Counted, as every partial table is, but not charted in Spark.
    expect(sent().map(code => code.split('\n')[0])).toEqual(['SELECT * FROM (', 'SELECT count(1) AS `rows` FROM (']);
    expect(sent()[0].endsWith('LIMIT 13')).toBe(true);
    expect((result[TABLE_MIME_TYPE] as { rowCount: number; fullChart?: unknown }).fullChart).toBeUndefined();
  });

  it('registers --view, and with -q only registers it', async () => {
    const { layer, sent } = world();
    expectOk(await runCell(layer.executor, '%%sql --view recent -q\nSELECT region, amount FROM sales'));
    expect(sent()).toEqual(['CREATE OR REPLACE TEMPORARY VIEW `recent` AS\nSELECT region, amount FROM sales']);
    expectOk(await runCell(layer.executor, '%%sql --view recent -n 5000\nSELECT region, amount FROM sales'));
    // 2,500 rows is more than Livy's configured 1,000, so only a count can tell that it is all.
    expect(sent().slice(1)).toEqual([
      'CREATE OR REPLACE TEMPORARY VIEW `recent` AS\nSELECT region, amount FROM sales',
      'SELECT * FROM `recent`\nLIMIT 5001',
      'SELECT count(1) AS `rows` FROM `recent`'
    ]);
  });

  it('refuses --view on a statement that is not a query, and a view name that is not an identifier, before running anything', async () => {
    const { layer, sent } = world();
    const notQuery = kernelErrorOf(await runCell(layer.executor, '%%sql --view t\nSHOW TABLES'));
    expect(notQuery).toBeInstanceOf(UserError);
    expect(notQuery.evalue).toBe('--view t needs a query (SELECT, WITH, VALUES, TABLE or FROM …) to register as a temporary view; this statement is not one.');
    expect(kernelErrorOf(await runCell(layer.executor, '%%sql --view db.t\nSELECT 1')).evalue).toMatch(/^--view needs a plain name/);
    expect(sent()).toEqual([]);
  });

  it('runs other statements as they are', async () => {
    const { layer, sent } = world();
    expectOk(await runCell(layer.executor, '%%sql\nSHOW TABLES'));
    expect(sent()).toEqual(['SHOW TABLES']);
  });

  it('reports a query Spark cannot parse from the query alone, at its line in the cell', async () => {
    const { layer, sent } = world();
    const error = kernelErrorOf(await runCell(layer.executor, '%%sql\nSELECT 1 +'));
    expect(sent()).toEqual(['SELECT * FROM (\nSELECT 1 +\n) AS `emr_livy_result`\nLIMIT 1001', 'SELECT 1 +']);
    expect(error).toBeInstanceOf(CellCodeError);
    expect(error.ename).toBe('PARSE_SYNTAX_ERROR');
    expect(error.evalue).toMatch(/\(cell line 2, position 0\)/);
  });
});
