import { IScalaDefinition, scalaResource } from '../../scala/scala-object';
import * as writer from '../scala/generated/silver-writer';
import { IConnectionParams } from '../credentials';
import { scalaLongString, scalaString } from '../../scala/scala-literal';
import { SilverLoader } from '../engines/engine';
import { engineFor } from '../engines/registry';
import { credentialKey, jdbcTls, jdbcUrl, markerFormat } from './session-code';
import { ITableRef, qualified } from '../sql-dialect';

/**
 * %%silver's writer: a Scala object defined once per Livy session (the REPL compiles every
 * statement, and compiling the writer cost about 0.4 s per run), called with one short statement
 * per run. It runs on the driver; the per-partition code runs on the executors, where each
 * partition opens its own JDBC connection and loads its rows into the staging table in one
 * transaction, so a retried task never leaves half a partition behind.
 *
 * The call evaluates the rows itself (a by-name argument) and matches their columns to the staging
 * table's, so one statement does what took two: every Livy statement costs 0.3-0.5 s here before
 * it runs a thing. What it found is printed after markers once it is done: the schema, and either
 * the rows written or that it refused the columns (the kernel then says why, from the schema); or,
 * when the rows could not even be made, the reason in Base64.
 *
 * The JDBC driver's classes are reached by reflection through the task's class loader: a jar
 * added with SparkContext.addJar is on the executors' class path but not on the REPL's compiler's.
 *
 * A TLS target's CA (the caBundle's PEM text, public) travels in the call and reaches the driver
 * as jdbcTls (session-code.ts) says: as the text itself, or in a file each executor JVM writes once.
 *
 * The object's code is scala/SilverWriter.scala; it is the same for every run and target.
 */
export const SILVER_WRITER: IScalaDefinition = scalaResource(writer);

export type { SilverLoader } from '../engines/engine';

export interface IWriteOptions {
  id: string;
  /** The rows: a Scala expression of a DataFrame (sourceExpression). */
  source: string;
  /** A temporary view of this run that the call drops when done (when an earlier statement defined the rows). */
  dropView?: string;
  params: IConnectionParams;
  staging: ITableRef;
  /** The staging table's columns, which Spark's are matched to by name. */
  columns: string[];
  /** The Spark type names each column takes (by column name); a column not named takes any. */
  accepts?: Record<string, string[]>;
  /** The columns the rows must have (the table's NOT NULL columns without a default). */
  required?: string[];
  batchSize: number;
  /** --partitions: how many connections write at once; absent, one per partition of the rows. */
  partitions?: number;
  /** A jar with the JDBC driver for the executors (added to the SparkContext; Spark ignores a second add). */
  jar?: string;
  /** Whether the server allows the executors a local file load (the engine's allowsLocalLoad; MySQL's LOAD DATA LOCAL INFILE). */
  localInfile?: boolean;
}

/** The loader for a target, as its engine chooses it (COPY on PostgreSQL; on MySQL, LOAD DATA where the server allows LOCAL, else batches). */
export function silverLoader(params: IConnectionParams, localInfile: boolean): SilverLoader {
  return engineFor(params.engine).loader(localInfile);
}

const scalaStrings = (values: string[]): string => `Seq(${values.map(scalaString).join(', ')})`;

/** The statement of one run: a call of the writer, every value a string literal or a number. */
export function writeCall(options: IWriteOptions): string {
  const { id, params, staging, columns } = options;
  const engine = engineFor(params.engine);
  const { dialect } = engine;
  const loader = silverLoader(params, options.localInfile ?? false);
  const driverFlags = engine.jdbc.driverFlags(loader);
  const tls = jdbcTls(params);
  const argumentsByName: [string, string][] = [
    ['source', options.source],
    ['dropView', scalaString(options.dropView ?? '')],
    ['staging', scalaString(qualified(dialect, staging))],
    ['columns', `Seq(${columns.map(column => `(${scalaString(column)}, ${scalaString(dialect.quote(column))}, ${scalaStrings(options.accepts?.[column] ?? [])})`).join(', ')})`],
    ['required', scalaStrings(options.required ?? [])],
    ['writableTypes', scalaStrings(dialect.writableSparkTypes)],
    ['credentialKey', scalaString(credentialKey(id))],
    ['jar', scalaString(options.jar ?? '')],
    ['url', scalaString(jdbcUrl(params))],
    ['user', scalaString(params.user)],
    ['driverClass', scalaString(engine.jdbc.driverClass)],
    ['driverFlags', `Seq(${driverFlags.map(scalaString).join(', ')})`],
    ['tlsProperties', `Seq(${tls.properties.map(([name, value]) => `(${scalaString(name)}, ${scalaString(value)})`).join(', ')})`],
    ['caPem', scalaLongString(tls.caPem)],
    ['caProperty', scalaString(tls.caProperty)],
    ['caInFile', String(tls.caInFile)],
    ['loader', scalaString(loader)],
    ['batchSize', String(options.batchSize)],
    ['partitions', String(options.partitions ?? 0)],
    ['markers', scalaString(markerFormat(id))]
  ];
  return `${SILVER_WRITER.name}.write(\n${argumentsByName.map(([name, value]) => `  ${name} = ${value}`).join(',\n')}\n)`;
}
