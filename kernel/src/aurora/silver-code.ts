import { IConnectionParams } from './credentials';
import { scalaString } from '../scala/scala-literal';
import { AuroraEngine } from './targets';

/** The Scala statements %%silver sends to the Livy session; values enter them only as literals (scalaString). */

export type SilverSource = { kind: 'query'; sql: string } | { kind: 'table'; name: string } | { kind: 'dataframe'; name: string };

export type MarkerName = 'SCHEMA' | 'EXISTS' | 'WRITTEN' | 'REFUSED' | 'SOURCE_FAILED';

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

export const JDBC_DRIVER_CLASS: Record<AuroraEngine, string> = { postgres: 'org.postgresql.Driver', mysql: 'org.mariadb.jdbc.Driver' };

/**
 * How an executor's JDBC driver verifies a TLS target: connection properties beside the URL's
 * verify-full, and where the target's CA (the caBundle's PEM text) goes. pgjdbc's default
 * LibPQFactory reads the CA from a file only (sslrootcert; without it ~/.postgresql/root.crt, which
 * no executor has), so the writer puts the text in a file of its JVM; MariaDB Connector/J 3 takes
 * the text itself in serverSslCert. Without a caBundle both trust the JVM's truststore, as the
 * kernel's own connection trusts Node's CAs: pgjdbc needs DefaultJavaSSLFactory for that (verify-full
 * still checks the host name), MariaDB does it by default.
 */
export interface IJdbcTls {
  /** Properties set on every connection (strings, as java.util.Properties holds them). */
  properties: [string, string][];
  /** The property that names the CA, and whether it takes a file path or the PEM text. */
  caProperty: string;
  caInFile: boolean;
  /** The PEM text to trust; '' for none. */
  caPem: string;
}

export function jdbcTls(params: IConnectionParams): IJdbcTls {
  const caPem = params.ssl ? (params.caPem ?? '') : '';
  if (params.engine === 'postgres') {
    const properties: [string, string][] = params.ssl && !caPem ? [['sslfactory', 'org.postgresql.ssl.DefaultJavaSSLFactory']] : [];
    return { properties, caProperty: 'sslrootcert', caInFile: true, caPem };
  }
  return { properties: [], caProperty: 'serverSslCert', caInFile: false, caPem };
}

/**
 * The JDBC URL the executors connect to; the password is never in it (it goes in the connection
 * properties). A target without `ssl` is plaintext for the executors as for the kernel's own
 * connection: pgjdbc would otherwise take whatever TLS the server offers, unverified ("prefer"),
 * which protects from nothing a verified connection would not, and costs its Java TLS on every row
 * (COPY of a million rows 0.5 s slower here). MariaDB Connector/J has no TLS unless asked.
 */
export function jdbcUrl(params: IConnectionParams): string {
  const database = encodeURIComponent(params.database);
  if (params.engine === 'postgres') {
    return `jdbc:postgresql://${params.host}:${params.port}/${database}?sslmode=${params.ssl ? 'verify-full' : 'disable'}`;
  }
  return `jdbc:mariadb://${params.host}:${params.port}/${database}${params.ssl ? '?sslMode=verify-full' : ''}`;
}
