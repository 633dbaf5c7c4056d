import { UserError } from '../../core/errors';
import { scalaString } from '../../scala/scala-literal';
import { describeTarget } from '../database-errors';
import { planColumns } from './columns';
import { ISilverInspection } from './inspect';
import { ISilverPlan } from './plan';
import { ISilverRun } from './resolve';
import { marker, readMarker, sourceExpression } from './session-code';
import { readSchema, sourceError, SparkAnswer, sparkFailure } from './spark';
import { SILVER_WRITER, writeCall } from './writer';

/** What the load did: the rows in the staging table, the plan with the columns as matched, and how long Spark took. */
export interface ISilverLoad {
  written: number;
  plan: ISilverPlan;
  sparkSeconds: number;
}

/**
 * Step 4 of %%silver: the rows flow from Spark's executors into the staging table over JDBC, never
 * through the kernel, in one statement that calls the writer (defined in the session once).
 */
export async function loadRows(run: ISilverRun, inspection: ISilverInspection, plan: ISilverPlan): Promise<ISilverLoad> {
  const { command, cell, aurora, params, spark, id, view } = run;
  const write = (rows: string, columns: string[], dropView?: string): string =>
    writeCall({
      id,
      source: rows,
      dropView,
      params,
      staging: plan.staging,
      columns,
      batchSize: command.batchSize,
      partitions: command.partitions,
      jar: aurora.jdbcJar(params.engine),
      localInfile: inspection.localLoad
    });
  // An existing target: one statement makes the rows, matches their columns to the staging table's
  // and loads them. A new one: the plan step defined the rows as this run's view, and handed the password over.
  const statement = plan.createTarget
    ? write(`spark.table(${scalaString(view)})`, plan.columns, view)
    : `{\n${run.handover}\n${write(sourceExpression(inspection.source), inspection.facts.columns)}\n}`;
  const loading = Date.now();
  const answer = await spark.run(statement, true, cell, [SILVER_WRITER]);
  const { written, columns } = readWriteAnswer(answer, run, inspection, plan);
  return { written, plan: { ...plan, ...columns }, sparkSeconds: (Date.now() - loading) / 1000 };
}

/**
 * What the write statement said: the rows written and the columns as matched (into an existing
 * table the writer matched them, and the kernel checks its schema the same way). Every way it can
 * have failed becomes the error that names the step: the rows, their columns, or the load.
 */
function readWriteAnswer(answer: SparkAnswer, run: ISilverRun, { facts, source }: ISilverInspection, plan: ISilverPlan): { written: number; columns: Pick<ISilverPlan, 'columns' | 'keys'> } {
  const { command, id, params } = run;
  if ('failure' in answer && facts.exists && source.kind === 'dataframe' && /error:/.test(answer.failure)) {
    // Only the --from value can fail to compile in that statement.
    throw sourceError(command, answer.failure);
  }
  const text = 'text' in answer ? answer.text : '';
  const sourceFailure = readMarker(text, marker(id, 'SOURCE_FAILED'));
  if (sourceFailure !== undefined) {
    throw sourceError(command, sparkFailure(Buffer.from(sourceFailure, 'base64').toString('utf8')));
  }
  let columns: Pick<ISilverPlan, 'columns' | 'keys'> = plan;
  if ('text' in answer && facts.exists) {
    const fields = readSchema(text, id);
    columns = planColumns(params.engine, { ref: facts.target, columns: facts.columns }, fields, command.keys);
    if (readMarker(text, marker(id, 'REFUSED')) !== undefined) {
      throw new UserError(`%%silver: the session refused to write the columns ${fields.map(field => field.name).join(', ')} into ${describeTarget(params)}. Nothing was written.`, 'SilverSchemaError');
    }
  }
  const written = Number(readMarker(text, marker(id, 'WRITTEN')));
  if ('failure' in answer || !Number.isSafeInteger(written)) {
    const cause = 'failure' in answer ? answer.failure : `it printed no row count: ${text.slice(0, 200)}`;
    throw new UserError(
      `%%silver: Spark could not write the rows into the staging table of ${describeTarget(params)}: ${cause}. ` +
        `${plan.target.schema}.${plan.target.name} is unchanged; fix the cause and run the cell again.`,
      'SilverWriteError'
    );
  }
  return { written, columns: { columns: columns.columns, keys: columns.keys } };
}
