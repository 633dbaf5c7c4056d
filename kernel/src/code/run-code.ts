import { statementOutputView } from '../bundles/statement-output';
import { cellCodeError } from '../bundles/errors';
import { ICodeCommand } from '../cell-kit/code-command';
import { ICellContext, ICellServices } from '../cell-kit/context';
import { runStatement } from '../cell-kit/run-statement';
import { IStatementError } from '../livy/types';
import { captureStderr, IStreamPiece, splitStreams } from './stderr-capture';

/** Scala or Python on the session: its printed output (stdout and stderr apart) and REPL results, or a clean error. */
export async function runCode(command: ICodeCommand, cell: ICellContext, kernel: ICellServices): Promise<void> {
  if (command.code.trim() === '') {
    return;
  }
  const endpoint = kernel.connection.require();
  await captureStderr(endpoint, cell, kernel.settings, command.language);
  const kind = command.language === 'scala' ? 'spark' : 'pyspark';
  const statement = await runStatement(endpoint, cell, kernel.settings, { code: command.code, kind }, { progress: true });
  const output = statement.output;
  if (output?.status === 'error') {
    throw cellCodeError(command.language === 'scala' ? scalaErrorWithoutStderr(output, cell) : output, { kind, bodyLine: command.bodyLine });
  }
  const data = output?.data ?? {};
  const plain = data['text/plain'];
  const pieces = typeof plain === 'string' ? splitStreams(plain) : [];
  const view = statementOutputView(typeof plain === 'string' ? { ...data, 'text/plain': textOf(pieces, 'stdout') } : data);
  if (view.display) {
    // A rich result: its text/plain is its fallback, so what went to stderr is sent apart.
    streamAll(
      cell,
      pieces.filter(piece => piece.name === 'stderr')
    );
    cell.sink.display(view.display);
  } else {
    streamAll(cell, pieces);
  }
}

function textOf(pieces: IStreamPiece[], name: IStreamPiece['name']): string {
  return pieces
    .filter(piece => piece.name === name)
    .map(piece => piece.text)
    .join('');
}

/** Each piece as a stream message, in order; the last ends with a newline, as printed output does in a notebook. */
function streamAll(cell: ICellContext, pieces: IStreamPiece[]): void {
  pieces.forEach((piece, index) => {
    const last = index === pieces.length - 1;
    cell.sink.stream(piece.name, last && !piece.text.endsWith('\n') ? `${piece.text}\n` : piece.text);
  });
}

/**
 * Livy makes a failed Scala statement's error from all it printed (the first line is the
 * message, the rest the traceback), so what went to stderr before the failure is sent as stderr
 * and the error is made again from the rest, as Livy would have made it.
 */
function scalaErrorWithoutStderr(output: IStatementError, cell: ICellContext): IStatementError {
  // Livy split the text into lines keeping their newlines, and trimmed the first.
  const pieces = splitStreams(`${output.evalue}\n${(output.traceback ?? []).join('')}`);
  const stderr = pieces.filter(piece => piece.name === 'stderr');
  if (stderr.length === 0) {
    return output;
  }
  streamAll(cell, stderr);
  const [first, ...rest] = textOf(pieces, 'stdout').split(/(?<=\n)/);
  return { ...output, evalue: (first ?? '').trim(), traceback: rest };
}
