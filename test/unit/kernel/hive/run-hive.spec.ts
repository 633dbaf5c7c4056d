import { ITablePayload, TABLE_MIME_TYPE } from '@jupyterlab-emr/common';
import { CellCodeError, InterruptedError, KernelError, UserError } from '../../../../kernel/src/core/errors';
import { IStepService, IStepStatus } from '../../../../kernel/src/hive/emr-steps';
import { IHiveConfig } from '../../../../kernel/src/hive/hive-config';
import { HiveServices, IHiveClusterDescription, IHiveKernel } from '../../../../kernel/src/hive/hive-services';
import { IHs2Runner, IRunOptions } from '../../../../kernel/src/hive/hs2-client';
import { IHs2Endpoint } from '../../../../kernel/src/hive/hs2-endpoint';
import { Hs2CancelledError, Hs2ConnectionLostError, Hs2StatementError, Hs2UnreachableError } from '../../../../kernel/src/hive/hs2-errors';
import { runHive } from '../../../../kernel/src/hive/run-hive';
import { MagicRegistry } from '../../../../kernel/src/cell-kit/registry';
import { MAGIC_SPECS } from '../../../../kernel/src/magics/features';
import { parseCell } from '../../../../kernel/src/cell-kit/parser';
import { SqlResultSettings } from '../../../../kernel/src/results/result-settings';
import { RecordingSink } from '../../../helpers/recording-sink';

const registry = new MagicRegistry(MAGIC_SPECS);
const NO_LIVY = 'no Livy in this test';

function table(name: string, rows: unknown[][], type = 'int'): ITablePayload {
  return { schema: { fields: [{ name, type }] }, rows, rowCount: rows.length, truncated: false };
}

/** A HiveServer2 at the interface: each statement's answer is scripted. */
class ScriptedRunner implements IHs2Runner {
  readonly calls: { statement: string; maxRows: number }[] = [];
  constructor(
    readonly endpoint: IHs2Endpoint,
    private readonly _answers: Record<string, ITablePayload | undefined | Error>,
    private readonly _logs: string[] = []
  ) {}
  async run(statement: string, options: IRunOptions): Promise<ITablePayload | undefined> {
    this.calls.push({ statement, maxRows: options.maxRows });
    if (this._logs.length > 0) {
      options.onLog(this._logs);
    }
    const answer = this._answers[statement];
    if (answer instanceof Error) {
      throw answer;
    }
    return answer;
  }
  async close(): Promise<void> {}
}

/** EMR's steps at the interface: DescribeStep walks through the given states. */
class ScriptedSteps implements IStepService {
  readonly endpoint = 'http://aws.test';
  readonly submitted: { clusterId: string; name: string; script: string }[] = [];
  constructor(private readonly _states: (IStepStatus | Error)[]) {}
  async submitHiveScript(clusterId: string, name: string, script: string): Promise<string> {
    this.submitted.push({ clusterId, name, script });
    return 's-TEST1';
  }
  async describe(): Promise<IStepStatus> {
    const next = this._states.length > 1 ? this._states.shift() : this._states[0];
    if (next instanceof Error) {
      throw next;
    }
    return next as IStepStatus;
  }
}

interface IWorld {
  endpoint?: IHs2Endpoint;
  engine?: IHiveConfig['engine'];
  clusterId?: string;
  cluster?: IHiveClusterDescription | Error;
  answers?: Record<string, ITablePayload | undefined | Error>;
  logs?: string[];
  steps?: (IStepStatus | Error)[];
}

function world(options: IWorld) {
  const runners: ScriptedRunner[] = [];
  const steps = new ScriptedSteps(options.steps ?? [{ state: 'PENDING' }]);
  const hive = new HiveServices({
    config: { endpoint: options.endpoint, engine: options.engine, clusterEndpoints: {}, clusterPort: 10000, logLevel: 'EXECUTION' },
    describeCluster: async () => {
      if (options.cluster instanceof Error) {
        throw options.cluster;
      }
      return options.cluster ?? { applications: [] };
    },
    awsEndpoint: 'http://aws.test',
    steps,
    runner: endpoint => {
      const runner = new ScriptedRunner(endpoint, options.answers ?? {}, options.logs);
      runners.push(runner);
      return runner;
    }
  });
  const kernel = {
    connection: {
      current: () => (options.clusterId ? { clusterId: options.clusterId } : undefined),
      require: () => {
        throw new UserError(NO_LIVY);
      }
    },
    hive,
    settings: { sqlResults: new SqlResultSettings({ defaultLimit: 1000, defaultChart: 'auto', chartOverFullData: true, catalogCompletion: true }) }
  } as unknown as IHiveKernel;
  const run = async (code: string, signal = new AbortController().signal) => {
    const sink = new RecordingSink();
    const command = parseCell(code, registry, 'scala');
    if (command.kind !== 'hive') {
      throw new Error(`not a hive cell: ${code}`);
    }
    try {
      await runHive(command, { sink, signal }, kernel);
      return { sink };
    } catch (error) {
      return { sink, error: error as KernelError };
    }
  };
  return { run, runners, steps, hive };
}

const HS2 = { host: 'hs2.test', port: 10000 };

describe('%%hive on HiveServer2', () => {
  it('runs each statement, shows every result with columns and makes the last one the result, naming the engine', async () => {
    const { run, runners } = world({
      endpoint: HS2,
      logs: ['INFO  : compiling'],
      answers: {
        'CREATE TABLE t (id INT)': table('Result', [], 'string'),
        "SELECT 'a;b' AS x": table('x', [['a;b']], 'string'),
        'SELECT 2 AS n': table('n', [[2]])
      }
    });
    const { sink, error } = await run("%%hive -n 5\nCREATE TABLE t (id INT);\nSELECT 'a;b' AS x;\nSELECT 2 AS n;");
    expect(error).toBeUndefined();
    expect(runners[0].calls).toEqual([
      { statement: 'CREATE TABLE t (id INT)', maxRows: 5 },
      { statement: "SELECT 'a;b' AS x", maxRows: 5 },
      { statement: 'SELECT 2 AS n', maxRows: 5 }
    ]);
    expect(sink.text('stdout')).toBe('Running on HiveServer2 at hs2.test:10000 (configured).\n');
    expect(sink.text('stderr')).toBe('INFO  : compiling\n'.repeat(3));
    expect(sink.displays().map(bundle => (bundle[TABLE_MIME_TYPE] as ITablePayload).rows)).toEqual([[['a;b']]]);
    expect(sink.results().map(bundle => (bundle[TABLE_MIME_TYPE] as ITablePayload).rows)).toEqual([[[2]]]);
  });

  it('shows nothing with -q', async () => {
    const { run } = world({ endpoint: HS2, answers: { 'SELECT 1': table('a', [[1]]) } });
    const { sink } = await run('%%hive -q\nSELECT 1');
    expect(sink.results()).toEqual([]);
  });

  it('turns a server error into a clean SQL error with the cell line, and says which statements ran', async () => {
    const message =
      'org.apache.hive.service.cli.HiveSQLException: Error running query: [TABLE_OR_VIEW_NOT_FOUND] org.apache.spark.sql.AnalysisException: ' +
      "[TABLE_OR_VIEW_NOT_FOUND] The table or view `nope` cannot be found.; line 1 pos 14;\n'Project [*]\n\tat org.apache.Foo.bar(Foo.scala:1)";
    const { run } = world({ endpoint: HS2, answers: { 'SELECT 1': table('a', [[1]]), 'SELECT * FROM nope': new Hs2StatementError(message, '42P01') } });
    const { sink, error } = await run('%%hive\nSELECT 1;\n\nSELECT * FROM nope;\nSELECT 3');
    expect(error).toBeInstanceOf(CellCodeError);
    expect(error?.ename).toBe('TABLE_OR_VIEW_NOT_FOUND');
    expect(error?.evalue).toBe('The table or view `nope` cannot be found. (cell line 4, position 14)');
    expect(sink.text('stderr')).toBe('Statement 2 of 3 (cell line 4) failed. The statements before it ran; the one after it did not.\n');
  });

  it('says a lost connection leaves the statement in doubt', async () => {
    const { run } = world({ endpoint: HS2, answers: { 'INSERT INTO t VALUES (1)': new Hs2ConnectionLostError(HS2, 'the server closed the connection') } });
    const { error } = await run('%%hive\nINSERT INTO t VALUES (1)');
    expect(error).toBeInstanceOf(UserError);
    expect(error?.ename).toBe('HiveServer2ConnectionLost');
    expect(error?.evalue).toContain('whether it finished is unknown');
  });

  it('reports an interrupt as such', async () => {
    const { run } = world({ endpoint: HS2, answers: { 'SELECT 1': new Hs2CancelledError(true) } });
    const { error } = await run('%%hive\nSELECT 1');
    expect(error).toBeInstanceOf(InterruptedError);
    expect(error?.evalue).toBe('Interrupted: HiveServer2 at hs2.test:10000 cancelled the statement.');
  });

  it('refuses --view, which only the Spark session has', async () => {
    const { run } = world({ endpoint: HS2 });
    const { error } = await run('%%hive --view v\nSELECT 1');
    expect(error?.evalue).toContain('--engine spark --view v');
  });

  it('refuses an empty cell', async () => {
    const { run } = world({ endpoint: HS2 });
    expect((await run('%%hive\n-- nothing;\n')).error?.evalue).toContain('needs one or more HiveQL statements');
  });
});

describe('choosing the engine', () => {
  it('runs on Spark without an endpoint, and on Spark when asked even with one', async () => {
    expect((await world({}).run('%%hive\nSELECT 1')).error?.evalue).toBe(NO_LIVY);
    const configured = world({ endpoint: HS2 });
    expect((await configured.run('%%hive --engine spark\nSELECT 1')).error?.evalue).toBe(NO_LIVY);
    expect(configured.runners).toHaveLength(0);
  });

  it('takes the configured engine when the cell names none', async () => {
    const { run, runners } = world({ endpoint: HS2, engine: 'spark' });
    expect((await run('%%hive\nSELECT 1')).error?.evalue).toBe(NO_LIVY);
    expect(runners).toHaveLength(0);
  });

  it('falls back to Spark from an unreachable HiveServer2 only with auto', async () => {
    const unreachable = { 'SELECT 1': new Hs2UnreachableError(HS2, 'ECONNREFUSED') };
    const strict = await world({ endpoint: HS2, answers: unreachable }).run('%%hive\nSELECT 1');
    expect(strict.error?.ename).toBe('HiveServer2Unreachable');
    const auto = await world({ endpoint: HS2, answers: unreachable }).run('%%hive --engine auto\nSELECT 1');
    expect(auto.sink.text('stderr')).toContain('is unreachable (ECONNREFUSED); --engine auto falls back to Spark.');
    expect(auto.error?.evalue).toBe(NO_LIVY);
  });

  it("finds the HiveServer2 on the connected cluster's primary node when the cluster runs Hive", async () => {
    const withHive = world({ clusterId: 'j-ABC', cluster: { applications: ['Spark', 'Hive'], masterPublicDnsName: 'ip-10-0-0-1.ec2.internal' }, answers: { 'SELECT 1': undefined } });
    const { sink } = await withHive.run('%%hive\nSELECT 1');
    expect(withHive.runners[0].endpoint).toEqual({ host: 'ip-10-0-0-1.ec2.internal', port: 10000 });
    expect(sink.text('stdout')).toContain('(on EMR cluster j-ABC)');
    const withoutHive = world({ clusterId: 'j-ABC', cluster: { applications: ['Spark'], masterPublicDnsName: 'ip' } });
    expect((await withoutHive.run('%%hive\nSELECT 1')).error?.evalue).toBe(NO_LIVY);
  });

  it('says when the cluster cannot be looked up, and falls back from that too with auto', async () => {
    const failing = { clusterId: 'j-ABC', cluster: Object.assign(new Error('The security token included in the request is invalid.'), { name: 'UnrecognizedClientException' }) };
    const strict = await world(failing).run('%%hive\nSELECT 1');
    expect(strict.error?.evalue).toContain('could not look up EMR cluster j-ABC through http://aws.test');
    expect(strict.error?.evalue).toContain('Set EMR_HIVESERVER2_URL');
    const auto = await world(failing).run('%%hive --engine auto\nSELECT 1');
    expect(auto.sink.text('stderr')).toContain('--engine auto runs on Spark.');
    expect(auto.error?.evalue).toBe(NO_LIVY);
  });
});

describe('%%hive --step', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('submits the script and, with --wait, follows the step to COMPLETED in one line', async () => {
    const { run, steps } = world({ clusterId: 'j-ABC', steps: [{ state: 'PENDING' }, { state: 'RUNNING' }, { state: 'COMPLETED' }] });
    const running = run('%%hive --step --wait --name nightly\nINSERT INTO t SELECT 1;');
    await jest.advanceTimersByTimeAsync(10_000);
    const { sink, error } = await running;
    expect(error).toBeUndefined();
    expect(steps.submitted).toEqual([{ clusterId: 'j-ABC', name: 'nightly', script: 'INSERT INTO t SELECT 1;' }]);
    const lines = sink.displayTexts();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^EMR step s-TEST1 \(nightly\) on j-ABC: COMPLETED · \d+ s · no longer watched/);
    const states = sink.events
      .filter(event => event.type === 'update')
      .map(
        event =>
          String((event as { data: Record<string, unknown> }).data['text/plain'])
            .split(': ')[1]
            .split(' ')[0]
      );
    expect(states).toEqual(['PENDING', 'RUNNING', 'COMPLETED']);
  });

  it('fails the cell with the reason and the log when the step fails', async () => {
    const { run } = world({ clusterId: 'j-ABC', steps: [{ state: 'FAILED', reason: 'hive exited with 64', logFile: 's3://logs/j-ABC/steps/s-TEST1/stderr.gz' }] });
    const { error } = await run('%%hive --step --wait --cluster j-XYZ\nSELECT 1');
    expect(error?.ename).toBe('EmrStepFailed');
    expect(error?.evalue).toBe('EMR step s-TEST1 on j-XYZ ended FAILED: hive exited with 64. Its log: s3://logs/j-ABC/steps/s-TEST1/stderr.gz.');
  });

  it('stops watching after three failed reads, saying why', async () => {
    const { run } = world({ clusterId: 'j-ABC', steps: [Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' })] });
    const running = run('%%hive --step --wait\nSELECT 1');
    await jest.advanceTimersByTimeAsync(10_000);
    const { error } = await running;
    expect(error?.evalue).toContain('Could not read the state of step s-TEST1 through http://aws.test');
  });

  it('stops watching when the kernel shuts down', async () => {
    const { run, hive } = world({ clusterId: 'j-ABC', steps: [{ state: 'RUNNING' }] });
    const { sink } = await run('%%hive --step\nSELECT 1');
    await jest.advanceTimersByTimeAsync(5_000);
    await hive.close();
    await jest.advanceTimersByTimeAsync(1_000);
    expect(sink.displayTexts()[0]).toMatch(/RUNNING · .* no longer watched/);
  });

  it('refuses a script longer than EMR takes inline, with the remedy', async () => {
    const { run, steps } = world({ clusterId: 'j-ABC' });
    const { error } = await run(`%%hive --step\nSELECT '${'x'.repeat(11_000)}'`);
    expect(error?.evalue).toContain('hive -f s3://');
    expect(steps.submitted).toEqual([]);
  });
});
