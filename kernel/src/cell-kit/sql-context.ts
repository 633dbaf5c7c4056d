/**
 * What SQL completion needs to know about the statement around the cursor, read without a
 * parser (the statement is being typed, so it rarely parses): the dotted word being typed, whether
 * a table name goes there, and the tables the statement names with their aliases.
 */

/** A table the statement names: `db.table alias` gives database db, name table, alias. */
export interface ISqlTableRef {
  database?: string;
  name: string;
  alias?: string;
}

export interface ISqlCursorContext {
  /** The dotted parts before the word: `s.st` has ['s'], `db.tbl.col` has ['db', 'tbl']. */
  qualifier: string[];
  /** The part of the word typed so far (may be empty after a dot or a keyword). */
  prefix: string;
  /** Offset in the text where the prefix starts: what completion replaces. */
  start: number;
  /** After FROM, JOIN, INTO, TABLE, UPDATE (or a comma in a FROM list): a table name goes here. */
  wantsTable: boolean;
  tables: ISqlTableRef[];
}

const TABLE_KEYWORDS = /\b(from|join|into|table|update|describe|desc)\s*$/i;
// Words that can follow a table name but are not its alias.
const NOT_ALIASES = new Set(
  'where on using join inner left right full outer cross semi anti natural group order having limit union intersect except window lateral as set values select partition tablesample sort cluster distribute'.split(
    ' '
  )
);
const IDENTIFIER = String.raw`(?:\`[^\`]+\`|"[^"]+"|[A-Za-z_][\w$]*)`;
const TABLE_REF = new RegExp(String.raw`\b(?:from|join|into|update|table)\s+(${IDENTIFIER}(?:\s*\.\s*${IDENTIFIER})?)(?:\s+(?:as\s+)?(${IDENTIFIER}))?`, 'gi');
const LISTED_REF = new RegExp(String.raw`,\s*(${IDENTIFIER}(?:\s*\.\s*${IDENTIFIER})?)(?:\s+(?:as\s+)?(${IDENTIFIER}))?`, 'gy');

function unquote(identifier: string): string {
  return /^[`"]/.test(identifier) ? identifier.slice(1, -1) : identifier;
}

function tableRef(dotted: string, alias: string | undefined): ISqlTableRef {
  const parts = dotted.split(/\s*\.\s*/).map(unquote);
  const name = parts[parts.length - 1];
  const ref: ISqlTableRef = parts.length > 1 ? { database: parts[0], name } : { name };
  return alias && !NOT_ALIASES.has(alias.toLowerCase()) ? { ...ref, alias: unquote(alias) } : ref;
}

/** Blanks out comments and string literals (same length), so their words are not read as SQL. */
function blankLiterals(sql: string): string {
  return sql.replace(/--[^\n]*|\/\*[\s\S]*?(?:\*\/|$)|'(?:[^'\\]|\\.)*(?:'|$)/g, text => text.replace(/[^\n]/g, ' '));
}

/** The statement the cursor is in: between the semicolons around it. */
function statementAround(sql: string, cursor: number): { text: string; offset: number } {
  const start = sql.lastIndexOf(';', cursor - 1) + 1;
  const end = sql.indexOf(';', cursor);
  return { text: sql.slice(start, end < 0 ? sql.length : end), offset: start };
}

/** The tables a statement names after FROM, JOIN, INTO, UPDATE, TABLE, and in FROM's comma lists. */
export function tablesNamed(statement: string): ISqlTableRef[] {
  const refs: ISqlTableRef[] = [];
  for (const match of statement.matchAll(TABLE_REF)) {
    refs.push(tableRef(match[1], match[2]));
    LISTED_REF.lastIndex = (match.index ?? 0) + match[0].length;
    for (let listed = LISTED_REF.exec(statement); listed; listed = LISTED_REF.exec(statement)) {
      refs.push(tableRef(listed[1], listed[2]));
    }
  }
  return refs;
}

export function sqlCursorContext(sql: string, cursor: number): ISqlCursorContext {
  const code = blankLiterals(sql);
  const statement = statementAround(code, cursor);
  const before = code.slice(statement.offset, cursor);
  const word = /((?:[A-Za-z_][\w$]*\s*\.\s*)*)([A-Za-z_][\w$]*)?$/.exec(before) ?? ['', '', undefined];
  const qualifier =
    word[1] === ''
      ? []
      : word[1]
          .split('.')
          .map(part => part.trim())
          .filter(part => part !== '');
  const prefix = word[2] ?? '';
  const head = before.slice(0, before.length - word[0].length);
  const wantsTable = TABLE_KEYWORDS.test(head) || (/,\s*$/.test(head) && /\bfrom\b(?![\s\S]*\b(?:where|group|order|having|limit|on|select)\b)/i.test(head));
  return { qualifier, prefix, start: cursor - prefix.length, wantsTable, tables: tablesNamed(statement.text) };
}
