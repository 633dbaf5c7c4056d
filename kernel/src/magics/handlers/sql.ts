import { UserError } from '../../core/errors';
import { LivyBadResponseError } from '../../livy/errors';
import { IActiveSession } from '../../livy/session-manager';
import { ISqlOutput } from '../../livy/types';
import { cellCodeError } from '../../renderers/errors';
import { tableFromSqlOutput } from '../../renderers/result-table';
import { tableBundle } from '../../renderers/table-bundle';
import { chartBundle } from '../../renderers/vegalite';
import { wideDecimalNote } from '../../renderers/precision-note';
import { CellCommand } from '../commands';
import { ICellContext, IKernelServices, ILivyEndpoint } from '../context';
import { ensureSession, runStatement } from '../run-statement';

type SqlCommand = Extract<CellCommand, { kind: 'sql' }>;

/** Sessions already known to have the Hive catalog, so %%hive checks it once per session. */
const hiveSessions = new WeakMap<ILivyEndpoint, Set<number>>();

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
      return (
        Array.isArray(nested.fields) &&
        nested.fields.every(field => typeof field === 'object' && field !== null && typeof field.name === 'string' && isSparkType(field.type))
      );
    default:
      return typeof nested.type === 'string';
  }
}

function isSqlOutput(value: unknown): value is ISqlOutput {
  const output = value as ISqlOutput;
  const isField = (field: unknown): boolean =>
    typeof field === 'object' && field !== null && typeof (field as { name?: unknown }).name === 'string' && isSparkType((field as { type?: unknown }).type);
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
 */
export async function runSql(command: SqlCommand, cell: ICellContext, kernel: IKernelServices): Promise<void> {
  // Spark's parser takes one statement and rejects a trailing semicolon some people type by habit.
  const query = command.query.trim().replace(/;\s*$/, '');
  if (query === '') {
    throw new UserError(`%%${command.engine} needs one SQL statement below the magic line.`);
  }
  const endpoint = kernel.connection.require();
  if (command.engine === 'hive') {
    await requireHiveCatalog(endpoint, await ensureSession(endpoint, cell), cell, kernel);
  }
  const statement = await runStatement(endpoint, cell, kernel.settings, { code: query, kind: 'sql' }, { progress: true });
  const output = statement.output;
  if (output?.status === 'error') {
    throw cellCodeError(output, { kind: 'sql', bodyLine: command.bodyLine + leadingLines(command.query) });
  }
  const json = output?.data['application/json'];
  if (!isSqlOutput(json)) {
    // A Livy (or a proxy) that answers otherwise than Livy's sql kind does: said plainly, not a crash.
    throw new LivyBadResponseError('GET', `/sessions/…/statements/${statement.id}`, `the sql output has no schema and rows: ${JSON.stringify(output?.data ?? null).slice(0, 200)}`);
  }
  if (command.quiet) {
    return;
  }
  const table = tableFromSqlOutput(json, kernel.settings.sqlServerRowLimit);
  const shown = command.maxRows !== undefined && table.rows.length > command.maxRows ? { ...table, rows: table.rows.slice(0, command.maxRows), truncated: true } : table;
  const bundle = tableBundle(shown);
  if (bundle) {
    cell.sink.result({ ...bundle, ...chartBundle(shown, command.chart) });
  }
  const note = wideDecimalNote(table);
  if (note) {
    cell.sink.stream('stderr', `${note}\n`);
  }
}

/** Blank lines before the statement shift Spark's line numbers against the cell's. */
function leadingLines(query: string): number {
  return (/^\s*/.exec(query)?.[0] ?? '').split('\n').length - 1;
}

async function requireHiveCatalog(endpoint: ILivyEndpoint, session: IActiveSession, cell: ICellContext, kernel: IKernelServices): Promise<void> {
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
