import { statementOutputView } from '../bundles/statement-output';
import { cellCodeError } from '../bundles/errors';
import { ICodeCommand } from '../cell-kit/code-command';
import { ICellContext, ICellServices } from '../cell-kit/context';
import { runStatement } from '../cell-kit/run-statement';

/** Scala or Python on the session: its printed output and REPL results, or a clean error. */
export async function runCode(command: ICodeCommand, cell: ICellContext, kernel: ICellServices): Promise<void> {
  if (command.code.trim() === '') {
    return;
  }
  const kind = command.language === 'scala' ? 'spark' : 'pyspark';
  const statement = await runStatement(kernel.connection.require(), cell, kernel.settings, { code: command.code, kind }, { progress: true });
  const output = statement.output;
  if (output?.status === 'error') {
    throw cellCodeError(output, { kind, bodyLine: command.bodyLine });
  }
  const view = statementOutputView(output?.data ?? {});
  if (view.text) {
    cell.sink.stream('stdout', view.text);
  }
  if (view.display) {
    cell.sink.display(view.display);
  }
}
