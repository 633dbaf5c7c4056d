/** One statement of a HiveQL script and where it starts in the script (0-based line). */
export interface IScriptStatement {
  text: string;
  line: number;
}

/**
 * Splits a HiveQL script on `;` as the Hive CLI does, except that a `;` inside a quoted string
 * ('…', "…"), a back-quoted name or a comment (`-- …`, `/* … *\/`) does not end a statement.
 * Statements that hold only comments and blanks are dropped: HiveServer2 rejects them.
 */
export function splitStatements(script: string): IScriptStatement[] {
  const statements: IScriptStatement[] = [];
  let start = 0;
  let meaningful = false;
  let index = 0;
  const push = (end: number): void => {
    if (meaningful) {
      const raw = script.slice(start, end);
      const leading = raw.length - raw.trimStart().length;
      statements.push({ text: raw.trim(), line: lineOf(script, start + leading) });
    }
    start = end + 1;
    meaningful = false;
  };
  while (index < script.length) {
    const char = script[index];
    const next = script[index + 1];
    if (char === '-' && next === '-') {
      index = endOf(script, '\n', index + 2);
    } else if (char === '/' && next === '*') {
      index = endOf(script, '*/', index + 2) + 1;
    } else if (char === "'" || char === '"' || char === '`') {
      meaningful = true;
      index = closingQuote(script, char, index + 1);
    } else if (char === ';') {
      push(index);
    } else if (!/\s/.test(char)) {
      meaningful = true;
    }
    index += 1;
  }
  push(script.length);
  return statements;
}

/** Index of the last character of `terminator` at or after `from`, or the script's end. */
function endOf(script: string, terminator: string, from: number): number {
  const found = script.indexOf(terminator, from);
  return found < 0 ? script.length : found + terminator.length - 1;
}

/** Index of the quote closing a string; Hive strings escape with a backslash, names double the back-quote. */
function closingQuote(script: string, quote: string, from: number): number {
  let index = from;
  while (index < script.length) {
    const char = script[index];
    if (char === '\\' && quote !== '`') {
      index += 2;
      continue;
    }
    if (char === quote) {
      if (quote === '`' && script[index + 1] === '`') {
        index += 2;
        continue;
      }
      return index;
    }
    index += 1;
  }
  return script.length;
}

function lineOf(script: string, offset: number): number {
  let lines = 0;
  for (let index = 0; index < offset; index += 1) {
    if (script[index] === '\n') {
      lines += 1;
    }
  }
  return lines;
}
