import { splitCellMagic } from '@jupyterlab-emr/common';

/**
 * Reading a notebook's parameters cell: Scala `val name = literal` lines, as a template's
 * `parameters` cell holds them and as papermill's Scala translator injects them. The kernel keeps
 * these values itself, so a parameters cell runs without a Spark session (a notebook of %emr or
 * HiveServer2 cells needs none) and its values can fill `${name}` in SQL cells.
 */

export type ParameterValue =
  | { kind: 'string'; text: string }
  /** The literal as written (`40`, `2.5`, `3000000000L`), so Scala gets back exactly that. */
  | { kind: 'number'; literal: string }
  | { kind: 'boolean'; value: boolean }
  /** papermill writes Python's None as `None`. */
  | { kind: 'none' };

export interface IParameterDefinition {
  name: string;
  value: ParameterValue;
}

const SPACE = /[ \t\r]*/y;
const SKIPPABLE = /(?:\s+|\/\/[^\n]*|\/\*[\s\S]*?\*\/)+/y;
const DEFINITION_HEAD = /(?:val|var)[ \t]+([A-Za-z_][A-Za-z0-9_]*)[ \t]*(?::[ \t]*[A-Za-z_][A-Za-z0-9_.]*[ \t]*)?=[ \t]*/y;
const NUMBER = /-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?[LlDdFf]?(?![\w.])/y;
const WORD = /(true|false|None|null)(?!\w)/y;
const LINE_END = /[ \t]*;?[ \t]*(?:\/\/[^\n]*)?(?:\n|$)/y;

// Scala's named escapes and Python's (papermill escapes strings with Python's unicode_escape).
const NAMED_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', a: '\x07', v: '\v', '0': '\0', '\\': '\\', '"': '"', "'": "'" };
const HEX_ESCAPE_LENGTH: Record<string, number> = { x: 2, u: 4, U: 8 };

class Scanner {
  position = 0;

  constructor(readonly text: string) {}

  match(pattern: RegExp): RegExpExecArray | null {
    pattern.lastIndex = this.position;
    const found = pattern.exec(this.text);
    if (found) {
      this.position = pattern.lastIndex;
    }
    return found;
  }

  get done(): boolean {
    return this.position >= this.text.length;
  }
}

function readString(scanner: Scanner): string | undefined {
  const { text } = scanner;
  if (text[scanner.position] !== '"' || text.startsWith('"""', scanner.position)) {
    return undefined;
  }
  let value = '';
  for (let index = scanner.position + 1; index < text.length; index += 1) {
    const char = text[index];
    if (char === '"') {
      scanner.position = index + 1;
      return value;
    }
    if (char === '\n') {
      return undefined;
    }
    if (char !== '\\') {
      value += char;
      continue;
    }
    const escape = text[index + 1];
    const hexLength = HEX_ESCAPE_LENGTH[escape];
    if (hexLength !== undefined) {
      const hex = text.slice(index + 2, index + 2 + hexLength);
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== hexLength || parseInt(hex, 16) > 0x10ffff) {
        return undefined;
      }
      value += String.fromCodePoint(parseInt(hex, 16));
      index += 1 + hexLength;
    } else if (escape in NAMED_ESCAPES) {
      value += NAMED_ESCAPES[escape];
      index += 1;
    } else {
      return undefined;
    }
  }
  return undefined;
}

function readValue(scanner: Scanner): ParameterValue | undefined {
  const text = readString(scanner);
  if (text !== undefined) {
    return { kind: 'string', text };
  }
  const number = scanner.match(NUMBER);
  if (number) {
    return { kind: 'number', literal: number[0] };
  }
  const word = scanner.match(WORD);
  switch (word?.[1]) {
    case 'true':
    case 'false':
      return { kind: 'boolean', value: word[1] === 'true' };
    case 'None':
    case 'null':
      return { kind: 'none' };
  }
  return undefined;
}

/** The code of a cell that may be a parameters cell: no magic, or %%scala / %%spark. */
function scalaBody(cell: string): string | undefined {
  const magic = splitCellMagic(cell);
  if (magic.form === 'none') {
    return cell;
  }
  return magic.form === 'cell' && (magic.name === 'scala' || magic.name === 'spark') && magic.args === '' ? magic.body : undefined;
}

// papermill's injected cell starts `// Parameters`; templates and Zeppelin imports start so too.
// Without the marker, `val n = 10` is an ordinary Scala cell and shows Spark's `n: Int = 10`.
const MARKER = /^\s*\/\/[ \t]*parameters\b/i;

/**
 * The definitions of a parameters cell, or undefined when the cell is anything else (it then runs
 * on Spark as usual): it starts with a `// Parameters` comment, and every statement is a
 * `val`/`var` of a string, number, boolean or None literal, with comments and blank lines around.
 */
export function parseParameterCell(cell: string): IParameterDefinition[] | undefined {
  const body = scalaBody(cell);
  if (body === undefined || !MARKER.test(body)) {
    return undefined;
  }
  const scanner = new Scanner(body);
  const definitions: IParameterDefinition[] = [];
  scanner.match(SKIPPABLE);
  while (!scanner.done) {
    const head = scanner.match(DEFINITION_HEAD);
    const value = head ? readValue(scanner) : undefined;
    if (!head || !value || !scanner.match(LINE_END)) {
      return undefined;
    }
    definitions.push({ name: head[1], value });
    scanner.match(SPACE);
    scanner.match(SKIPPABLE);
  }
  return definitions.length > 0 ? definitions : undefined;
}
