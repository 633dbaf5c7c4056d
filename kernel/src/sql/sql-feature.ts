import { MAGIC_LANGUAGES } from '@jupyterlab-emr/common';
import { ICellFeature } from '../cell-kit/feature';
import { runSql } from '../cell-kit/spark-sql';
import { ISqlCommand } from '../cell-kit/sql-command';
import { sqlCommand, SQL_OPTIONS } from '../cell-kit/sql-options';

/** %%sql: one Spark SQL statement, its result a table with a chart. */
export const SQL_FEATURE: ICellFeature<ISqlCommand> = {
  magics: [
    {
      name: 'sql',
      aliases: [],
      body: 'code',
      language: MAGIC_LANGUAGES.sql,
      summary: 'one Spark SQL statement; the result is a typed table (`%sql`, `%livy.sql` also work)',
      details:
        'A query (SELECT, WITH, VALUES, TABLE, FROM) shows its first -n rows with the total counted by Spark; its chart is computed by Spark over all rows. Livy returns at most livy.rsc.sql.num-rows rows per statement (1000 by default).',
      args: { options: SQL_OPTIONS },
      build: sqlCommand('sql')
    }
  ],
  handlers: { sql: runSql }
};
