/** The languages a cell's code can be in; each maps to a Livy statement kind. */
export type CodeLanguage = 'scala' | 'pyspark';

/** A Scala or PySpark cell: code run on the session as it is. */
export interface ICodeCommand {
  kind: 'code';
  language: CodeLanguage;
  code: string;
  bodyLine: number;
}
