import { IConnectionParams } from '../credentials';
import { scalaString } from '../../scala/scala-literal';
import { IJdbcTls } from '../engines/engine';
import { engineFor } from '../engines/registry';

/** The Scala statements %%silver sends to the Livy session; values enter them only as literals (scalaString). */

export type SilverSource = { kind: 'query'; sql: string } | { kind: 'table'; name: string } | { kind: 'dataframe'; name: string };

export type MarkerName = 'SCHEMA' | 'EXISTS' | 'WRITTEN' | 'REFUSED' | 'SOURCE_FAILED' | 'COUNT';

/** The markers of one run with `%s` for the name, as the writer in the session formats them. */
export function markerFormat(id: string): string {
  return `EMR_SILVER_%s_${id} `;
}

/** The prefix of the line a statement prints its answer on, unique to one %%silver run. */
export function marker(id: string, what: MarkerName): string {
  return markerFormat(id).replace('%s', what);
}

/** The answer a statement printed after its marker, or undefined when the line is missing. */
export function readMarker(text: string, prefix: string): string | undefined {
  const line = text.split('\n').find(candidate => candidate.startsWith(prefix));
  return line?.slice(prefix.length).trim();
}

/** Whether a plain name is a temporary view or table (else --from means a Scala DataFrame value). */
export function viewExistsCode(id: string, name: string): string {
  return `println(${scalaString(marker(id, 'EXISTS'))} + spark.catalog.tableExists(${scalaString(name)}))`;
}

/** The rows to write as a Scala expression of a DataFrame. */
export function sourceExpression(source: SilverSource): string {
  return source.kind === 'query' ? `spark.sql(${scalaString(source.sql)})` : source.kind === 'table' ? `spark.table(${scalaString(source.name)})` : `(${source.name}: org.apache.spark.sql.DataFrame)`;
}

/**
 * Defines the rows to write as a temporary view of this run and prints their schema: later
 * statements read the view, so the query is planned once and --from works for views and values alike.
 * `then` runs last, only once the source is defined: the credential hand-over rides along here
 * rather than costing a statement of its own, and is never made when the query fails.
 */
export function sourceCode(id: string, view: string, source: SilverSource, then: string[] = []): string {
  return [
    '{',
    `  val emrSilverSource = ${sourceExpression(source)}`,
    `  emrSilverSource.createOrReplaceTempView(${scalaString(view)})`,
    `  println(${scalaString(marker(id, 'SCHEMA'))} + emrSilverSource.schema.json)`,
    ...then.map(line => `  ${line}`),
    '}'
  ].join('\n');
}

/** The line (for sourceCode's `then`) that counts the rows it defined, for --dry-run. */
export function countCode(id: string): string {
  return `println(${scalaString(marker(id, 'COUNT'))} + emrSilverSource.count())`;
}

/** The spark.conf key that carries the password to the write statement, which unsets it at once. */
export function credentialKey(id: string): string {
  // Spark's UI and SET listings redact keys matching spark.redaction.regex, which includes "password".
  return `spark.emr.silver.password.${id}`;
}

/**
 * The line that hands the password to the session. It is never shown and cannot fail to compile,
 * so no compiler message ever quotes it; the password is Base64 in it (and both forms are
 * registered with the redactor before it is sent).
 */
export function credentialCode(id: string, password: string): { code: string; secretForm: string } {
  const secretForm = Buffer.from(password, 'utf8').toString('base64');
  return { code: `spark.conf.set(${scalaString(credentialKey(id))}, new String(java.util.Base64.getDecoder.decode("${secretForm}"), "UTF-8"))`, secretForm };
}

/** After a failure: the run's view and (if the write never read it) the password leave the session. */
export function cleanupCode(id: string, view: string): string {
  return `{ spark.conf.unset(${scalaString(credentialKey(id))}); spark.catalog.dropTempView(${scalaString(view)}); () }`;
}

/**
 * How an executor's JDBC driver verifies a TLS target (the engine module's jdbc.tls says where the
 * CA's PEM text goes). Without `ssl` the executors connect in plaintext as the kernel's own
 * connection does; with it, verify-full.
 */
export function jdbcTls(params: IConnectionParams): IJdbcTls {
  return engineFor(params.engine).jdbc.tls(params);
}

/**
 * The JDBC URL the executors connect to; the password is never in it (it goes in the connection
 * properties). A target without `ssl` is plaintext for the executors as for the kernel's own
 * connection: a TLS the driver takes unverified protects from nothing a verified connection would
 * not, and costs its Java TLS on every row (COPY of a million rows 0.5 s slower here).
 */
export function jdbcUrl(params: IConnectionParams): string {
  return engineFor(params.engine).jdbc.url(params);
}
