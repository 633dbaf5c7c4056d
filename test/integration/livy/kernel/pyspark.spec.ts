import { ICellExecutor } from '../../../../kernel/src/core/cell-layer';
import { expectOk, kernelErrorOf, runCell } from '../../../helpers/cell-runner';
import { stackExecutor } from '../../../helpers/livy-stack';

// %%pyspark on the same Livy session as Scala and SQL; one session for the file.
describe('%%pyspark on Livy', () => {
  let executor: ICellExecutor;

  beforeAll(() => {
    executor = stackExecutor('pyspark');
  });

  afterAll(async () => {
    await executor.shutdown(false);
  });

  it('runs Python on the Spark session and shows what it prints', async () => {
    const sink = expectOk(await runCell(executor, '%%pyspark\nprint(spark.range(5).count())'));
    expect(sink.text()).toBe('5\n');
  });

  it('shares the session with Scala: a view made in Scala is read from Python', async () => {
    expectOk(await runCell(executor, 'spark.range(3).createOrReplaceTempView("it_shared")'));
    const sink = expectOk(await runCell(executor, '%pyspark\nprint(spark.table("it_shared").count())'));
    expect(sink.text()).toContain('3');
  });

  it('reports a Python exception with its name and the cell line it happened on', async () => {
    const error = kernelErrorOf(await runCell(executor, '%%pyspark\ndef f():\n    return 1 / 0\nf()'));
    expect(error.ename).toBe('ZeroDivisionError');
    expect(error.evalue).toBe('division by zero');
    expect(error.traceback.join('\n')).toMatch(/Cell line 3/);
  });

  it('leaves PySpark internals out of the traceback of a Spark error', async () => {
    const error = kernelErrorOf(await runCell(executor, '%%pyspark\nspark.sql("SELECT * FROM it_missing_table")'));
    expect(error.ename).toBe('AnalysisException');
    expect(error.traceback.join('\n')).not.toMatch(/py4j|pyspark\.zip/);
  });
});
