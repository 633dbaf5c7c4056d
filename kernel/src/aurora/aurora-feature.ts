import { MAGIC_LANGUAGES } from '@jupyterlab-emr/common';
import { ICellFeature } from '../cell-kit/feature';
import { chartRequest, SQL_OPTIONS } from '../cell-kit/sql-options';
import { runAurora } from './aurora-cell';
import { IAuroraKernel } from './aurora-service';
import { buildSilverCommand, IAuroraCommand, ISilverCommand, SILVER_OPTIONS, TARGET_OPTION } from './cell-commands';
import { runSilver } from './silver/silver-cell';

/** %%aurora reads a database target; %%silver writes a Spark result into one. */
export const AURORA_FEATURE: ICellFeature<IAuroraCommand | ISilverCommand, IAuroraKernel> = {
  magics: [
    {
      name: 'aurora',
      aliases: [],
      body: 'code',
      language: MAGIC_LANGUAGES.aurora,
      summary: 'SQL straight to an Aurora (PostgreSQL / MySQL) target through the kernel, shown as a table like %%sql',
      details: 'Example: %%aurora --target silver-pg\nSELECT count(*) FROM public.events',
      args: { options: [TARGET_OPTION, ...SQL_OPTIONS.filter(option => option.name !== 'view' && option.name !== 'cache')] },
      build: ({ label, args, body, bodyLine }) => ({
        kind: 'aurora',
        target: args.options.target as string | undefined,
        query: body,
        bodyLine,
        maxRows: (args.options.limit ?? args.options['max-rows']) as number | undefined,
        quiet: args.options.quiet === true,
        chart: chartRequest(label, args.options)
      })
    },
    {
      name: 'silver',
      aliases: [],
      body: 'code',
      language: MAGIC_LANGUAGES.silver,
      summary: 'write a query result (or --from a view/DataFrame) from Spark into an Aurora table: staged, one transaction, verified',
      details:
        'Example: %%silver --table public.daily_hits --mode upsert --key day,path\nSELECT day, path, count(*) AS hits FROM bronze.access GROUP BY day, path\n' +
        'Rows go from the executors to a staging table; one transaction then replaces, appends or merges them into the table, so a failure leaves it unchanged.',
      args: { options: SILVER_OPTIONS },
      build: buildSilverCommand
    }
  ],
  handlers: { aurora: (command, cell, kernel) => runAurora(command, cell, kernel.aurora), silver: runSilver }
};
