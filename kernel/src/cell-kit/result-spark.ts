import { ExportFormat, ITablePayload } from '@jupyterlab-emr/common';
import { UserError } from '../core/errors';
import { IOutputSink } from '../core/output-sink';
import { tableFromSqlOutput } from '../bundles/result-table';
import { IResultSpark } from '../results/paging/result-view-service';
import { exportCode, readExportedRows, RESULT_EXPORT_OBJECT } from '../results/paging/result-export';
import { COMPACT_FETCH_OBJECT, compactFetchCode, compactForgetCode, compactPageCode } from '../results/compact-fetch';
import { PAGE_POLL } from '../livy/backoff';
import { ICellContext, ICellServices } from './context';
import { IRunOptions } from './run-statement';
import { fetchCompact, runSqlStatement } from './spark-sql';
import { runWithDefinitions } from './session-definitions';

/** A page is waited on by someone scrolling, and no output shows a progress bar for it. */
const PAGE_RUN: IRunOptions = { progress: false, poll: PAGE_POLL };

/** A table's requests belong to no cell: nothing they would print has an output to go to. */
const NOWHERE: IOutputSink = { stream: () => undefined, display: () => undefined, updateDisplay: () => undefined, result: () => undefined, clear: () => undefined };

/**
 * The notebook's Spark session as the result view service uses it between cells: the same
 * statements a cell runs, with no output. Livy runs them after any statement already queued.
 */
export function resultSpark(kernel: ICellServices): IResultSpark {
  const context = (): ICellContext => ({ sink: NOWHERE, signal: new AbortController().signal });
  const endpoint = () => kernel.connection.require();
  return {
    sessionId: () => kernel.connection.current()?.sessions.current?.id,
    query: async sql => tableFromSqlOutput(await runSqlStatement(endpoint(), context(), kernel, sql, 0, { progress: false }), 0),
    fetchRows: async (sql, rows): Promise<ITablePayload> => (await fetchCompact(endpoint(), context(), kernel, sql, rows, 0, compactFetchCode(sql, rows), PAGE_RUN)).table,
    fetchPage: async ({ key, sql, fallbackSql, offset, rows, rowCount }): Promise<ITablePayload> =>
      (await fetchCompact(endpoint(), context(), kernel, fallbackSql, rows, 0, compactPageCode(key, sql, offset, rows, rowCount), PAGE_RUN)).table,
    forgetPages: async prefix => {
      await runWithDefinitions(endpoint(), context(), kernel.settings, { code: compactForgetCode(prefix), kind: 'spark' }, [COMPACT_FETCH_OBJECT], { progress: false });
    },
    writeAndCount: async (sql: string, path: string, format: ExportFormat) => {
      const statement = await runWithDefinitions(endpoint(), context(), kernel.settings, { code: exportCode(sql, path, format), kind: 'spark' }, [RESULT_EXPORT_OBJECT], { progress: false });
      const output = statement.output;
      if (output?.status === 'error') {
        throw new UserError(`Spark could not write ${path}: ${output.evalue.split('\n')[0]}`);
      }
      const text = output?.data['text/plain'];
      const rows = typeof text === 'string' ? readExportedRows(text) : undefined;
      if (rows === undefined) {
        throw new Error(`the export printed no row count: ${JSON.stringify(output ?? null).slice(0, 200)}`);
      }
      return rows;
    }
  };
}
