import { IScalaDefinition, scalaObject } from '../magics/session-definitions';
import { IConnectionParams } from './credentials';
import { scalaString } from '../livy/scala-literal';
import { credentialKey, JDBC_DRIVER_CLASS, jdbcUrl, marker } from './silver-code';
import { dialectFor, ITableRef, qualified } from './sql-dialect';

/**
 * %%silver's writer: a Scala object defined once per Livy session (the REPL compiles every
 * statement, and compiling the writer cost about 0.4 s per run), called with one short statement
 * per run. It runs on the driver; the per-partition code runs on the executors, where each
 * partition opens its own JDBC connection and loads its rows into the staging table in one
 * transaction, so a retried task never leaves half a partition behind.
 *
 * The JDBC driver's classes are reached by reflection through the task's class loader: a jar
 * added with SparkContext.addJar is on the executors' class path but not on the REPL's compiler's.
 */
const WRITER_BODY = String.raw`
  import org.apache.spark.sql.Row

  /** PostgreSQL: a partition's rows as the CSV COPY reads, made in 64 KiB chunks as the driver asks for them. */
  final class CsvRows(rows: Iterator[Row]) extends java.io.InputStream {
    private var chunk: Array[Byte] = Array.emptyByteArray
    private var at = 0
    private def field(text: java.lang.StringBuilder, value: Any): Unit = value match {
      case null => ()
      case s: String => text.append('"').append(s.replace("\"", "\"\"")).append('"')
      case t: java.sql.Timestamp => text.append(t.toInstant.toString)
      case d: java.math.BigDecimal => text.append(d.toPlainString)
      case b: Array[Byte] => text.append("\\x"); b.foreach(x => text.append(Character.forDigit((x >> 4) & 15, 16)).append(Character.forDigit(x & 15, 16)))
      case other => text.append(other.toString)
    }
    private def fill(): Boolean = {
      if (!rows.hasNext) false else {
        val text = new java.lang.StringBuilder(1 << 16)
        while (rows.hasNext && text.length < (1 << 16)) {
          val row = rows.next()
          var i = 0
          while (i < row.length) { if (i > 0) text.append(','); field(text, row.get(i)); i += 1 }
          text.append('\n')
        }
        chunk = text.toString.getBytes(java.nio.charset.StandardCharsets.UTF_8); at = 0; true
      }
    }
    override def read(): Int = if (at >= chunk.length && !fill()) -1 else { val b = chunk(at) & 255; at += 1; b }
    override def read(into: Array[Byte], offset: Int, length: Int): Int =
      if (length == 0) 0 else if (at >= chunk.length && !fill()) -1 else { val n = math.min(length, chunk.length - at); System.arraycopy(chunk, at, into, offset, n); at += n; n }
  }

  /** PostgreSQL: one COPY through the driver's CopyManager (the rows it confirmed). */
  def copyPartition(connection: java.sql.Connection, loader: ClassLoader, copySql: String, rows: Iterator[Row]): Long = {
    val pgConnection = connection.unwrap(Class.forName("org.postgresql.PGConnection", true, loader)).asInstanceOf[AnyRef]
    val copyManager = pgConnection.getClass.getMethod("getCopyAPI").invoke(pgConnection)
    val copyIn = copyManager.getClass.getMethod("copyIn", classOf[String], classOf[java.io.InputStream])
    try copyIn.invoke(copyManager, copySql, new CsvRows(rows)).asInstanceOf[java.lang.Long].longValue
    catch { case e: java.lang.reflect.InvocationTargetException => throw e.getCause }
  }

  /** MySQL/MariaDB: JDBC batches (bulk / rewritten by the driver) in one transaction. */
  def batchPartition(connection: java.sql.Connection, insertSql: String, batchSize: Int, rows: Iterator[Row]): Long = {
    connection.setAutoCommit(false)
    val insert = connection.prepareStatement(insertSql)
    try {
      var pending = 0
      var total = 0L
      while (rows.hasNext) {
        val row = rows.next()
        var i = 0
        while (i < row.length) { val v = row.get(i); if (v == null) insert.setNull(i + 1, java.sql.Types.NULL) else insert.setObject(i + 1, v); i += 1 }
        insert.addBatch(); pending += 1; total += 1
        if (pending == batchSize) { insert.executeBatch(); pending = 0 }
      }
      if (pending > 0) insert.executeBatch()
      connection.commit()
      total
    } catch { case e: Throwable => try connection.rollback() catch { case _: Throwable => () }; throw e } finally insert.close()
  }

  /**
   * Loads the view's rows into the staging table and prints the rows the database confirmed after
   * the marker. The password waits in spark.conf under credentialKey and leaves it first thing.
   * partitions > 0 is the number of writers: fewer than the rows' partitions are merged without a
   * shuffle (as Spark's JDBC writer does with numPartitions), more need one; 0 keeps them as they are.
   */
  def write(view: String, credentialKey: String, jar: String, url: String, user: String, driverClass: String, driverFlags: Seq[String],
            postgres: Boolean, loadSql: String, batchSize: Int, partitions: Int, marker: String): Unit = {
    val spark = org.apache.spark.sql.SparkSession.active
    val password = spark.conf.get(credentialKey)
    spark.conf.unset(credentialKey)
    if (jar.nonEmpty) spark.sparkContext.addJar(jar)
    val written = spark.sparkContext.longAccumulator("emr-silver-rows")
    val sourceRows = spark.table(view).rdd
    val writerRows =
      if (partitions > 0 && sourceRows.getNumPartitions > partitions) sourceRows.coalesce(partitions)
      else if (partitions > 0 && sourceRows.getNumPartitions < partitions) sourceRows.repartition(partitions)
      else sourceRows
    writerRows.foreachPartition { (rows: Iterator[Row]) =>
      val loader = Thread.currentThread.getContextClassLoader
      val driver = Class.forName(driverClass, true, loader).getDeclaredConstructor().newInstance().asInstanceOf[java.sql.Driver]
      val properties = new java.util.Properties()
      properties.setProperty("user", user)
      properties.setProperty("password", password)
      driverFlags.foreach(flag => properties.setProperty(flag, "true"))
      val connection = driver.connect(url, properties)
      // A close failing after the write failed must not hide why the write failed.
      try written.add(if (postgres) copyPartition(connection, loader, loadSql, rows) else batchPartition(connection, loadSql, batchSize, rows))
      finally { try connection.close() catch { case _: Throwable => () } }
    }
    spark.catalog.dropTempView(view)
    println(marker + written.value)
  }
`;

/** The writer object, the same for every run and target. */
export const SILVER_WRITER: IScalaDefinition = scalaObject('EmrSilverWriter', WRITER_BODY);

export interface IWriteOptions {
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

/** The statement of one run: a call of the writer, every value a string literal or a number. */
export function writeCall(options: IWriteOptions): string {
  const { id, view, params, staging, columns } = options;
  const dialect = dialectFor(params.engine);
  const columnList = columns.map(column => dialect.quote(column)).join(', ');
  const postgres = params.engine === 'postgres';
  const loadSql = postgres
    ? `COPY ${qualified(dialect, staging)} (${columnList}) FROM STDIN WITH (FORMAT csv)`
    : `INSERT INTO ${qualified(dialect, staging)} (${columnList}) VALUES (${columns.map(() => '?').join(', ')})`;
  // MariaDB Connector/J batches with its bulk protocol; MySQL Connector/J reads rewriteBatchedStatements.
  const driverFlags = postgres ? [] : ['useBulkStmts', 'rewriteBatchedStatements'];
  const argumentsByName: [string, string][] = [
    ['view', scalaString(view)],
    ['credentialKey', scalaString(credentialKey(id))],
    ['jar', scalaString(options.jar ?? '')],
    ['url', scalaString(jdbcUrl(params))],
    ['user', scalaString(params.user)],
    ['driverClass', scalaString(JDBC_DRIVER_CLASS[params.engine])],
    ['driverFlags', `Seq(${driverFlags.map(scalaString).join(', ')})`],
    ['postgres', String(postgres)],
    ['loadSql', scalaString(loadSql)],
    ['batchSize', String(options.batchSize)],
    ['partitions', String(options.partitions ?? 0)],
    ['marker', scalaString(marker(id, 'WRITTEN'))]
  ];
  return `${SILVER_WRITER.name}.write(\n${argumentsByName.map(([name, value]) => `  ${name} = ${value}`).join(',\n')}\n)`;
}
