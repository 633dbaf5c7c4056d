import { ICellExecutor } from '../../../../kernel/src/core/cell-layer';
import { expectOk, runCell } from '../../../helpers/cell-runner';
import { stackExecutor } from '../../../helpers/livy-stack';

// %%hive on the Livy session's Hive catalog (the stack's PostgreSQL metastore), read back with %%sql.
describe('%%hive on Livy', () => {
  const table = `it_hive_${Date.now().toString(36)}`;
  let executor: ICellExecutor;

  beforeAll(() => {
    // .stack/env.sh names the stack's Thrift server; this suite is about %%hive on the session.
    executor = stackExecutor('hive', { EMR_HIVESERVER2_URL: '' });
  });

  afterAll(async () => {
    await runCell(executor, `%%hive\nDROP TABLE IF EXISTS ${table}`);
    await executor.shutdown(false);
  });

  it('creates and fills a Hive table that %%sql then reads', async () => {
    expectOk(await runCell(executor, `%%hive\nCREATE TABLE ${table} (id INT, name STRING) STORED AS PARQUET`));
    expectOk(await runCell(executor, `%%hive\nINSERT INTO ${table} VALUES (1, 'one'), (2, 'two')`));
    const sink = expectOk(await runCell(executor, `%%sql\nSELECT id, name FROM ${table} ORDER BY id`));
    const lines = String(sink.results()[0]['text/plain']).split('\n');
    expect(lines.slice(2, 4).map(line => line.replace(/\s+/g, ' ').trim())).toEqual(['1 | one', '2 | two']);
  });

  it('finds the table in the Hive metastore as a Hive table', async () => {
    const sink = expectOk(await runCell(executor, `%%hive\nDESCRIBE FORMATTED ${table}`));
    const text = String(sink.results()[0]['text/plain']);
    expect(text).toMatch(/Provider\s+\|\s+hive/);
    expect(text).toMatch(/Type\s+\|\s+MANAGED/);
  });
});
