import { ITablePayload } from '@jupyterlab-emr/common';
import { CellCodeError, UserError } from '../core/errors';
import { Logger } from '../log';
import { MimeBundle } from '../core/output-sink';
import { LivyBadResponseError } from '../livy/errors';
import { IActiveSession } from '../livy/session-manager';
import { ISqlOutput } from '../livy/types';
import { cellCodeError } from '../bundles/errors';
import { tableFromSqlOutput } from '../bundles/result-table';
import { sendResult } from '../bundles/result-outputs';
import { withChart } from '../bundles/vegalite';
import { wideDecimalNote } from '../bundles/precision-note';
import { isQueryShaped } from '../results/query-shape';
import { COMPACT_FETCH_OBJECT, compactFetchCode, MAX_PAYLOAD_CHARS, readCompactAnswer } from '../results/compact-fetch';
import { FetchFirstRows, queryResult, RetainResult } from '../results/query-result';
import { createViewSql } from '../results/result-sql';
import { ISqlCommand } from './sql-command';
import { ICellContext, ICellServices, ILivyEndpoint } from './context';
import { ensureSession, IRunOptions, runStatement } from './run-statement';
import { runWithDefinitions, SessionDefinitionError } from './session-definitions';

const log = new Logger('sql');

/** Sessions already known to have the Hive catalog, so %%hive checks it once per session. */
const hiveSessions = new WeakMap<ILivyEndpoint, Set<number>>();

/** Sessions where the compact fetch's object did not compile (an older Spark): big results take the sql kind there. */
const noCompactFetch = new WeakSet<IActiveSession>();

/** A Spark DataType as Jackson writes it: a name, or array/map/struct objects with their parts. */
function isSparkType(type: unknown): boolean {
  if (typeof type === 'string') {
    return true;
  }
  if (typeof type !== 'object' || type === null || Array.isArray(type)) {
    return false;
  }
  const nested = type as { type?: unknown; elementType?: unknown; keyType?: unknown; valueType?: unknown; fields?: unknown };
  switch (nested.type) {
    case 'array':
      return isSparkType(nested.elementType);
    case 'map':
      return isSparkType(nested.keyType) && isSparkType(nested.valueType);
    case 'struct':
      return Array.isArray(nested.fields) && nested.fields.every(field => typeof field === 'object' && field !== null && typeof field.name === 'string' && isSparkType(field.type));
    default:
      return typeof nested.type === 'string';
  }
}

function isSqlOutput(value: unknown): value is ISqlOutput {
  const output = value as ISqlOutput;
  const isField = (field: unknown): boolean => typeof field === 'object' && field !== null && typeof (field as { name?: unknown }).name === 'string' && isSparkType((field as { type?: unknown }).type);
  return (
    typeof output === 'object' &&
    output !== null &&
    typeof output.schema === 'object' &&
    Array.isArray(output.schema?.fields) &&
    output.schema.fields.every(isField) &&
    Array.isArray(output.data) &&
    output.data.every(row => Array.isArray(row))
  );
}

/**
 * One SQL statement through Livy's `sql` kind, which returns a typed schema and rows (not text to
 * parse back, as sparkmagic does). %%hive is the same, on a session that must have Hive support.
 * A query gets the limit, the exact row count and a chart over all rows (kernel/src/results);
 * other statements (DDL, SET, SHOW, DML) run as they are.
 */
export async function runSql(command: ISqlCommand, cell: ICellContext, kernel: ICellServices): Promise<void> {
  // Spark's parser takes one statement and rejects a trailing semicolon some people type by habit.
  const query = command.query.trim().replace(/;\s*$/, '');
  if (query === '') {
    throw new UserError(`%%${command.engine} needs one SQL statement below the magic line.`);
  }
  const shaped = isQueryShaped(query);
  if (command.view !== undefined && !shaped) {
    throw new UserError(`--view ${command.view} needs a query (SELECT, WITH, VALUES, TABLE or FROM …) to register as a temporary view; this statement is not one.`);
  }
  const endpoint = kernel.connection.require();
  await kernel.resultViews?.releaseCell(cell.cellId);
  if (command.engine === 'hive') {
    await requireHiveCatalog(endpoint, await ensureSession(endpoint, cell), cell, kernel);
  }
  const settings = kernel.settings.sqlResults.current();
  const limit = command.limit ?? settings.defaultLimit;
  const bodyLine = command.bodyLine + leadingLines(command.query);
  const run = (code: string, firstLine: number): Promise<ISqlOutput> => runSqlStatement(endpoint, cell, kernel, code, firstLine);
  const runAsIs = async (): Promise<void> => {
    const output = await run(query, bodyLine);
    if (!command.quiet) {
      const table = tableFromSqlOutput(output, kernel.settings.sqlServerRowLimit);
      const shown = table.rows.length > limit ? { ...table, rows: table.rows.slice(0, limit), truncated: true } : table;
      const charted = withChart(shown, command.chart);
      await showResult(cell, table, charted.table, charted.chart, []);
    }
  };
  if (!shaped || (command.quiet && command.view === undefined)) {
    return runAsIs();
  }
  // Generated statements carry the query from their second line on.
  const runQuery = async (code: string) => tableFromSqlOutput(await run(code, bodyLine - 1), 0);
  if (command.quiet) {
    await runQuery(createViewSql(command.view as string, query));
    return;
  }
  // From this many rows on, the first rows come through the compact fetch (the query's line numbers as in runQuery).
  const compactFrom = kernel.settings.sqlCompactFetchRows;
  const fetchFirstRows: FetchFirstRows | undefined = compactFrom > 0 && limit >= compactFrom ? code => fetchCompact(endpoint, cell, kernel, code, limit + 1, bodyLine - 1) : undefined;
  const views = kernel.resultViews;
  const retain: RetainResult | undefined = views && (partial => views.retain({ ...partial, cache: command.cache === true, cellId: cell.cellId }));
  let result;
  try {
    result = await queryResult({ query, view: command.view, limit, chart: command.chart, settings, serverRowLimit: kernel.settings.sqlServerRowLimit }, runQuery, fetchFirstRows, retain);
  } catch (error) {
    // Spark could not parse the query inside the kernel's statement: on its own it either fails
    // with an excerpt and positions of the user's text alone, or runs as any other statement.
    if (command.view === undefined && error instanceof CellCodeError && /^(PARSE_|ParseException$)/.test(error.ename)) {
      return runAsIs();
    }
    throw error;
  }
  await showResult(cell, result.table, result.table, result.chart, result.notes);
}

async function showResult(cell: ICellContext, table: ITablePayload, shown: ITablePayload, chart: MimeBundle, notes: string[]): Promise<void> {
  await sendResult(cell.sink, shown, chart);
  const decimals = wideDecimalNote(table);
  for (const note of [...notes, ...(decimals ? [decimals] : [])]) {
    cell.sink.stream('stderr', `${note}\n`);
  }
}

/**
 * Runs one statement of the sql kind and returns its typed output; Spark's errors name cell lines.
 * `runOptions`: a cell's statement shows progress; a table's request has no output to show it in.
 */
export async function runSqlStatement(
  endpoint: ILivyEndpoint,
  cell: ICellContext,
  kernel: ICellServices,
  code: string,
  bodyLine: number,
  runOptions: IRunOptions = { progress: true }
): Promise<ISqlOutput> {
  const statement = await runStatement(endpoint, cell, kernel.settings, { code, kind: 'sql' }, runOptions);
  const output = statement.output;
  if (output?.status === 'error') {
    throw cellCodeError(output, { kind: 'sql', bodyLine });
  }
  const json = output?.data['application/json'];
  if (!isSqlOutput(json)) {
    // A Livy (or a proxy) that answers otherwise than Livy's sql kind does: said plainly, not a crash.
    throw new LivyBadResponseError('GET', `/sessions/…/statements/${statement.id}`, `the sql output has no schema and rows: ${JSON.stringify(output?.data ?? null).slice(0, 200)}`);
  }
  return json;
}

const megabytes = (chars: number): string => (chars / 1e6).toFixed(1);

/**
 * The first rows of a big result through the compact fetch (kernel/src/results/compact-fetch.ts):
 * one `spark` statement calling an object defined once per session, faster than the sql kind from
 * tens of thousands of rows on and not capped by livy.rsc.sql.num-rows. A result with a type the
 * encoder leaves to the sql kind, and a session where the object does not compile, get the sql
 * kind's statement instead (with its cap). The query's errors are the sql kind's, lines and all.
 * `statementCode` calls the object otherwise (a page of a kept result); `code` stays the sql kind's fallback.
 * `runOptions`: a cell's statement shows progress; a table's page has no output and polls finer.
 */
export async function fetchCompact(
  endpoint: ILivyEndpoint,
  cell: ICellContext,
  kernel: ICellServices,
  code: string,
  rows: number,
  bodyLine: number,
  statementCode: string = compactFetchCode(code, rows),
  runOptions: IRunOptions = { progress: true }
): Promise<{ table: ITablePayload; livyCapped: boolean }> {
  const viaSqlKind = async () => ({ table: tableFromSqlOutput(await runSqlStatement(endpoint, cell, kernel, code, bodyLine, runOptions), 0), livyCapped: true });
  if (endpoint.sessions.current && noCompactFetch.has(endpoint.sessions.current)) {
    return viaSqlKind();
  }
  let statement;
  try {
    statement = await runWithDefinitions(endpoint, cell, kernel.settings, { code: statementCode, kind: 'spark' }, [COMPACT_FETCH_OBJECT], runOptions);
  } catch (error) {
    if (!(error instanceof SessionDefinitionError)) {
      throw error;
    }
    log.warn(`The compact fetch does not compile in this session; big results take the sql kind here. ${error.evalue}\n${error.traceback.join('\n')}`);
    if (endpoint.sessions.current) {
      noCompactFetch.add(endpoint.sessions.current);
    }
    return viaSqlKind();
  }
  const answer = readCompactAnswer(statement.output);
  switch (answer?.kind) {
    case 'rows':
      if (!isSqlOutput(answer.output)) {
        throw new LivyBadResponseError('GET', `/sessions/…/statements/${statement.id}`, 'the compact fetch decoded to something without schema and rows');
      }
      return { table: tableFromSqlOutput(answer.output, 0), livyCapped: false };
    case 'error':
      throw cellCodeError(answer.error, { kind: 'sql', bodyLine });
    case 'fallback':
      return viaSqlKind();
    case 'too-big':
      throw new UserError(
        `The first ${answer.rows.toLocaleString('en-US')} rows of this result are ${megabytes(answer.chars)} MB even compressed, more than the kernel takes from one Livy statement ` +
          `(${megabytes(MAX_PAYLOAD_CHARS)} MB, below Livy's livy.rsc.rpc.max.size of 50 MB by default). Ask for fewer rows with -n, or aggregate the result in SQL, ` +
          'or write it out (CREATE TABLE … AS SELECT, %%silver) instead of into the notebook.'
      );
    default:
      if (statement.output?.status === 'error') {
        throw cellCodeError(statement.output, { kind: 'spark', bodyLine: 0 });
      }
      throw new LivyBadResponseError('GET', `/sessions/…/statements/${statement.id}`, `the compact fetch printed no answer: ${JSON.stringify(statement.output ?? null).slice(0, 200)}`);
  }
}

/** Blank lines before the statement shift Spark's line numbers against the cell's. */
function leadingLines(query: string): number {
  return (/^\s*/.exec(query)?.[0] ?? '').split('\n').length - 1;
}

async function requireHiveCatalog(endpoint: ILivyEndpoint, session: IActiveSession, cell: ICellContext, kernel: ICellServices): Promise<void> {
  const known = hiveSessions.get(endpoint) ?? new Set<number>();
  hiveSessions.set(endpoint, known);
  if (known.has(session.id)) {
    return;
  }
  const statement = await runStatement(endpoint, cell, kernel.settings, { code: 'SET spark.sql.catalogImplementation', kind: 'sql' }, { progress: false });
  const json = statement.output?.status === 'ok' ? statement.output.data['application/json'] : undefined;
  const catalog = isSqlOutput(json) ? String(json.data[0]?.[1] ?? '') : '';
  if (catalog !== 'hive') {
    throw new UserError(
      `%%hive needs a session with Hive support, but session ${session.id} uses the "${catalog || 'unknown'}" catalog. ` +
        'Start Livy with livy.repl.enable-hive-context=true (EMR does), or restart the session with %%configure -f ' +
        '{"conf": {"spark.sql.catalogImplementation": "hive"}}. %%sql runs Spark SQL on the current catalog.'
    );
  }
  known.add(session.id);
}
