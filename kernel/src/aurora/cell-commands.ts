import { IChartRequest } from '@jupyterlab-emr/common';
import { UserError } from '../core/errors';
import { IOptionSpec } from '../cell-kit/options';
import { IMagicInput } from '../cell-kit/registry';

export interface IAuroraCommand {
  kind: 'aurora';
  target?: string;
  query: string;
  bodyLine: number;
  maxRows?: number;
  quiet: boolean;
  chart: IChartRequest;
}

export type SilverMode = 'append' | 'overwrite' | 'upsert';
export const SILVER_MODES: readonly SilverMode[] = ['append', 'overwrite', 'upsert'];

export interface ISilverCommand {
  kind: 'silver';
  /** `schema.table` or `table` (the target database's default schema). */
  table: { schema?: string; name: string };
  mode: SilverMode;
  /** The upsert key columns. */
  keys: string[];
  target?: string;
  partitions?: number;
  batchSize: number;
  /** A temporary view, table or DataFrame in the session to write instead of the body's query. */
  from?: string;
  query: string;
  bodyLine: number;
}

export const TARGET_OPTION: IOptionSpec = {
  name: 'target',
  short: 't',
  type: 'string',
  valueName: 'NAME',
  description: 'the named database target (aurora.targets in the kernel config; the first one by default)'
};

export const DEFAULT_BATCH_SIZE = 10_000;

export const SILVER_OPTIONS: readonly IOptionSpec[] = [
  { name: 'table', type: 'string', valueName: 'SCHEMA.TABLE', description: 'the table to write (created from the result when missing)' },
  { name: 'mode', type: 'string', choices: SILVER_MODES, description: 'overwrite replaces all rows, append adds them, upsert merges on --key' },
  { name: 'key', type: 'string', valueName: 'COL,…', description: 'the key columns of an upsert (a primary key or unique index of the table)' },
  TARGET_OPTION,
  { name: 'partitions', type: 'integer', min: 1, valueName: 'N', description: "N parallel writers (database connections); fewer than the result's partitions are merged without a shuffle" },
  { name: 'batch-size', type: 'integer', min: 1, valueName: 'N', description: `rows per JDBC batch for MySQL (${DEFAULT_BATCH_SIZE} by default)` },
  { name: 'from', type: 'string', valueName: 'NAME', description: 'write this temporary view, table or DataFrame of the session instead of a query' }
];

/** `schema.table`, `"odd name".table` or `table`: an unquoted dot separates; double quotes or backticks keep one. */
export function splitTableName(text: string): { schema?: string; name: string } | undefined {
  const parts: string[] = [];
  const pattern = /\s*(?:"((?:[^"]|"")+)"|`((?:[^`]|``)+)`|([^."`\s]+))\s*(\.|$)/y;
  let match: RegExpExecArray | null;
  while (pattern.lastIndex < text.length && (match = pattern.exec(text)) !== null) {
    parts.push(match[1]?.replace(/""/g, '"') ?? match[2]?.replace(/``/g, '`') ?? match[3]);
    if (match[4] === '') {
      break;
    }
  }
  if (pattern.lastIndex !== text.length || parts.length === 0 || parts.length > 2) {
    return undefined;
  }
  return parts.length === 2 ? { schema: parts[0], name: parts[1] } : { name: parts[0] };
}

const VIEW_OR_DATAFRAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/;

/** The %%silver magic line and body as a command, every contradiction refused with the fix. */
export function buildSilverCommand({ label, args, body, bodyLine }: IMagicInput): ISilverCommand {
  const options = args.options;
  const example = `Example: ${label} --table silver.events --mode upsert --key id`;
  const tableText = options.table as string | undefined;
  const mode = options.mode as SilverMode | undefined;
  if (!tableText || !mode) {
    throw new UserError(`${label} needs --table SCHEMA.TABLE and --mode ${SILVER_MODES.join('|')}. ${example}`);
  }
  const table = splitTableName(tableText);
  if (!table) {
    throw new UserError(`${label}: --table "${tableText}" is not a table name; write schema.table or table (quote odd names: "my table").`);
  }
  const keys = ((options.key as string | undefined) ?? '')
    .split(',')
    .map(key => key.trim())
    .filter(key => key !== '');
  if (mode === 'upsert' && keys.length === 0) {
    throw new UserError(`${label} --mode upsert needs --key with the key column(s), such as --key id or --key day,user_id.`);
  }
  if (mode !== 'upsert' && keys.length > 0) {
    throw new UserError(`${label}: --key only applies to --mode upsert; drop it or use --mode upsert.`);
  }
  const from = options.from as string | undefined;
  if (from !== undefined && !VIEW_OR_DATAFRAME.test(from)) {
    throw new UserError(`${label}: --from "${from}" must name a temporary view, a table (db.table) or a Scala DataFrame value of the session.`);
  }
  if (from !== undefined && body.trim() !== '') {
    throw new UserError(`${label}: give either --from NAME or a query below the magic line, not both.`);
  }
  if (from === undefined && body.trim() === '') {
    throw new UserError(`${label} needs a SQL query below the magic line, or --from NAME for a view or DataFrame of the session. ${example}`);
  }
  return {
    kind: 'silver',
    table,
    mode,
    keys,
    target: options.target as string | undefined,
    partitions: options.partitions as number | undefined,
    batchSize: (options['batch-size'] as number | undefined) ?? DEFAULT_BATCH_SIZE,
    from,
    query: body.trim().replace(/;\s*$/, ''),
    bodyLine
  };
}
