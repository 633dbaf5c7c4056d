import { MAGIC_LANGUAGES } from '@jupyterlab-emr/common';
import { ICodeCommand } from '../cell-kit/code-command';
import { ICellFeature } from '../cell-kit/feature';
import { runCode } from './run-code';

/** Scala and PySpark cells: code run on the notebook's Spark session. */
export const CODE_FEATURE: ICellFeature<ICodeCommand> = {
  magics: [
    {
      name: 'scala',
      aliases: ['spark'],
      body: 'code',
      language: MAGIC_LANGUAGES.scala,
      summary: 'Scala on the Spark session (the default for cells without a magic; `%spark` and `%livy.spark` also work)',
      args: { options: [] },
      build: ({ body, bodyLine }) => ({ kind: 'code', language: 'scala', code: body, bodyLine })
    },
    {
      name: 'pyspark',
      aliases: [],
      body: 'code',
      language: MAGIC_LANGUAGES.pyspark,
      summary: 'Python on the same Spark session (`%pyspark`, `%livy.pyspark` also work)',
      args: { options: [] },
      build: ({ body, bodyLine }) => ({ kind: 'code', language: 'pyspark', code: body, bodyLine })
    }
  ],
  handlers: { code: runCode }
};
