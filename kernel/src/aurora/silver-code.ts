import { IConnectionParams } from './credentials';
import { ITableRef, qualified, dialectFor } from './sql-dialect';
import { AuroraEngine } from './targets';

/**
 * The Scala statements %%silver sends to the Livy session. Every value from the cell or the config
 * enters the code as a string literal, never as code: plain printable ASCII as a quoted literal,
 * anything else Base64-encoded and decoded in Scala, so no quote, backslash or unicode escape in a
 * query or a name can change the program.
 */
export function scalaString(text: string): string {
  if (/^[\x20-\x7e]*$/.test(text) && !/["\\]/.test(text)) {
    return `"${text}"`;
  }
  return `new String(java.util.Base64.getDecoder.decode("${Buffer.from(text, 'utf8').toString('base64')}"), "UTF-8")`;
}

export type SilverSource = { kind: 'query'; sql: string } | { kind: 'table'; name: string } | { kind: 'dataframe'; name: string };

/** The prefix of the line a statement prints its answer on, unique to one %%silver run. */
export function marker(id: string, what: 'SCHEMA' | 'EXISTS' | 'WRITTEN'): string {
  return `EMR_SILVER_${what}_${id} `;
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

/**
 * Defines the rows to write as a temporary view of this run and prints their schema: later
 * statements read the view, so the query is planned once and --from works for views and values alike.
 * `then` runs last, only once the source is defined: the credential hand-over rides along here
 * rather than costing a statement of its own, and is never made when the query fails.
 */
export function sourceCode(id: string, view: string, source: SilverSource, then: string[] = []): string {
  const expression =
    source.kind === 'query' ? `spark.sql(${scalaString(source.sql)})` : source.kind === 'table' ? `spark.table(${scalaString(source.name)})` : `(${source.name}: org.apache.spark.sql.DataFrame)`;
  return [
    '{',
    `  val emrSilverSource = ${expression}`,
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

/** The JDBC URL the executors connect to; the password is never in it (it goes in the connection properties). */
export function jdbcUrl(params: IConnectionParams): string {
  const database = encodeURIComponent(params.database);
  if (params.engine === 'postgres') {
    return `jdbc:postgresql://${params.host}:${params.port}/${database}${params.ssl ? '?sslmode=verify-full' : ''}`;
  }
  return `jdbc:mariadb://${params.host}:${params.port}/${database}${params.ssl ? '?sslMode=verify-full' : ''}`;
}

export interface IWriteCodeOptions {
  id: string;
  view: string;
  params: IConnectionParams;
  staging: ITableRef;
  /** Database column names, in the order of the view's columns. */
  columns: string[];
  batchSize: number;
  /** --partitions: how many connections write at once; absent, one per partition of the rows. */
  partitions?: number;
  /** A jar with the JDBC driver for the executors (added to the SparkContext; Spark ignores a second add). */
  jar?: string;
}

/** PostgreSQL: each partition streams CSV into one COPY through the driver's CopyManager (one transaction per partition). */
function postgresPartitionWriter(copySql: string): string[] {
  return [
    '      val pgConnection = connection.unwrap(Class.forName("org.postgresql.PGConnection", true, loader)).asInstanceOf[AnyRef]',
    '      val copyManager = pgConnection.getClass.getMethod("getCopyAPI").invoke(pgConnection)',
    '      val csv = new java.io.InputStream {',
    '        private var chunk: Array[Byte] = Array.emptyByteArray',
    '        private var at = 0',
    '        private def field(text: java.lang.StringBuilder, value: Any): Unit = value match {',
    '          case null => ()',
    '          case s: String => text.append(\'"\').append(s.replace("\\"", "\\"\\"")).append(\'"\')',
    '          case t: java.sql.Timestamp => text.append(t.toInstant.toString)',
    '          case d: java.math.BigDecimal => text.append(d.toPlainString)',
    '          case b: Array[Byte] => text.append("\\\\x"); b.foreach(x => text.append(Character.forDigit((x >> 4) & 15, 16)).append(Character.forDigit(x & 15, 16)))',
    '          case other => text.append(other.toString)',
    '        }',
    '        private def fill(): Boolean = {',
    '          if (!rows.hasNext) false else {',
    '            val text = new java.lang.StringBuilder(1 << 16)',
    '            while (rows.hasNext && text.length < (1 << 16)) {',
    '              val row = rows.next()',
    '              var i = 0',
    '              while (i < row.length) { if (i > 0) text.append(\',\'); field(text, row.get(i)); i += 1 }',
    "              text.append('\\n')",
    '            }',
    '            chunk = text.toString.getBytes(java.nio.charset.StandardCharsets.UTF_8); at = 0; true',
    '          }',
    '        }',
    '        override def read(): Int = if (at >= chunk.length && !fill()) -1 else { val b = chunk(at) & 255; at += 1; b }',
    '        override def read(into: Array[Byte], offset: Int, length: Int): Int =',
    '          if (length == 0) 0 else if (at >= chunk.length && !fill()) -1 else { val n = math.min(length, chunk.length - at); System.arraycopy(chunk, at, into, offset, n); at += n; n }',
    '      }',
    '      val copyIn = copyManager.getClass.getMethod("copyIn", classOf[String], classOf[java.io.InputStream])',
    `      val copied = try copyIn.invoke(copyManager, ${scalaString(copySql)}, csv).asInstanceOf[java.lang.Long].longValue catch { case e: java.lang.reflect.InvocationTargetException => throw e.getCause }`,
    '      written.add(copied)'
  ];
}

/** MySQL/MariaDB: each partition inserts in JDBC batches (bulk / rewritten by the driver) in one transaction. */
function mysqlPartitionWriter(insertSql: string, batchSize: number): string[] {
  return [
    '      connection.setAutoCommit(false)',
    `      val insert = connection.prepareStatement(${scalaString(insertSql)})`,
    '      try {',
    '        var pending = 0',
    '        var total = 0L',
    '        while (rows.hasNext) {',
    '          val row = rows.next()',
    '          var i = 0',
    '          while (i < row.length) { val v = row.get(i); if (v == null) insert.setNull(i + 1, java.sql.Types.NULL) else insert.setObject(i + 1, v); i += 1 }',
    '          insert.addBatch(); pending += 1; total += 1',
    `          if (pending == ${batchSize}) { insert.executeBatch(); pending = 0 }`,
    '        }',
    '        if (pending > 0) insert.executeBatch()',
    '        connection.commit()',
    '        written.add(total)',
    '      } catch { case e: Throwable => try connection.rollback() catch { case _: Throwable => () }; throw e } finally insert.close()'
  ];
}

/**
 * --partitions N as the number of writers. Fewer than the rows' partitions are merged without a
 * shuffle, as Spark's own JDBC writer does with numPartitions: a shuffle of a million rows cost
 * more than their COPY here (bench/silver-write.py). More writers than partitions need the shuffle.
 */
function writerPartitions(partitions: number | undefined): string[] {
  if (partitions === undefined) {
    return ['  val writerRows = sourceRows'];
  }
  return [
    '  val writerRows =',
    `    if (sourceRows.getNumPartitions > ${partitions}) sourceRows.coalesce(${partitions})`,
    `    else if (sourceRows.getNumPartitions < ${partitions}) sourceRows.repartition(${partitions})`,
    '    else sourceRows'
  ];
}

/**
 * The write: every partition opens its own JDBC connection on the executor and loads its rows into
 * the staging table in one transaction, so a retried task never leaves half a partition behind.
 * Prints the rows the database confirmed, summed over partitions.
 */
export function writeCode(options: IWriteCodeOptions): string {
  const { id, view, params, staging, columns } = options;
  const dialect = dialectFor(params.engine);
  const columnList = columns.map(column => dialect.quote(column)).join(', ');
  const writer =
    params.engine === 'postgres'
      ? postgresPartitionWriter(`COPY ${qualified(dialect, staging)} (${columnList}) FROM STDIN WITH (FORMAT csv)`)
      : mysqlPartitionWriter(`INSERT INTO ${qualified(dialect, staging)} (${columnList}) VALUES (${columns.map(() => '?').join(', ')})`, options.batchSize);
  // MariaDB Connector/J batches with its bulk protocol; MySQL Connector/J reads rewriteBatchedStatements.
  const driverProperties = params.engine === 'mysql' ? ['useBulkStmts', 'rewriteBatchedStatements'] : [];
  return [
    '{',
    `  val password = spark.conf.get(${scalaString(credentialKey(id))})`,
    `  spark.conf.unset(${scalaString(credentialKey(id))})`,
    ...(options.jar ? [`  spark.sparkContext.addJar(${scalaString(options.jar)})`] : []),
    `  val url = ${scalaString(jdbcUrl(params))}`,
    `  val user = ${scalaString(params.user)}`,
    `  val driverClass = ${scalaString(JDBC_DRIVER_CLASS[params.engine])}`,
    '  val written = spark.sparkContext.longAccumulator("emr-silver-rows")',
    `  val sourceRows = spark.table(${scalaString(view)}).rdd`,
    ...writerPartitions(options.partitions),
    '  writerRows.foreachPartition { (rows: Iterator[org.apache.spark.sql.Row]) =>',
    // The task's class loader sees the jars SparkContext.addJar shipped; nothing here may name the REPL's own classes.
    '    val loader = Thread.currentThread.getContextClassLoader',
    '    val driver = Class.forName(driverClass, true, loader).getDeclaredConstructor().newInstance().asInstanceOf[java.sql.Driver]',
    '    val properties = new java.util.Properties()',
    '    properties.setProperty("user", user)',
    '    properties.setProperty("password", password)',
    ...driverProperties.map(name => `    properties.setProperty("${name}", "true")`),
    '    val connection = driver.connect(url, properties)',
    '    try {',
    ...writer,
    // A close failing after the write failed must not hide why the write failed.
    '    } finally { try connection.close() catch { case _: Throwable => () } }',
    '  }',
    `  spark.catalog.dropTempView(${scalaString(view)})`,
    `  println(${scalaString(marker(id, 'WRITTEN'))} + written.value)`,
    '}'
  ].join('\n');
}
