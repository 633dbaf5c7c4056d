import { CellCodeError } from '../../../../kernel/src/core/errors';
import { IStatementError, StatementKind } from '../../../../kernel/src/livy/types';
import { cellCodeError } from '../../../../kernel/src/bundles/errors';
import { recordedStatementOutput } from './sql-fixtures';

function errorFrom(fixture: string, kind: StatementKind, bodyLine = 1): CellCodeError {
  return cellCodeError(recordedStatementOutput(fixture) as IStatementError, { kind, bodyLine });
}

// The escape character is the point: this strips the ANSI colours a Spark traceback carries.
// eslint-disable-next-line no-control-regex
const plain = (lines: string[]): string => lines.join('\n').replace(/\u001b\[[0-9;]*m/g, '');

describe('cellCodeError', () => {
  it('names a Scala compile error and keeps the code pointer, without the REPL line prefix', () => {
    const error = errorFrom('statement-scala-compile-error', 'spark');
    expect(error.ename).toBe('CompileError');
    expect(error.evalue).toBe('type mismatch;');
    expect(plain(error.traceback)).toBe(['CompileError: type mismatch;', ' found   : String("a")', ' required: Int', '       val x: Int = "a"', '                    ^'].join('\n'));
  });

  it('names an unknown Scala identifier as a compile error', () => {
    const error = errorFrom('statement-scala-not-found-error', 'spark');
    expect(error).toMatchObject({ ename: 'CompileError', evalue: 'not found: value undefinedThing' });
  });

  it('names a Scala exception by its class', () => {
    const error = errorFrom('statement-scala-runtime-error', 'spark');
    expect(error).toMatchObject({ ename: 'RuntimeException', evalue: 'boom' });
    expect(plain(error.traceback)).toContain('1 JVM stack line hidden');
  });

  it('explains an incomplete Scala statement', () => {
    expect(errorFrom('statement-scala-incomplete-error', 'spark')).toMatchObject({ ename: 'IncompleteStatement' });
  });

  it('names a SQL error by its Spark error class and drops the logical plan and the JVM frames', () => {
    const error = errorFrom('statement-sql-analysis-error', 'sql');
    expect(error.ename).toBe('TABLE_OR_VIEW_NOT_FOUND');
    expect(error.evalue).toBe('The table or view `no_such_table` cannot be found. Verify the spelling and correctness of the schema and catalog. (cell line 2, position 14)');
    const text = plain(error.traceback);
    expect(text).toContain('If you did not qualify the name with a schema');
    expect(text).not.toMatch(/UnresolvedRelation|Project \[|org\.apache/);
  });

  it('keeps the statement and caret of a SQL syntax error, with the line counted in the cell', () => {
    const error = errorFrom('statement-sql-parse-error', 'sql', 1);
    expect(error.ename).toBe('PARSE_SYNTAX_ERROR');
    expect(error.evalue).toBe("Syntax error at or near 'SELEC'.(cell line 2, position 0)");
    expect(plain(error.traceback)).toContain('== SQL ==\nSELEC 1\n^^^');
  });

  it("keeps the user's Python frames with cell line numbers", () => {
    const error = errorFrom('statement-pyspark-error', 'pyspark', 1);
    expect(error).toMatchObject({ ename: 'ZeroDivisionError', evalue: 'division by zero' });
    expect(plain(error.traceback)).toBe(['ZeroDivisionError: division by zero', '  Cell line 3, in f'].join('\n'));
  });

  it('points a Python syntax error at its cell line', () => {
    const error = errorFrom('statement-pyspark-syntax-error', 'pyspark', 1);
    expect(error).toMatchObject({ ename: 'SyntaxError', evalue: 'invalid syntax (cell line 2)' });
    expect(plain(error.traceback)).toContain('def f(:');
  });

  it('drops PySpark and py4j frames and the plan from a Spark error raised in Python', () => {
    const error = errorFrom('statement-pyspark-analysis-error', 'pyspark');
    expect(error.ename).toBe('AnalysisException');
    expect(error.evalue).toMatch(/^\[TABLE_OR_VIEW_NOT_FOUND\] The table or view `no_such_table` cannot be found/);
    expect(error.evalue).not.toMatch(/Project|UnresolvedRelation/);
    expect(plain(error.traceback)).not.toMatch(/py4j|pyspark\.zip|raise converted/);
  });
});
