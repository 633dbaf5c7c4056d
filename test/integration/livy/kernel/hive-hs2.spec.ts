import { ITablePayload, TABLE_MIME_TYPE } from '@jupyterlab-emr/common';
import { ICellExecutor } from '../../../../kernel/src/core/cell-layer';
import { expectOk, runCell } from '../../../helpers/cell-runner';
import { stackExecutor } from '../../../helpers/livy-stack';
import { loadStackEnv } from '../../../helpers/stack-env';

// One metastore (stack/README.md): a table %%hive creates on HiveServer2 (the stack's Thrift
// server) is read by %%sql in the Livy session, and the other way round.

const env = loadStackEnv();
const hs2 = `${env.HIVESERVER2_HOST}:${env.HIVESERVER2_PORT}`;

function rowsOf(sink: ReturnType<typeof expectOk>): unknown[][] {
  return (sink.results()[0][TABLE_MIME_TYPE] as ITablePayload).rows;
}

describe('%%hive on HiveServer2 and %%sql on Livy share the metastore', () => {
  const suffix = Date.now().toString(36);
  const fromHive = `it_hs2_made_${suffix}`;
  const fromLivy = `it_livy_made_${suffix}`;
  let executor: ICellExecutor;

  beforeAll(() => {
    executor = stackExecutor('hive-hs2', { EMR_HIVESERVER2_URL: hs2 });
  });

  afterAll(async () => {
    await runCell(executor, `%%hive\nDROP TABLE IF EXISTS ${fromHive};\nDROP TABLE IF EXISTS ${fromLivy}`);
    await executor.shutdown(false);
  });

  it('a table created and filled with %%hive on HiveServer2 is read by %%sql in the Livy session', async () => {
    const made = expectOk(await runCell(executor, `%%hive\nCREATE TABLE ${fromHive} (id INT, name STRING) STORED AS PARQUET;\nINSERT INTO ${fromHive} VALUES (1, 'one'), (2, 'two')`));
    expect(made.text('stdout')).toContain(`Running on HiveServer2 at ${hs2}`);
    const read = expectOk(await runCell(executor, `%%sql\nSELECT id, name FROM ${fromHive} ORDER BY id`));
    expect(rowsOf(read)).toEqual([
      [1, 'one'],
      [2, 'two']
    ]);
  });

  it('a table created with %%sql in the Livy session is read by %%hive on HiveServer2', async () => {
    expectOk(await runCell(executor, `%%sql\nCREATE TABLE ${fromLivy} STORED AS PARQUET AS SELECT 7 AS n`));
    const read = expectOk(await runCell(executor, `%%hive\nSELECT n FROM ${fromLivy}`));
    expect(read.text('stdout')).toContain(`Running on HiveServer2 at ${hs2}`);
    expect(rowsOf(read)).toEqual([[7]]);
  });

  it('%%hive --engine spark runs the HiveQL in the Livy session instead', async () => {
    const read = expectOk(await runCell(executor, `%%hive --engine spark\nSELECT count(*) AS c FROM ${fromHive}`));
    expect(read.text('stdout')).toContain(`Running on Spark SQL in the Livy session at ${env.LIVY_URL}`);
    expect(rowsOf(read)).toEqual([[2]]);
  });
});
