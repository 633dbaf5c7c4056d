import { ITablePayload } from '@jupyterlab-emr/common';
import { InterruptedError, KernelError, UserError } from '../core/errors';
import { runSql } from '../cell-kit/spark-sql';
import { ICellContext } from '../cell-kit/context';
import { cellCodeError } from '../bundles/errors';
import { tableBundle } from '../bundles/table-bundle';
import { sendResult } from '../bundles/result-outputs';
import { withChart } from '../bundles/vegalite';
import { chartWithDefault } from '../results/query-result';
import { HiveEngine } from './hive-settings';
import { IHiveCommand } from './hive-magic';
import { HiveServices, IHiveKernel } from './hive-services';
import { IHs2Runner } from './hs2-client';
import { describeHs2Endpoint, IHs2Endpoint } from './hs2-endpoint';
import { Hs2CancelledError, Hs2ConnectionLostError, Hs2StatementError, Hs2UnreachableError } from './hs2-errors';
import { LogForwarder } from './log-forwarder';
import { isEmptyCommandResult } from './empty-result';
import { IScriptStatement, splitStatements } from './statement-splitter';
import { submitHiveStep } from './run-hive-step';

type EngineChoice = { kind: 'hiveserver2'; endpoint: IHs2Endpoint; source: string; fallback: boolean } | { kind: 'spark'; note?: string };

/**
 * %%hive: the cell's statements on HiveServer2 (the default when one is configured or found on
 * the connected cluster) or on the Livy session's Spark SQL, or the whole cell as an EMR step.
 * Every statement that returns columns shows its table; the last one is the cell's result and
 * carries the chart.
 */
export async function runHive(command: IHiveCommand, cell: ICellContext, kernel: IHiveKernel): Promise<void> {
  const hive = kernel.hive;
  if (command.step) {
    return submitHiveStep(command, command.step, cell, kernel);
  }
  const statements = splitStatements(command.sql.query);
  if (statements.length === 0) {
    throw new UserError('%%hive needs one or more HiveQL statements below the magic line, separated by ;.');
  }
  const engine = await chooseEngine(command.engine ?? hive.config.engine, hive, kernel.connection.current()?.clusterId);
  if (engine.kind === 'spark') {
    return runOnSpark(command, statements, cell, kernel, engine.note);
  }
  if (command.sql.view !== undefined) {
    throw new UserError(`--view registers a temporary view in the Spark session, which HiveServer2 does not share. Write %%hive --engine spark --view ${command.sql.view}, or CREATE VIEW in HiveQL.`);
  }
  const runner = hive.runner(engine.endpoint);
  cell.sink.stream('stdout', `Running on HiveServer2 at ${describeHs2Endpoint(engine.endpoint)} (${engine.source}).\n`);
  const settings = kernel.settings.sqlResults.current();
  for (const [index, statement] of statements.entries()) {
    let table;
    try {
      table = await runOne(runner, statement, cell, command.sql.limit ?? settings.defaultLimit);
    } catch (error) {
      if (index === 0 && engine.fallback && error instanceof Hs2UnreachableError) {
        return runOnSpark(command, statements, cell, kernel, `HiveServer2 at ${describeHs2Endpoint(engine.endpoint)} is unreachable (${error.reason}); --engine auto falls back to Spark.`);
      }
      throw hs2KernelError(error, { index, count: statements.length, statement, bodyLine: command.sql.bodyLine, endpoint: engine.endpoint, signal: cell.signal }, cell);
    }
    if (command.sql.quiet || !table || isEmptyCommandResult(table)) {
      continue;
    }
    const bundle = tableBundle(table);
    if (!bundle) {
      continue;
    }
    const metadata = { engine: 'hiveserver2', endpoint: describeHs2Endpoint(engine.endpoint) };
    if (index === statements.length - 1) {
      const charted = withChart(table, chartWithDefault(command.sql.chart, settings, table.schema, table.rows.length));
      await sendResult(cell.sink, charted.table, charted.chart, metadata);
    } else {
      cell.sink.display(bundle, metadata);
    }
  }
}

async function chooseEngine(wanted: HiveEngine | undefined, hive: HiveServices, clusterId: string | undefined): Promise<EngineChoice> {
  if (wanted === 'spark') {
    return { kind: 'spark' };
  }
  let found;
  try {
    found = await hive.endpoint(clusterId);
  } catch (error) {
    if (wanted !== 'auto' || !(error instanceof UserError)) {
      throw error;
    }
    return { kind: 'spark', note: `${error.evalue} --engine auto runs on Spark.` };
  }
  if (found) {
    return { kind: 'hiveserver2', ...found, fallback: wanted === 'auto' };
  }
  if (wanted === 'hiveserver2') {
    throw new UserError(
      '%%hive --engine hiveserver2 needs a HiveServer2, and none is configured or found on a connected cluster. Set EMR_HIVESERVER2_URL ' +
        '(host:port, e.g. the EMR primary node on port 10000) and restart the kernel, %connect j-… to a cluster that runs Hive, or write --engine spark.'
    );
  }
  return { kind: 'spark', note: wanted === 'auto' ? 'No HiveServer2 is configured or found on a connected cluster; --engine auto runs on Spark.' : undefined };
}

async function runOnSpark(command: IHiveCommand, statements: IScriptStatement[], cell: ICellContext, kernel: IHiveKernel, note?: string): Promise<void> {
  if (note) {
    cell.sink.stream('stderr', `${note}\n`);
  }
  const endpoint = kernel.connection.require();
  cell.sink.stream('stdout', `Running on Spark SQL in the Livy session at ${endpoint.url}.\n`);
  for (const [index, statement] of statements.entries()) {
    // --view names the cell's result: the last statement's.
    const view = index === statements.length - 1 ? command.sql.view : undefined;
    await runSql({ ...command.sql, query: statement.text, bodyLine: command.sql.bodyLine + statement.line, view }, cell, kernel);
  }
}

/** One statement, its operation log streamed to stderr while it runs; at most `maxRows` rows fetched. */
function runOne(runner: IHs2Runner, statement: IScriptStatement, cell: ICellContext, maxRows: number): Promise<ITablePayload | undefined> {
  const logs = new LogForwarder(text => cell.sink.stream('stderr', text));
  return runner.run(statement.text, { signal: cell.signal, maxRows, onLog: lines => logs.add(lines) }).finally(() => logs.flush());
}

interface IFailure {
  index: number;
  count: number;
  statement: IScriptStatement;
  bodyLine: number;
  endpoint: IHs2Endpoint;
  signal: AbortSignal;
}

const NEXT_CELL = 'The next %%hive cell connects again.';

/** What a failed statement tells the user: the server's error as a clean SQL error, or what happened to the connection. */
function hs2KernelError(error: unknown, failure: IFailure, cell: ICellContext): unknown {
  const where = describeHs2Endpoint(failure.endpoint);
  const which = failure.count > 1 ? `statement ${failure.index + 1} of ${failure.count}` : 'the statement';
  const rest = failure.count > 1 ? ` The statements before it ran; the ${failure.count - failure.index - 1 === 1 ? 'one' : 'ones'} after it did not.` : '';
  if (error instanceof Hs2CancelledError && error.phase === 'connecting') {
    return new InterruptedError(`Interrupted while connecting to HiveServer2 at ${where}; nothing ran.`);
  }
  if (error instanceof Hs2CancelledError || (failure.signal.aborted && !(error instanceof KernelError))) {
    const confirmed = error instanceof Hs2CancelledError && error.confirmed;
    return new InterruptedError(
      `Interrupted: HiveServer2 at ${where} ${confirmed ? 'cancelled' : 'was asked to cancel'} ${which}.${failure.count - failure.index > 1 ? ' The statements after it did not run.' : ''}`
    );
  }
  if (error instanceof Hs2UnreachableError) {
    return new UserError(
      `HiveServer2 at ${where} is unreachable (${error.reason}), so nothing ran. Check that it runs and that this machine can reach port ${failure.endpoint.port} ` +
        "(an SSH tunnel, the cluster's security group); on the local stack: stack/run up hiveserver2. To run the cell on the Spark session instead, " +
        'write %%hive --engine spark, or --engine auto to fall back whenever HiveServer2 is unreachable.',
      'HiveServer2Unreachable'
    );
  }
  if (error instanceof Hs2ConnectionLostError) {
    return new UserError(
      `The connection to HiveServer2 at ${where} was lost while ${which} ran (${error.reason}); whether it finished is unknown, so check before running it again ` +
        `(a CREATE or INSERT may have taken effect).${rest} ${NEXT_CELL}`,
      'HiveServer2ConnectionLost'
    );
  }
  if (error instanceof Hs2StatementError) {
    if (failure.count > 1) {
      cell.sink.stream('stderr', `${which[0].toUpperCase()}${which.slice(1)} (cell line ${failure.bodyLine + failure.statement.line + 1}) failed.${rest}\n`);
    }
    return cellCodeError(serverError(error.serverMessage), { kind: 'sql', bodyLine: failure.bodyLine + failure.statement.line });
  }
  return error;
}

const FRAME = /^\s+at\s|^Caused by:|^\s+\.\.\. \d+ more/;

/**
 * HiveServer2's message in the shape of a Livy SQL error, so both engines' errors read alike:
 * without the Thrift wrapper's prefix and the repeated exception name, frames apart.
 */
function serverError(message: string): { status: 'error'; execution_count: number; ename: string; evalue: string; traceback: string[] } {
  const text = message
    .replace(/^org\.apache\.hive\.service\.cli\.HiveSQLException:\s*/, '')
    .replace(/^Error running query:\s*/, '')
    .replace(/^(\[[A-Z0-9_.]+\])\s+(?:[\w$]+\.)+[\w$]+(?:Exception|Error):\s*\1\s*/, '$1 ');
  const lines = text.split('\n');
  const firstFrame = lines.findIndex(line => FRAME.test(line));
  const cut = firstFrame < 0 ? lines.length : firstFrame;
  return { status: 'error', execution_count: 0, ename: 'Error', evalue: lines.slice(0, cut).join('\n').trim(), traceback: lines.slice(cut) };
}
