import { ICellExecutor } from '../../../../kernel/src/core/cell-layer';
import { expectOk, kernelErrorOf, runCell } from '../../../helpers/cell-runner';
import { stackExecutor } from '../../../helpers/livy-stack';

// %%sql through Livy's typed `sql` kind on the real local Livy; one session for the file.
describe('%%sql on Livy', () => {
  let executor: ICellExecutor;

  beforeAll(() => {
    executor = stackExecutor('sql');
  });

  afterAll(async () => {
    await executor.shutdown(false);
  });

  it('returns a typed result as an aligned text table and an escaped HTML table', async () => {
    const sink = expectOk(await runCell(executor, '%%sql\nSELECT 1 AS i, 9007199254740993L AS big, "<b>x</b>" AS s, CAST(2.5 AS DOUBLE) AS d, NULL AS n, array(1, 2) AS arr'));
    const [result] = sink.results();
    const text = String(result['text/plain']);
    expect(text.split('\n')[0]).toMatch(/^i\s+\| big\s+\| s\s+\| d\s+\| n\s+\| arr$/);
    // A long beyond 2^53 keeps its last digit: the response is parsed without going through a double.
    expect(text).toContain('9007199254740993');
    expect(text).toContain('NULL');
    expect(text).toContain('[1, 2]');
    expect(text).toMatch(/\(1 row\)$/);
    const html = String(result['text/html']);
    expect(html).toContain('&lt;b&gt;x&lt;/b&gt;');
    expect(html).not.toContain('<b>x</b>');
    expect(html).toContain('title="long"');
  });

  it('warns that decimals wider than a double arrive rounded', async () => {
    const sink = expectOk(await runCell(executor, '%%sql\nSELECT CAST(12345678901234567.123456789012345678 AS DECIMAL(38,18)) AS d'));
    expect(sink.text('stderr')).toMatch(/d \(decimal\(38,18\)\).*CAST\(d AS STRING\)/s);
  });

  it('limits the rows shown with -n and says how many of the counted rows the table shows', async () => {
    const sink = expectOk(await runCell(executor, '%%sql -n 2\nSELECT id FROM range(5)'));
    const text = String(sink.results()[0]['text/plain']);
    expect(
      text
        .split('\n')
        .filter(line => /^\s*\d+$/.test(line))
        .map(line => line.trim())
    ).toEqual(['0', '1']);
    expect(text).toMatch(/\(5 rows, the table shows the first 2\)$/);
  });

  it('runs DDL without a table, and the view it made is there for the next cell', async () => {
    const ddl = expectOk(await runCell(executor, '%%sql\nCREATE OR REPLACE TEMPORARY VIEW it_sql_view AS SELECT 7 AS seven;'));
    expect(ddl.results()).toHaveLength(0);
    const sink = expectOk(await runCell(executor, '%sql SELECT seven FROM it_sql_view'));
    expect(String(sink.results()[0]['text/plain'])).toMatch(/^\s*7$/m);
  });

  it('runs %livy.sql cells from Zeppelin notebooks', async () => {
    const sink = expectOk(await runCell(executor, '%livy.sql\nSELECT "zeppelin" AS origin'));
    expect(String(sink.results()[0]['text/plain'])).toContain('zeppelin');
  });

  it('reports a missing table by its Spark error class, without the logical plan', async () => {
    const error = kernelErrorOf(await runCell(executor, '%%sql\nSELECT * FROM it_no_such_table'));
    expect(error.ename).toBe('TABLE_OR_VIEW_NOT_FOUND');
    expect(error.evalue).toMatch(/`it_no_such_table` cannot be found.*cell line 2/);
    expect(error.traceback.join('\n')).not.toMatch(/UnresolvedRelation|org\.apache\.spark/);
  });

  it('reports a syntax error with the statement and its position in the cell', async () => {
    const error = kernelErrorOf(await runCell(executor, '%%sql\n\nSELEC 1'));
    expect(error.ename).toBe('PARSE_SYNTAX_ERROR');
    expect(error.evalue).toMatch(/cell line 3/);
    expect(error.traceback.join('\n')).toContain('SELEC 1');
  });
});
