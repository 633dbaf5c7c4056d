import { loadKernelConfig } from '../../../../kernel/src/config';
import { createCellExecutor } from '../../../../kernel/src/magics/assembly';
import { Redactor } from '../../../../kernel/src/redact';
import { expectOk, kernelErrorOf, runCell } from '../../../helpers/cell-runner';
import { FakeLivy, recordedOutput } from '../../../helpers/fake-livy';

/** The real cell executor on an in-memory Livy that records every statement it is sent. */
function executorOnFakeLivy() {
  const livy = new FakeLivy();
  livy.startPolls = 0;
  const file = JSON.stringify({ poll: { initialMs: 1, maxMs: 5 }, progressDelayMs: 0, session: { heartbeatTimeoutSeconds: 0, cancelWaitSeconds: 1 } });
  const config = loadKernelConfig({ env: { LIVY_URL: 'http://livy.test:8998', EMR_LIVY_CONFIG: '/cfg.json' }, redactor: new Redactor(), readFile: () => file });
  const executor = createCellExecutor(config, {
    transport: () => livy,
    describeCluster: async () => Promise.reject(new Error('no clusters in this test'))
  });
  const statements = () => livy.statements();
  return { executor, livy, statements };
}

const PARAMETERS = '// Parameters\nval min_status = 400\nval path = "/a"\n';

describe('parameters cells in the emr-livy kernel', () => {
  it('runs a parameters cell without Livy: no session, no statement, the names printed', async () => {
    const { executor, livy } = executorOnFakeLivy();
    const sink = expectOk(await runCell(executor, PARAMETERS));
    expect(sink.text()).toBe('Parameters set: min_status, path. SQL, Hive and other magic cells read them as ${name}; Scala and PySpark cells as variables.\n');
    expect(livy.requests).toEqual([]);
  });

  it('fills ${name} in %%sql before Livy sees it, and defines nothing in Scala for it', async () => {
    const { executor, livy, statements } = executorOnFakeLivy();
    livy.script = () => ({ output: recordedOutput('statement-sql-rows') });
    expectOk(await runCell(executor, PARAMETERS));
    expectOk(await runCell(executor, "%%sql --no-chart\nSELECT * FROM hits WHERE status >= ${min_status} AND path = '${path}' AND x = ${unset}"));
    // %%sql may wrap the query (a row limit); the query itself must arrive filled in.
    const [statement, ...others] = statements();
    expect(others).toEqual([]);
    expect(statement.kind).toBe('sql');
    expect(statement.code).toContain("SELECT * FROM hits WHERE status >= 400 AND path = '/a' AND x = ${unset}");
  });

  it('defines the parameters in the session before the first Scala and PySpark cells, once', async () => {
    const { executor, livy, statements } = executorOnFakeLivy();
    livy.script = () => ({ output: recordedOutput('statement-scala-ok') });
    expectOk(await runCell(executor, PARAMETERS));
    expectOk(await runCell(executor, 'println(s"${path}")'));
    expectOk(await runCell(executor, 'println(min_status)'));
    expectOk(await runCell(executor, '%%pyspark\nprint(path)'));
    expectOk(await runCell(executor, 'val path = "/b"'));
    expectOk(await runCell(executor, 'path'));
    expect(statements()).toEqual([
      { code: 'val min_status = 400\nval path = "/a"', kind: 'spark' },
      { code: 'println(s"${path}")', kind: 'spark' },
      { code: 'println(min_status)', kind: 'spark' },
      { code: 'min_status = 400\npath = "/a"', kind: 'pyspark' },
      { code: 'print(path)', kind: 'pyspark' },
      { code: 'val path = "/b"', kind: 'spark' },
      { code: 'path', kind: 'spark' }
    ]);
  });

  it('fails the cell with the remedy when Spark rejects the definitions, and tries again next time', async () => {
    const { executor, livy, statements } = executorOnFakeLivy();
    livy.script = code => ({ output: code.startsWith('val min_status') && statements().length === 1 ? recordedOutput('statement-scala-compile-error') : recordedOutput('statement-scala-ok') });
    expectOk(await runCell(executor, PARAMETERS));
    const error = kernelErrorOf(await runCell(executor, 'min_status'));
    expect(error.evalue).toMatch(/^The notebook's parameters could not be defined in the Scala interpreter of the Spark session: .+ Fix the parameters cell/);
    expectOk(await runCell(executor, 'min_status'));
    expect(statements().map(statement => statement.code)).toEqual(['val min_status = 400\nval path = "/a"', 'val min_status = 400\nval path = "/a"', 'min_status']);
  });
});
