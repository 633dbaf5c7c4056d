import { UserError } from '../../core/errors';
import { scalaString } from '../../scala/scala-literal';
import { describeTarget } from '../database-errors';
import { decideColumns } from './columns';
import { acceptedSparkTypes, requiredColumns } from './drift';
import { ISilverInspection } from './inspect';
import { ISilverPlan } from './plan';
import { ISilverRun } from './resolve';
import { marker, readMarker, sourceExpression } from './session-code';
import { readSchema, sourceError, SparkAnswer, sparkFailure } from './spark';
import { IWriteOptions, SILVER_WRITER, writeCall } from './writer';

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
  const { facts } = inspection;
  const write = (rows: string, columns: string[], dropView?: string, checks: Pick<IWriteOptions, 'accepts' | 'required'> = {}): string =>
    writeCall({
      ...checks,
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
  // The plan step defined the rows as this run's view, and handed the password over; or, into an
  // existing table, one statement makes the rows, checks them against the table's columns (so
  // drift is refused before a row is loaded) and loads them.
  const statement = inspection.schemaFirst
    ? write(`spark.table(${scalaString(view)})`, plan.columns, view)
    : `{\n${run.handover}\n${write(sourceExpression(inspection.source), facts.columns, undefined, {
        accepts: Object.fromEntries(facts.columnTypes.map(column => [column.name, acceptedSparkTypes(column)])),
        required: requiredColumns(facts.columnTypes)
      })}\n}`;
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
function readWriteAnswer(
  answer: SparkAnswer,
  run: ISilverRun,
  { facts, source, schemaFirst }: ISilverInspection,
  plan: ISilverPlan
): { written: number; columns: Pick<ISilverPlan, 'columns' | 'keys'> } {
  const { command, id, params } = run;
  if ('failure' in answer && !schemaFirst && source.kind === 'dataframe' && /error:/.test(answer.failure)) {
    // Only the --from value can fail to compile in that statement.
    throw sourceError(command, answer.failure);
  }
  const text = 'text' in answer ? answer.text : '';
  const sourceFailure = readMarker(text, marker(id, 'SOURCE_FAILED'));
  if (sourceFailure !== undefined) {
    throw sourceError(command, sparkFailure(Buffer.from(sourceFailure, 'base64').toString('utf8')));
  }
  let columns: Pick<ISilverPlan, 'columns' | 'keys'> = plan;
  if ('text' in answer && !schemaFirst) {
    // The kernel matches the columns as the writer did; where the writer refused them, this throws the reason, from the schema it printed.
    const fields = readSchema(text, id);
    columns = decideColumns(run.database, facts, fields, command.evolve);
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
