import { randomBytes } from 'crypto';
import { KernelError, UserError } from '../core/errors';
import { ICellContext, ILivyEndpoint } from '../cell-kit/context';
import { ensureSession, runStatement } from '../cell-kit/run-statement';
import { runWithDefinitions } from '../cell-kit/session-definitions';
import { IScalaDefinition } from '../scala/scala-object';
import { tableBundle } from '../bundles/table-bundle';
import { IAuroraKernel, IAuroraService } from './aurora-service';
import { ISilverCommand } from './cell-commands';
import { IConnectionParams } from './credentials';
import { IDatabase } from './database';
import { databaseUserError, describeTarget } from './database-errors';
import { allEngines, engineFor } from './engines/registry';
import { cleanupCode, credentialCode, marker, readMarker, SilverSource, sourceCode, sourceExpression, viewExistsCode } from './silver-code';
import { countTarget, createStaging, dropStaging, inspectTarget, ISilverPlan, ITargetFacts, mergeStaging, OverwriteMethod, planColumns, silverPlan } from './silver-merge';
import { SILVER_WRITER, writeCall } from './silver-writer';
import { ISparkField, ITableRef } from './sql-dialect';
import { scalaString } from '../scala/scala-literal';

/** One %%silver run's Spark side: statements in the notebook's session, their text never shown. */
class SilverSpark {
  constructor(
    private readonly _endpoint: ILivyEndpoint,
    private readonly _cell: ICellContext,
    private readonly _kernel: IAuroraKernel
  ) {}

  /**
   * Runs Scala and returns what it printed; a Scala or Spark failure comes back as its message.
   * The objects in `definitions` are defined in the session first, if it lacks them.
   */
  async run(code: string, progress: boolean, cell = this._cell, definitions: IScalaDefinition[] = []): Promise<{ text: string } | { failure: string }> {
    const request = { code, kind: 'spark' } as const;
    const statement =
      definitions.length > 0
        ? await runWithDefinitions(this._endpoint, cell, this._kernel.settings, request, definitions, { progress })
        : await runStatement(this._endpoint, cell, this._kernel.settings, request, { progress });
    const output = statement.output;
    if (output?.status === 'error') {
      return { failure: sparkFailure(output.evalue) };
    }
    const text = output?.data?.['text/plain'];
    return { text: typeof text === 'string' ? text : '' };
  }
}

// The JDBC driver's own words are what tells the user what to fix: a constraint, a type, a login.
const DRIVER_MESSAGE = /(?:PSQLException|SQL\w*Exception|BatchUpdateException|ClassNotFoundException)[^:\n]*:\s*([^\n]+)/g;

// Made when asked, so an engine registered after this module loaded is known too.
const missingDriver = (): RegExp =>
  new RegExp(
    `ClassNotFoundException[^:\\n]*:\\s*(${allEngines()
      .map(engine => engine.jdbc.driverClass.replace(/\./g, '\\.'))
      .join('|')})`
  );

/** The cause of a failed Spark statement in one line: the database driver's message when there is one. */
export function sparkFailure(evalue: string): string {
  const missing = missingDriver().exec(evalue);
  if (missing) {
    const engine = allEngines().find(candidate => candidate.jdbc.driverClass === missing[1])?.name;
    return (
      `the JDBC driver ${missing[1]} is not on the executors' classpath. Point "aurora.jdbcJars" in the kernel config (or EMR_AURORA_JDBC_JARS) at its jar, ` +
      `such as {"${engine}": "s3://my-bucket/jars/driver.jar"}, or start the session with it: %%configure -f {"jars": ["…"]}`
    );
  }
  const driverMessages = [...evalue.matchAll(DRIVER_MESSAGE)].map(match => match[1].trim());
  const text = driverMessages.length > 0 ? driverMessages[driverMessages.length - 1] : evalue.trim().split('\n')[0];
  return text.length > 600 ? `${text.slice(0, 600)}…` : text;
}

function isSparkField(value: unknown): value is ISparkField {
  const field = value as ISparkField;
  return typeof field === 'object' && field !== null && typeof field.name === 'string' && typeof field.nullable === 'boolean' && field.type !== undefined;
}

/** The rows the cell names: the query, or --from a view or table or a DataFrame value (told apart by a statement when the name is plain). */
async function resolveSource(spark: SilverSpark, command: ISilverCommand, id: string): Promise<SilverSource> {
  if (command.from === undefined) {
    return { kind: 'query', sql: command.query };
  }
  let isView = command.from.includes('.');
  if (!isView) {
    const answer = await spark.run(viewExistsCode(id, command.from), false);
    isView = 'text' in answer && readMarker(answer.text, marker(id, 'EXISTS')) === 'true';
  }
  return isView ? { kind: 'table', name: command.from } : { kind: 'dataframe', name: command.from };
}

function sourceError(command: ISilverCommand, failure: string): UserError {
  const what = command.from !== undefined ? `--from ${command.from} is neither a temporary view, a table nor a DataFrame value of the session (${failure})` : `the query failed: ${failure}`;
  return new UserError(`%%silver: ${what}. Nothing was written.`, 'SilverSourceError');
}

function readSchema(text: string, id: string): ISparkField[] {
  const json = readMarker(text, marker(id, 'SCHEMA'));
  const fields = json ? (JSON.parse(json) as { fields?: unknown }).fields : undefined;
  if (!Array.isArray(fields) || !fields.every(isSparkField)) {
    throw new UserError(`%%silver: the session did not report the result's schema (it printed: ${text.slice(0, 200)}). Nothing was written.`, 'SilverSourceError');
  }
  return fields;
}

/** Defines the run's view over the rows, reads its schema, then runs `then` in the session (for a target that does not exist yet). */
async function defineSource(spark: SilverSpark, command: ISilverCommand, source: SilverSource, id: string, view: string, then: string[]): Promise<ISparkField[]> {
  const answer = await spark.run(sourceCode(id, view, source, then), false);
  if ('failure' in answer) {
    throw sourceError(command, answer.failure);
  }
  return readSchema(answer.text, id);
}

/**
 * What the write statement said: the rows written and the columns as matched (into an existing
 * table the writer matched them, and the kernel checks its schema the same way). Every way it can
 * have failed becomes the error that names the step: the rows, their columns, or the load.
 */
function readWriteAnswer(
  answer: { text: string } | { failure: string },
  run: { command: ISilverCommand; id: string; params: IConnectionParams; facts: ITargetFacts; source: SilverSource; plan: ISilverPlan }
): { written: number; columns: Pick<ISilverPlan, 'columns' | 'keys'> } {
  const { command, id, params, facts, source, plan } = run;
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
    columns = planColumns(params.engine, facts, fields, command.keys);
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

interface ISummary {
  params: IConnectionParams;
  plan: ISilverPlan;
  written: number;
  inTarget: number;
  seconds: number;
  /** Of those: Spark loading the staging table, and the kernel's merge transaction and count. */
  sparkSeconds: number;
  mergeSeconds: number;
  /** How an overwrite replaced the rows ('swap' or 'copy'); none for append and upsert. */
  overwriteBy?: OverwriteMethod;
}

const roundSeconds = (seconds: number): number => Math.round(seconds * 100) / 100;

function summaryBundle({ params, plan, written, inTarget, seconds, sparkSeconds, mergeSeconds, overwriteBy }: ISummary): ReturnType<typeof tableBundle> {
  const rate = seconds > 0 ? Math.round(written / seconds) : written;
  return tableBundle({
    schema: {
      fields: [
        { name: 'target', type: 'string' },
        { name: 'table', type: 'string' },
        { name: 'mode', type: 'string' },
        { name: 'rows_written', type: 'bigint' },
        { name: 'rows_in_target', type: 'bigint' },
        { name: 'seconds', type: 'double' },
        { name: 'rows_per_s', type: 'bigint' },
        { name: 'spark_load_s', type: 'double' },
        { name: 'merge_s', type: 'double' },
        { name: 'overwrite_by', type: 'string' }
      ]
    },
    rows: [
      [
        params.target,
        `${plan.target.schema}.${plan.target.name}`,
        plan.keys.length > 0 ? `upsert (${plan.keys.join(', ')})` : plan.mode,
        written,
        inTarget,
        roundSeconds(seconds),
        rate,
        roundSeconds(sparkSeconds),
        roundSeconds(mergeSeconds),
        overwriteBy ?? null
      ]
    ],
    rowCount: 1,
    truncated: false
  });
}

/** Drops what a failed run left: the staging table (through a fresh connection if the old one died), the view, the password. */
async function cleanUp(aurora: IAuroraService, params: IConnectionParams, plan: ISilverPlan | undefined, createdTarget: boolean, cell: ICellContext): Promise<void> {
  if (!plan) {
    return;
  }
  let database: IDatabase | undefined;
  try {
    database = await aurora.open(params);
    await dropStaging(database, plan, createdTarget);
  } catch {
    cell.sink.stream('stderr', `Could not drop the staging table ${plan.staging.schema}.${plan.staging.name} of this run; drop it when the database is back (it holds no data of the target).\n`);
  } finally {
    await database?.close();
  }
}

/**
 * %%silver: the rows flow from Spark's executors into a staging table over JDBC (never through the
 * kernel), then the kernel merges them into the target in one transaction it verifies before COMMIT.
 * Any failure before the commit leaves the target exactly as it was.
 */
export async function runSilver(command: ISilverCommand, cell: ICellContext, kernel: IAuroraKernel): Promise<void> {
  const { aurora } = kernel;
  const params = await aurora.resolve(aurora.target(command.target));
  const endpoint = kernel.connection.require();
  const id = randomBytes(6).toString('hex');
  const view = `emr_silver_${id}`;
  const spark = new SilverSpark(endpoint, cell, kernel);
  // The database first: an unreachable one fails the cell before a Spark session is started for it.
  const database = await aurora.open(params);
  let plan: ISilverPlan | undefined;
  let createdTarget = false;
  let committed = false;
  let phase = 'reading the target table';
  try {
    // The clock starts once a session is there: its start is not the write's time.
    await ensureSession(endpoint, cell);
    const started = Date.now();
    const handover = credentialCode(id, params.password);
    aurora.protect(handover.secretForm);
    const facts = await inspectTarget(database, { table: command.table, mode: command.mode, keys: command.keys });
    const localInfile = await engineFor(params.engine).allowsLocalLoad(database);
    const source = await resolveSource(spark, command, id);
    const write = (staging: ITableRef, columns: string[], rows: string, dropView?: string): string =>
      writeCall({ id, source: rows, dropView, params, staging, columns, batchSize: command.batchSize, partitions: command.partitions, jar: aurora.jdbcJar(params.engine), localInfile });
    let statement: string;
    if (facts.exists) {
      // One statement makes the rows, matches their columns to the staging table's and loads them.
      phase = 'creating the staging table';
      plan = silverPlan(facts, await createStaging(database, facts, undefined), { columns: [], keys: facts.keys });
      statement = `{\n${handover.code}\n${write(plan.staging, facts.columns, sourceExpression(source))}\n}`;
    } else {
      // A new table is made from the rows' types, so they are defined (and their schema read) first.
      const fields = await defineSource(spark, command, source, id, view, [handover.code]);
      const columns = planColumns(params.engine, facts, fields, command.keys);
      phase = 'creating the staging table';
      plan = silverPlan(facts, await createStaging(database, facts, { fields, keys: columns.keys }), columns);
      statement = write(plan.staging, columns.columns, `spark.table(${scalaString(view)})`, view);
    }
    phase = 'writing the rows from Spark';
    const loading = Date.now();
    const answer = await spark.run(statement, true, cell, [SILVER_WRITER]);
    const { written, columns } = readWriteAnswer(answer, { command, id, params, facts, source, plan });
    plan = { ...plan, ...columns };
    phase = `merging into ${plan.target.schema}.${plan.target.name}`;
    const merging = Date.now();
    const { method } = await mergeStaging(database, plan, written, { createdTarget: () => (createdTarget = true) });
    committed = true;
    const inTarget = await countTarget(database, plan);
    const done = Date.now();
    cell.sink.display(
      summaryBundle({ params, plan, written, inTarget, seconds: (done - started) / 1000, sparkSeconds: (merging - loading) / 1000, mergeSeconds: (done - merging) / 1000, overwriteBy: method }) ?? {}
    );
  } catch (error) {
    if (error instanceof KernelError) {
      throw error;
    }
    const failure = databaseUserError(error, params, phase);
    const unchanged = plan ? ` ${plan.target.schema}.${plan.target.name} is unchanged (the transaction was rolled back or never started).` : '';
    throw new UserError(`${failure.evalue}${unchanged}`, failure.ename);
  } finally {
    // Only a session that exists can hold this run's view or password: a cleanup must not start one.
    // Also after an interrupt: the cleanup must not be cancelled along with the write.
    if (!committed && endpoint.sessions.current !== undefined) {
      await spark.run(cleanupCode(id, view), false, { sink: cell.sink, signal: new AbortController().signal }).catch(() => undefined);
    }
    if (!committed) {
      await cleanUp(aurora, params, plan, createdTarget, cell);
    }
    await database.close();
  }
}
