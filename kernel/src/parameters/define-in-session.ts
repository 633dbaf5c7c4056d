import { CodeLanguage } from '../cell-kit/code-command';
import { ICellContext, ICellServices } from '../cell-kit/context';
import { runStatement } from '../cell-kit/run-statement';
import { parameterDefinitionError } from './notebook-parameters';

/**
 * Runs the parameters' definitions as a statement of their own, before the cell that needs them,
 * so the cell's own output and error line numbers stay its own. The REPL's echo of each `val` is
 * not shown: the parameters cell already said what it set.
 */
export async function defineInSession(language: CodeLanguage, code: string, cell: ICellContext, kernel: ICellServices): Promise<void> {
  const kind = language === 'scala' ? 'spark' : 'pyspark';
  const statement = await runStatement(kernel.connection.require(), cell, kernel.settings, { code, kind }, { progress: false });
  const output = statement.output;
  if (output?.status === 'error') {
    throw parameterDefinitionError(language, `${output.ename}: ${output.evalue}`);
  }
}
