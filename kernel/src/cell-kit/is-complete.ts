import { CellLanguage, splitCellMagic } from '@jupyterlab-emr/common';
import { IsCompleteStatus } from '../core/cell-layer';
import { MagicRegistry } from './registry';

const PAIRS: Record<string, string> = { ')': '(', ']': '[', '}': '{' };

interface IScan {
  /** Brackets still open, innermost last. */
  open: string[];
  /** A closing bracket without its opener. */
  invalid: boolean;
  /** Inside a string or block comment at the end. */
  unterminated: boolean;
}

/**
 * Walks code the way Scala, Python and SQL lexers agree on enough for this purpose: strings
 * (single, double, triple-quoted), line and block comments, and brackets.
 */
export function scanBrackets(code: string, language: 'scala' | 'python' | 'sql'): IScan {
  const open: string[] = [];
  let i = 0;
  const lineComment = language === 'python' ? '#' : language === 'sql' ? '--' : '//';
  while (i < code.length) {
    const rest = code.slice(i, i + 3);
    if (code.startsWith(lineComment, i)) {
      const end = code.indexOf('\n', i);
      i = end < 0 ? code.length : end + 1;
      continue;
    }
    if (language !== 'python' && code.startsWith('/*', i)) {
      const end = code.indexOf('*/', i + 2);
      if (end < 0) {
        return { open, invalid: false, unterminated: true };
      }
      i = end + 2;
      continue;
    }
    if (rest === '"""' || (language === 'python' && rest === "'''")) {
      const end = code.indexOf(rest, i + 3);
      if (end < 0) {
        return { open, invalid: false, unterminated: true };
      }
      i = end + 3;
      continue;
    }
    const char = code[i];
    if (language === 'scala' && char === "'") {
      // A character literal ('"', '\n') must not open a string; a symbol ('name) is just a word.
      const literal = /^'(?:\\.|[^\\'\n])'/.exec(code.slice(i, i + 8));
      i += literal ? literal[0].length : 1;
      continue;
    }
    const quotes = language === 'sql' ? '"\'`' : language === 'python' ? '"\'' : '"';
    if (quotes.includes(char)) {
      // SQL strings may span lines; Scala and Python ones end at the line break or are an error.
      let j = i + 1;
      while (j < code.length && code[j] !== char && (language === 'sql' || code[j] !== '\n')) {
        j += code[j] === '\\' ? 2 : 1;
      }
      if (j >= code.length) {
        return { open, invalid: false, unterminated: true };
      }
      if (code[j] === '\n') {
        return { open, invalid: true, unterminated: false };
      }
      i = j + 1;
      continue;
    }
    if ('([{'.includes(char)) {
      open.push(char);
    } else if (char in PAIRS) {
      if (open.pop() !== PAIRS[char]) {
        return { open, invalid: true, unterminated: false };
      }
    }
    i += 1;
  }
  return { open, invalid: false, unterminated: false };
}

/** The lexer that reads a body in `language`; a JSON body reads like SQL for brackets and strings. */
function lexerOf(language: CellLanguage | undefined): 'scala' | 'python' | 'sql' | 'json' | undefined {
  switch (language) {
    case 'scala':
    case 'python':
      return language;
    case 'spark-sql':
    case 'hiveql':
    case 'database-sql':
      return 'sql';
    case 'json':
      return 'json';
    default:
      return undefined;
  }
}

/**
 * Whether a console should run the cell on Enter or let the user go on typing: open brackets,
 * strings or comments mean more is coming; a stray closing bracket is invalid.
 */
export function isComplete(code: string, defaultMagic: string, registry: MagicRegistry): IsCompleteStatus {
  const magic = splitCellMagic(code);
  const name = magic.form === 'none' ? defaultMagic : magic.name;
  const body = magic.body;
  const language = lexerOf(registry.find(name)?.language);
  if (language === undefined) {
    // %%info, %connect and the like are whole on their magic line.
    return { status: 'complete' };
  }
  if (language === 'json') {
    return scanResult(scanBrackets(body, 'sql'), '  ');
  }
  if (magic.form === 'cell' && body.trim() === '') {
    return { status: 'incomplete', indent: '' };
  }
  const scan = scanBrackets(body, language);
  if (language === 'python' && !scan.invalid && !scan.unterminated && scan.open.length === 0) {
    const lastLine = body.trimEnd().split('\n').pop() ?? '';
    if (/[:\\]\s*$/.test(lastLine)) {
      return { status: 'incomplete', indent: `${/^\s*/.exec(lastLine)?.[0] ?? ''}    ` };
    }
  }
  return scanResult(scan, language === 'python' ? '    ' : '  ');
}

function scanResult(scan: IScan, unit: string): IsCompleteStatus {
  if (scan.invalid) {
    return { status: 'invalid' };
  }
  if (scan.unterminated) {
    return { status: 'incomplete', indent: '' };
  }
  if (scan.open.length > 0) {
    return { status: 'incomplete', indent: unit.repeat(scan.open.length) };
  }
  return { status: 'complete' };
}
