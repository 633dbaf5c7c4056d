/**
 * Whether a Spark SQL statement is a query, i.e. something that can stand as a subquery or a
 * view's body. Only queries get the limit, count and full-data chart treatment; DDL, SET, SHOW,
 * EXPLAIN and DML run as they are.
 */

// Spark's `query` rule: a query term may start with any of these (FROM-first is Hive's form).
const QUERY_STARTS = new Set(['select', 'with', 'values', 'table', 'from']);

/** The words of a statement outside comments, quotes and parentheses (depth 0), lower-cased. */
function topLevelWords(sql: string): string[] {
  const words: string[] = [];
  let depth = 0;
  let i = 0;
  while (i < sql.length) {
    const char = sql[i];
    const next = sql[i + 1];
    if (char === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      i = end < 0 ? sql.length : end + 1;
    } else if (char === '/' && next === '*') {
      i = skipBlockComment(sql, i);
    } else if (char === "'" || char === '"' || char === '`') {
      i = skipQuoted(sql, i, char);
    } else if (char === '(') {
      depth += 1;
      i += 1;
    } else if (char === ')') {
      depth = Math.max(0, depth - 1);
      i += 1;
    } else if (/[A-Za-z_]/.test(char)) {
      const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(sql.slice(i, i + 64))?.[0] ?? char;
      if (depth === 0 || words.length === 0) {
        words.push(word.toLowerCase());
      }
      i += word.length;
    } else {
      i += 1;
    }
  }
  return words;
}

/** Spark allows bracketed comments to nest. */
function skipBlockComment(sql: string, start: number): number {
  let depth = 0;
  let i = start;
  while (i < sql.length) {
    if (sql.startsWith('/*', i)) {
      depth += 1;
      i += 2;
    } else if (sql.startsWith('*/', i)) {
      depth -= 1;
      i += 2;
      if (depth === 0) {
        return i;
      }
    } else {
      i += 1;
    }
  }
  return i;
}

/** Strings take backslash escapes; a backquoted identifier escapes its quote by doubling it. */
function skipQuoted(sql: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < sql.length) {
    if (quote !== '`' && sql[i] === '\\') {
      i += 2;
    } else if (sql[i] === quote) {
      if (quote === '`' && sql[i + 1] === '`') {
        i += 2;
      } else {
        return i + 1;
      }
    } else {
      i += 1;
    }
  }
  return i;
}

/**
 * True for SELECT, WITH, VALUES, TABLE and FROM-first statements, also in parentheses. A WITH or
 * FROM that feeds an INSERT (`WITH c AS (…) INSERT INTO …`, Hive's multi-insert) is DML, not a query.
 */
export function isQueryShaped(sql: string): boolean {
  const words = topLevelWords(sql);
  const first = words[0];
  if (first === undefined || !QUERY_STARTS.has(first)) {
    return false;
  }
  return (first !== 'with' && first !== 'from') || !words.includes('insert');
}
