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
  /** The key columns: an upsert's, or the primary key of a table the cell creates or swaps in. */
  keys: string[];
  target?: string;
  partitions?: number;
  batchSize: number;
  /** A temporary view, table or DataFrame in the session to write instead of the body's query. */
  from?: string;
  /** --evolve: add the result's columns the table lacks (nullable), in the write's transaction. */
  evolve: boolean;
  /** --dry-run: show the plan, write nothing. */
  dryRun: boolean;
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
  {
    name: 'key',
    type: 'string',
    valueName: 'COL,…',
    description: "the key columns: an upsert's (merged on its primary key or unique index, else by delete+insert); the primary key of a table the cell creates or overwrites"
  },
  TARGET_OPTION,
  { name: 'partitions', type: 'integer', min: 1, valueName: 'N', description: "N parallel writers (database connections); fewer than the result's partitions are merged without a shuffle" },
  { name: 'batch-size', type: 'integer', min: 1, valueName: 'N', description: `rows per JDBC batch for MySQL (${DEFAULT_BATCH_SIZE} by default)` },
  { name: 'from', type: 'string', valueName: 'NAME', description: 'write this temporary view, table or DataFrame of the session instead of a query' },
  { name: 'evolve', type: 'flag', description: "add the result's columns the table lacks, as nullable columns, in the same transaction (never drops or narrows)" },
  { name: 'dry-run', type: 'flag', description: 'show the plan (table, key, strategy, columns, row count) and write nothing' }
];

/** One name of a list as the user wrote it: its text (quotes taken off), and whether it was quoted. */
export interface IWrittenName {
  text: string;
  quoted: boolean;
}

/**
 * Names separated by `separator` (`.` in `schema.table`, `,` in a key list): an unquoted separator
 * separates; double quotes or backticks keep one, and a doubled quote inside stands for itself.
 */
export function splitNames(text: string, separator: '.' | ','): IWrittenName[] | undefined {
  const parts: IWrittenName[] = [];
  const pattern = new RegExp(`\\s*(?:"((?:[^"]|"")+)"|\`((?:[^\`]|\`\`)+)\`|([^${separator}"\`\\s]+))\\s*(\\${separator}|$)`, 'y');
  let match: RegExpExecArray | null;
  while (pattern.lastIndex < text.length && (match = pattern.exec(text)) !== null) {
    const quoted = match[1]?.replace(/""/g, '"') ?? match[2]?.replace(/``/g, '`');
    parts.push(quoted !== undefined ? { text: quoted, quoted: true } : { text: match[3], quoted: false });
    if (match[4] === '') {
      break;
    }
  }
  return pattern.lastIndex !== text.length || parts.length === 0 ? undefined : parts;
}

/** `schema.table`, `"odd name".table` or `table`. */
export function splitTableName(text: string): { schema?: string; name: string } | undefined {
  const parts = splitNames(text, '.');
  return parts && tableOf(parts);
}

function tableOf(parts: IWrittenName[]): { schema?: string; name: string } | undefined {
  if (parts.length > 2) {
    return undefined;
  }
  return parts.length === 2 ? { schema: parts[0].text, name: parts[1].text } : { name: parts[0].text };
}

// What an unquoted name may be: a typo such as `x;y` would otherwise become a table of that name.
const PLAIN_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_$]*$/;

/** The first unquoted name that is not a plain identifier, with why it is refused and how to mean it. */
function oddName(option: string, names: IWrittenName[]): string | undefined {
  const odd = names.find(name => !name.quoted && !PLAIN_IDENTIFIER.test(name.text));
  return odd ? `--${option}: ${odd.text} is not a plain name (letters, digits, _ and $, not starting with a digit). If you mean it, quote it: --${option} '"${odd.text}"'.` : undefined;
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
  const tableNames = splitNames(tableText, '.');
  const table = tableNames && tableOf(tableNames);
  if (!tableNames || !table) {
    throw new UserError(`${label}: --table "${tableText}" is not a table name; write schema.table or table (quote odd names: "my table").`);
  }
  const keyText = (options.key as string | undefined) ?? '';
  const keyNames = keyText.trim() === '' ? [] : splitNames(keyText, ',');
  if (!keyNames) {
    throw new UserError(`${label}: --key "${keyText}" is not a list of column names; write --key id or --key day,user_id (quote odd names: "my col").`);
  }
  const odd = oddName('table', tableNames) ?? oddName('key', keyNames);
  if (odd) {
    throw new UserError(`${label} ${odd}`);
  }
  const keys = keyNames.map(name => name.text);
  if (mode === 'upsert' && keys.length === 0) {
    throw new UserError(`${label} --mode upsert needs --key with the key column(s), such as --key id or --key day,user_id.`);
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
    evolve: options.evolve === true,
    dryRun: options['dry-run'] === true,
    query: body.trim().replace(/;\s*$/, ''),
    bodyLine
  };
}
