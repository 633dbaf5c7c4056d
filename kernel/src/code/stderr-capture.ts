import { CodeLanguage } from '../cell-kit/code-command';
import { ICellContext, IHandlerSettings, ILivyEndpoint } from '../cell-kit/context';
import { ensureSession, runStatement } from '../cell-kit/run-statement';
import { InterruptedError } from '../core/errors';
import { abortable } from '../livy/abortable';
import { LivyAbortedError } from '../livy/errors';
import { IActiveSession } from '../livy/session-manager';
import { StatementRunner } from '../livy/statement-runner';
import { ILivyStatement, ISubmitStatementRequest } from '../livy/types';
import { Logger } from '../log';
import { scalaResource } from '../scala/scala-object';
import * as pythonSource from './python/generated/stderr-to-cell';
import * as scalaSource from './scala/generated/stderr-to-cell';

const log = new Logger('stderr-capture');

/**
 * Around every piece of a statement's output that was written to stderr. Private-use characters:
 * nothing prints them, and unlike control characters they survive the trim() Livy applies to the
 * first line of a failed Scala statement (Java's trim() drops every character up to U+0020).
 */
export const STDERR_START = '\uE000emr-stderr\uE001';
export const STDERR_END = '\uE000/emr-stderr\uE001';

const markers = { START: STDERR_START, END: STDERR_END };
const scalaCapture = scalaResource(scalaSource, markers);
/** One statement: the object, then its install(); it runs once per session, so nothing is kept defined for later calls. */
const SCALA_CAPTURE = `${scalaCapture.code}\n${scalaCapture.name}.install()`;
const PYTHON_CAPTURE = pythonSource.source.replace(/\$\{(START|END)\}/g, (_, name: 'START' | 'END') => markers[name]);

/**
 * Per session (by object: a replacement session is a new one) and language, the hidden statement
 * that routes its stderr: done, or still running (sent by the early start, or by a cell).
 */
const captured = new WeakMap<IActiveSession, Map<CodeLanguage, Promise<void>>>();

function requestFor(language: CodeLanguage): ISubmitStatementRequest {
  return language === 'scala' ? { code: SCALA_CAPTURE, kind: 'spark' } : { code: PYTHON_CAPTURE, kind: 'pyspark' };
}

/**
 * Records the statement for the session. Once it has answered, ok or not, it is not sent again in
 * this session (a refusal would come back on every cell); one that never answered (an interrupt,
 * Livy unreachable) is forgotten, so the next cell sends it, and the caller gets its error.
 */
function remember(session: IActiveSession, language: CodeLanguage, work: Promise<ILivyStatement>): Promise<void> {
  const languages = captured.get(session) ?? new Map<CodeLanguage, Promise<void>>();
  const done = work.then(
    statement => {
      if (statement.output?.status !== 'ok') {
        log.warn(`Could not route ${language} stderr to the cell in session ${session.id}; it stays in the driver's log.`, failureOf(statement));
      }
    },
    error => {
      if (languages.get(language) === done) {
        languages.delete(language);
      }
      throw error;
    }
  );
  captured.set(session, languages.set(language, done));
  return done;
}

/**
 * Makes the session send what `language`'s code writes to stderr back with the statement's output,
 * marked, once per session and language, in a hidden statement. A session where that fails still
 * runs the cell: its stderr stays where Livy puts it (the driver's log, or after stdout), as logged.
 */
export async function captureStderr(endpoint: ILivyEndpoint, cell: ICellContext, settings: IHandlerSettings, language: CodeLanguage): Promise<void> {
  const session = await ensureSession(endpoint, cell);
  const pending = captured.get(session)?.get(language);
  if (pending) {
    // The early start's statement may still compile; the cell's own would queue behind it anyway.
    // Its failure is the early start's, not this cell's: the cell then sends its own.
    const answered = await abortable(pending, cell.signal).then(
      () => true,
      error => {
        if (error instanceof LivyAbortedError) {
          throw new InterruptedError('Interrupted before the cell was sent.');
        }
        return false;
      }
    );
    if (answered) {
      return;
    }
  }
  await remember(session, language, runStatement(endpoint, cell, settings, requestFor(language), { progress: false }));
}

/**
 * The Scala routing, sent as soon as a session started with the kernel is up, so that its compile
 * (one to three seconds) falls in the time the user reads and types, not in the first cell.
 */
export function captureScalaStderrEarly(runner: StatementRunner, session: IActiveSession): void {
  if (captured.get(session)?.has('scala')) {
    return;
  }
  remember(
    session,
    'scala',
    runner.submit(session, requestFor('scala')).then(submitted => runner.wait(session, submitted))
  ).catch(error => log.warn(`The early routing of Scala stderr in session ${session.id} did not answer; the first cell sends it.`, error));
}

function failureOf(statement: ILivyStatement): string {
  const output = statement.output;
  return output?.status === 'error' ? `${output.ename}: ${output.evalue}` : `statement ended ${statement.state}`;
}

export interface IStreamPiece {
  name: 'stdout' | 'stderr';
  text: string;
}

/**
 * A statement's text output split back into what went to stdout and to stderr, in the order it
 * was written; neighbouring pieces of one stream are joined. A start marker without its end
 * (output cut short) makes the rest stderr.
 */
export function splitStreams(text: string): IStreamPiece[] {
  const pieces: IStreamPiece[] = [];
  const push = (name: IStreamPiece['name'], piece: string): void => {
    if (piece === '') {
      return;
    }
    const last = pieces[pieces.length - 1];
    if (last?.name === name) {
      last.text += piece;
    } else {
      pieces.push({ name, text: piece });
    }
  };
  let at = 0;
  while (at < text.length) {
    const start = text.indexOf(STDERR_START, at);
    if (start < 0) {
      push('stdout', text.slice(at));
      break;
    }
    push('stdout', text.slice(at, start));
    const end = text.indexOf(STDERR_END, start + STDERR_START.length);
    push('stderr', text.slice(start + STDERR_START.length, end < 0 ? text.length : end));
    at = end < 0 ? text.length : end + STDERR_END.length;
  }
  return pieces;
}
