import { MAGIC_LANGUAGES } from '@jupyterlab-emr/common';
import { ICellFeature } from '../cell-kit/feature';
import { sqlCommand, SQL_OPTIONS } from '../cell-kit/sql-options';
import { HIVE_OPTIONS, hiveCommand, IHiveCommand } from './hive-magic';
import { IHiveKernel } from './hive-services';
import { runHive } from './run-hive';

/** %%hive: HiveQL on HiveServer2 or the Spark session, or submitted as an EMR step. */
export const HIVE_FEATURE: ICellFeature<IHiveCommand, IHiveKernel> = {
  magics: [
    {
      name: 'hive',
      aliases: [],
      body: 'code',
      language: MAGIC_LANGUAGES.hive,
      summary: 'HiveQL statements (separated by ;) on HiveServer2, or on the Spark session; --step submits the cell as an EMR step',
      details:
        'Runs on HiveServer2 when one is configured (EMR_HIVESERVER2_URL) or found on the cluster %connect named, else on the Spark session, ' +
        'which needs Hive support (spark.sql.catalogImplementation=hive, as on EMR). Every statement with columns shows its table; the last one is the result. ' +
        'Example: %%hive --step --wait --name nightly',
      args: { options: [...SQL_OPTIONS, ...HIVE_OPTIONS] },
      build: input => hiveCommand(input, sqlCommand('hive')(input))
    }
  ],
  handlers: { hive: runHive }
};
