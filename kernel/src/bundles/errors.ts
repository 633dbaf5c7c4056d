import { CellCodeError } from '../core/errors';
import { IStatementError, StatementKind } from '../livy/types';

const RED = '\u001b[0;31m';
const DIM = '\u001b[2m';
const RESET = '\u001b[0m';

// Spark 3.4+ messages start with their error class: "[TABLE_OR_VIEW_NOT_FOUND] The table …".
const ERROR_CLASS = /^\[([A-Z][A-Z0-9_]*(?:\.[A-Z0-9_]+)*)\]\s*/;
// Analysis errors end with "; line 1 pos 14;" followed by the logical plan, which is noise to a reader.
const PLAN_TAIL = /;\s*line (\d+) pos (\d+);?\n[\s\S]*$/;
const JAVA_EXCEPTION = /^((?:[a-zA-Z_$][\w$]*\.)+)([A-Za-z_$][\w$]*)(?::\s*([\s\S]*))?$/;
const JAVA_FRAME = /^\s*at\s|^\s*\.\.\. \d+ (elided|more)\s*$|^[\w$.]+\([\w$.]*(:\d+)?\)$|^[\w$.]+\((Native Method|Unknown Source)\)$/;
const PYSPARK_INTERNAL_FRAME = /File "[^"]*(pyspark\.zip|py4j-[^/]*\.zip|\/pyspark\/|\/py4j\/)/;

export interface IErrorContext {
  kind: StatementKind;
  /** Cell line (0-based) of the first line of the code sent, so Livy's line numbers can be mapped to the cell's. */
  bodyLine: number;
}

/**
 * A failed Livy statement as a clean Jupyter error: a meaningful name instead of Livy's generic
 * "Error", the message without REPL prefixes or logical plans, line numbers counted in the cell,
 * and a traceback that keeps what helps (code pointers, Python frames of the user's code, SQL
 * hints) and drops what does not (Spark's and Livy's own frames).
 */
export function cellCodeError(output: IStatementError, context: IErrorContext): CellCodeError {
  const traceback = (output.traceback ?? []).flatMap(entry => entry.replace(/\n$/, '').split('\n'));
  switch (context.kind) {
    case 'pyspark':
      return pythonError(output, traceback, context.bodyLine);
    case 'sql':
      return sqlError(output.evalue, traceback, context.bodyLine);
    default:
      return scalaError(output.evalue, traceback);
  }
}

function build(ename: string, evalue: string, details: string[]): CellCodeError {
  const lines = [`${RED}${ename}${RESET}: ${evalue}`, ...details];
  return new CellCodeError(ename, evalue, lines);
}

function scalaError(evalue: string, traceback: string[]): CellCodeError {
  const compile = /^<console>:\d+: error: ([\s\S]*)$/.exec(evalue);
  if (compile) {
    const details = traceback.map(line => line.replace(/^<console>:\d+: error: /, 'error: '));
    return build('CompileError', compile[1].trim(), details);
  }
  if (evalue.trim() === 'incomplete statement') {
    return build('IncompleteStatement', 'the cell ends inside an unclosed bracket, string or expression', []);
  }
  return exceptionError(evalue, traceback, 'Error');
}

/** `java.lang.RuntimeException: boom` → RuntimeException / boom, with only the frames of the user's code. */
function exceptionError(evalue: string, traceback: string[], fallbackName: string): CellCodeError {
  const [first, ...rest] = evalue.trim().split('\n');
  const match = JAVA_EXCEPTION.exec(first);
  const frames = traceback.filter(line => JAVA_FRAME.test(line));
  const userFrames = frames.filter(line => /\$line\d+|\$iw|<console>/.test(line) && !/^\s*\.\.\./.test(line));
  const hidden = frames.length - userFrames.length;
  const note = hidden > 0 ? [`${DIM}(${hidden} JVM stack ${hidden === 1 ? 'line' : 'lines'} hidden; %%logs shows the driver log)${RESET}`] : [];
  const others = traceback.filter(line => !JAVA_FRAME.test(line) && line.trim() !== '');
  if (match) {
    return build(match[2], [match[3] ?? '', ...rest].join('\n').trim() || match[2], [...others, ...userFrames, ...note]);
  }
  return build(fallbackName, evalue.trim(), [...others, ...userFrames, ...note]);
}

function sqlError(evalue: string, traceback: string[], bodyLine: number): CellCodeError {
  const frames = traceback.filter(line => JAVA_FRAME.test(line));
  const exceptionFrame = frames.map(line => /\.([A-Z][\w$]*(?:Exception|Error))[.(]/.exec(line)?.[1]).find(name => name !== undefined);
  const { errorClass, message, position } = splitSparkMessage(evalue);
  const [headline, ...more] = message.split('\n');
  const ename = errorClass ?? exceptionFrame ?? 'SQLError';
  const at = position ? ` (cell line ${position.line + bodyLine + 1}, position ${position.pos})` : '';
  const details = more.map(line => mapSqlPosition(line, bodyLine));
  return build(
    ename,
    mapSqlPosition(headline, bodyLine) + at,
    details.filter((line, index) => line.trim() !== '' || (index > 0 && details[index - 1].trim() !== ''))
  );
}

/** Splits a Spark message into its error class, its text without the logical plan, and the position it names. */
function splitSparkMessage(evalue: string, keepClass = false): { errorClass?: string; message: string; position?: { line: number; pos: number } } {
  let message = evalue.trim();
  let position: { line: number; pos: number } | undefined;
  const plan = PLAN_TAIL.exec(message);
  if (plan) {
    position = { line: Number(plan[1]), pos: Number(plan[2]) };
    message = message.slice(0, plan.index).trimEnd();
  }
  const errorClass = ERROR_CLASS.exec(message);
  if (errorClass && !keepClass) {
    message = message.slice(errorClass[0].length);
  }
  return { errorClass: errorClass?.[1], message, position: position && { line: position.line - 1, pos: position.pos } };
}

function mapSqlPosition(text: string, bodyLine: number): string {
  return text.replace(/\(line (\d+), pos (\d+)\)/, (_, line: string, pos: string) => `(cell line ${Number(line) + bodyLine}, position ${pos})`);
}

function pythonError(output: IStatementError, traceback: string[], bodyLine: number): CellCodeError {
  // The exception's name is the ename here, so a Spark error class stays in the message.
  const [headline, ...hints] = splitSparkMessage(output.evalue, true).message.split('\n');
  const cellLine = (line: string): string => line.replace(/File "<stdin>", line (\d+)/, (_, n: string) => `Cell line ${Number(n) + bodyLine}`);
  const kept: string[] = [];
  let skipping = false;
  for (const line of traceback) {
    if (/^\s*File "/.test(line)) {
      skipping = PYSPARK_INTERNAL_FRAME.test(line);
      if (!skipping) {
        kept.push(cellLine(line));
      }
      continue;
    }
    // Source lines and carets belong to the frame above them.
    if (/^\s/.test(line) && line.trim() !== '') {
      if (!skipping) {
        kept.push(line);
      }
      continue;
    }
    skipping = false;
    // The last line repeats "Name: value" with the plan; ename and evalue already say it.
    if (line.startsWith('Traceback') || new RegExp(`^[\\w.]*${escapeRegExp(output.ename)}\\b`).test(line)) {
      continue;
    }
    if (line.trim() !== '') {
      kept.push(line);
    }
  }
  const evalue = headline.replace(/\(<stdin>, line (\d+)\)/, (_, n: string) => `(cell line ${Number(n) + bodyLine})`);
  return build(output.ename, evalue, [...kept, ...hints.filter(line => line.trim() !== '')]);
}

/** An exception name is text from the driver; as a pattern it must match itself only. */
function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
