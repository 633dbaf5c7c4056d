import { parseLosslessJson } from '../../../../kernel/src/json/lossless-json';
import { ISqlOutput, StatementOutput } from '../../../../kernel/src/livy/types';
import { livyFixture } from '../../../helpers/livy-fixtures';

/** A recorded statement's output, parsed as the kernel parses it (numbers kept exact). */
export function recordedStatementOutput(name: string): StatementOutput {
  return (parseLosslessJson(livyFixture(name).body) as unknown as { output: StatementOutput }).output;
}

export function recordedSqlOutput(name: string): ISqlOutput {
  const output = recordedStatementOutput(name);
  if (output.status !== 'ok') {
    throw new Error(`${name} is not a successful statement`);
  }
  return output.data['application/json'] as unknown as ISqlOutput;
}
