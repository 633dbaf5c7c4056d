import { CellLanguage, isSqlLanguage, splitCellMagic, SqlCellLanguage, ZEPPELIN_PREFIXES } from '@jupyterlab-emr/common';
import { ICompletion } from '../core/cell-layer';
import { Logger } from '../log';
import { StatementKind } from '../livy/types';
import { codePointsToOffset, offsetToCodePoints } from './code-points';
import { ILivyConnection } from './context';
import { magicPrefix, MagicRegistry } from './registry';
import { completeSql, ISqlCatalog } from './sql-completion';
import { SqlDialect } from './sql-keywords';

const log = new Logger('completion');

export interface ICompletionSources {
  registry: MagicRegistry;
  connection: ILivyConnection;
  defaultMagic: string;
  /** Livy's completion goes to the driver; a busy driver must not stall the editor. */
  timeoutMs: number;
  /**
   * The catalog and dialect of a SQL cell (the kernel's catalog/ answers: Spark's, HiveServer2's,
   * the %%aurora target's). Without it SQL cells complete their language's keywords only.
   */
  sqlCatalog?: (code: string) => Promise<ISqlCatalog>;
}

/** A SQL body's dialect when no catalog says (an %%aurora target's engine decides it otherwise). */
const DIALECT_OF_LANGUAGE: Readonly<Record<SqlCellLanguage, SqlDialect>> = { 'spark-sql': 'spark', hiveql: 'hive', 'database-sql': 'postgres' };

interface IRange {
  matches: string[];
  start: number;
  end: number;
}

const NONE: IRange = { matches: [], start: 0, end: 0 };

/**
 * Completion for a cell: magic names and options on the magic line, catalog names and the
 * dialect's keywords in SQL cells (from the kernel's catalog cache), and Scala or Python names from the live session through Livy's completion
 * endpoint. Never starts a session just to complete.
 */
export async function completeCell(code: string, cursorPos: number, sources: ICompletionSources): Promise<ICompletion> {
  const cursor = codePointsToOffset(code, cursorPos);
  const range = await completeAt(code, cursor, sources);
  const matches = range.matches.length > 0 ? range : { matches: [], start: cursor, end: cursor };
  return { matches: matches.matches, cursorStart: offsetToCodePoints(code, matches.start), cursorEnd: offsetToCodePoints(code, matches.end) };
}

async function completeAt(code: string, cursor: number, sources: ICompletionSources): Promise<IRange> {
  const lineStart = code.lastIndexOf('\n', cursor - 1) + 1;
  const before = code.slice(lineStart, cursor);
  const magic = splitCellMagic(code);
  // The magic line is the first line that is not blank.
  const firstLineStart = /^(?:[ \t\r]*\n)*/.exec(code)?.[0].length ?? 0;
  if (lineStart === firstLineStart) {
    if (/^\s*%%?[\w.-]*$/.test(before)) {
      return magicNames(before, lineStart, cursor, sources.registry);
    }
    if (magic.form === 'cell' || magic.form === 'line') {
      return magicOptions(magic.name, before, cursor, sources.registry);
    }
  }
  const spec = sources.registry.find(magic.form === 'none' ? sources.defaultMagic : magic.name);
  const body = magic.body;
  const bodyStart = code.length - body.length;
  if (!code.endsWith(body) || cursor < bodyStart) {
    return NONE;
  }
  if (isSqlLanguage(spec?.language)) {
    const catalog = (await sources.sqlCatalog?.(code).catch(() => undefined)) ?? { dialect: DIALECT_OF_LANGUAGE[spec.language] };
    const found = await completeSql(body, cursor - bodyStart, catalog, sources.timeoutMs);
    return { matches: found.matches, start: bodyStart + found.start, end: bodyStart + found.end };
  }
  const language = languageOf(spec?.language);
  if (language === undefined) {
    return NONE;
  }
  return livyCompletion(body, cursor - bodyStart, bodyStart, language, sources);
}

/** The Livy statement kind that completes a body's code, if any. */
function languageOf(language: CellLanguage | undefined): StatementKind | undefined {
  switch (language) {
    case 'scala':
      return 'spark';
    case 'python':
      return 'pyspark';
    default:
      return undefined;
  }
}

function magicNames(before: string, lineStart: number, cursor: number, registry: MagicRegistry): IRange {
  const typed = before.trimStart();
  const start = lineStart + before.length - typed.length;
  const names = registry.specs.flatMap(spec => [spec.name, ...spec.aliases].map(name => `${typed.startsWith('%%') ? '%%' : magicPrefix(spec)}${name}`));
  const zeppelin = typed.startsWith('%%') ? [] : [...ZEPPELIN_PREFIXES.keys()].map(name => `%${name}`);
  const matches = [...new Set([...names, ...zeppelin])].filter(name => name.startsWith(typed)).sort();
  return { matches, start, end: cursor };
}

function magicOptions(name: string, before: string, cursor: number, registry: MagicRegistry): IRange {
  const word = /(\S*)$/.exec(before)?.[1] ?? '';
  const spec = registry.find(name);
  if (!spec || !word.startsWith('-')) {
    return NONE;
  }
  const matches = spec.args.options.flatMap(option => [`--${option.name}`, ...(option.short ? [`-${option.short}`] : [])]).filter(flag => flag.startsWith(word));
  return { matches, start: cursor - word.length, end: cursor };
}

async function livyCompletion(body: string, cursor: number, bodyStart: number, kind: StatementKind, sources: ICompletionSources): Promise<IRange> {
  const endpoint = sources.connection.current();
  if (!endpoint) {
    return NONE;
  }
  // A session still starting (with the kernel, or for a cell) gets part of the budget to come up;
  // completion never starts one, and never waits past the budget.
  const asked = Date.now();
  const session = await endpoint.sessions.readySession(sources.timeoutMs / 2);
  if (!session) {
    return NONE;
  }
  try {
    const timeoutMs = Math.max(sources.timeoutMs - (Date.now() - asked), sources.timeoutMs / 2);
    const { candidates } = await endpoint.client.complete(session.ref, { code: body, kind, cursor }, { timeoutMs });
    // Livy completes the identifier that ends at the cursor (`spark.ra` gives `range`).
    const word = /[\w$]*$/.exec(body.slice(0, cursor))?.[0] ?? '';
    return { matches: candidates, start: bodyStart + cursor - word.length, end: bodyStart + cursor };
  } catch (error) {
    log.debug('Livy completion failed; offering none.', error);
    return NONE;
  }
}
