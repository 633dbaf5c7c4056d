import { ITablePayload } from '@jupyterlab-emr/common';
import { InterruptedError, UserError } from '../core/errors';
import { Logger } from '../log';
import { ICellContext } from '../cell-kit/context';
import { sendResult } from '../bundles/result-outputs';
import { withChart } from '../bundles/vegalite';
import { IAuroraService } from './aurora-service';
import { IAuroraCommand } from './cell-commands';
import { IQueryResult } from './database';
import { databaseUserError, describeTarget } from './database-errors';

const log = new Logger('aurora');

/** Rows shown when -n is not given; the whole result is still counted. */
export const AURORA_DEFAULT_MAX_ROWS = 1000;

/** A driver's result as the kernel's table: every row counted, at most `maxRows` kept. */
export function tableFromQueryResult(result: IQueryResult, maxRows: number): ITablePayload {
  const rows = result.rows.length > maxRows ? result.rows.slice(0, maxRows) : result.rows;
  return { schema: { fields: result.fields }, rows, rowCount: result.rows.length, truncated: rows.length < result.rows.length };
}

/**
 * %%aurora: SQL straight to a target's database through pg / mysql2 (not through Spark), shown
 * through the same table and chart pipeline as %%sql. A statement without columns says how many
 * rows it changed.
 */
export async function runAurora(command: IAuroraCommand, cell: ICellContext, aurora: IAuroraService): Promise<void> {
  const sql = command.query.trim();
  if (sql === '') {
    throw new UserError('%%aurora needs a SQL statement below the magic line, such as SELECT count(*) FROM silver.events.');
  }
  const params = await aurora.resolve(aurora.target(command.target));
  const database = await aurora.open(params);
  // An interrupt must end a long statement (a pg_sleep, a lock wait) on the server, not just in the cell.
  const cancel = (): void => void database.cancel().catch(error => log.warn('Cancelling the %%aurora statement failed.', error));
  let result: IQueryResult | undefined;
  try {
    cell.signal.addEventListener('abort', cancel, { once: true });
    result = cell.signal.aborted ? undefined : await database.query(sql);
  } catch (error) {
    if (!cell.signal.aborted) {
      throw databaseUserError(error, params, 'running the statement');
    }
  } finally {
    cell.signal.removeEventListener('abort', cancel);
    await database.close();
  }
  // Also when the statement returned: a cut-short one may still answer (MySQL's SLEEP() returns 1).
  if (cell.signal.aborted || result === undefined) {
    throw new InterruptedError();
  }
  if (command.quiet) {
    return;
  }
  const table = tableFromQueryResult(result, command.maxRows ?? AURORA_DEFAULT_MAX_ROWS);
  // A statement without columns (no table to show) has no chart either: its answer is a count.
  const charted = table.schema.fields.length > 0 ? withChart(table, command.chart) : { table, chart: {} };
  if (!(await sendResult(cell.sink, charted.table, charted.chart))) {
    const affected = result.affected !== undefined ? `${result.affected.toLocaleString('en-US')} ${result.affected === 1 ? 'row' : 'rows'} affected` : 'done';
    cell.sink.stream('stdout', `${describeTarget(params)}: ${affected}\n`);
  }
}
