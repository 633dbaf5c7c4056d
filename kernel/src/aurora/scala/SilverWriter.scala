// %%silver's writer (kernel/src/aurora/silver/writer.ts): defined once per Livy session, called
// with one short statement per run. The kernel sends the object from its opening line to its
// closing brace, renamed EmrSilverWriter_<hash of this code> so that a changed writer never meets
// an older one a long-lived session still holds; comments above the object line stay here.
object EmrSilverWriter extends java.io.Serializable {

  import org.apache.spark.sql.{DataFrame, Row}

  /** A partition's rows as the bytes a bulk load reads, made in chunks of about 64 KiB as the driver asks for them. */
  abstract class RowStream(rows: Iterator[Row]) extends java.io.InputStream {
    private var chunk: Array[Byte] = Array.emptyByteArray
    private var at = 0
    /** The next rows, about 64 KiB of them, as bytes; called only while rows remain. */
    protected def nextChunk(rows: Iterator[Row]): Array[Byte]
    private def fill(): Boolean = rows.hasNext && { chunk = nextChunk(rows); at = 0; true }
    override def read(): Int = if (at >= chunk.length && !fill()) -1 else { val b = chunk(at) & 255; at += 1; b }
    override def read(into: Array[Byte], offset: Int, length: Int): Int =
      if (length == 0) 0 else if (at >= chunk.length && !fill()) -1 else { val n = math.min(length, chunk.length - at); System.arraycopy(chunk, at, into, offset, n); at += n; n }
  }

  /**
   * PostgreSQL: COPY's CSV (an empty unquoted field is NULL; text is always quoted, so an empty string
   * stays one). A timestamp is written as the JVM's wall clock with its offset: a timestamptz column
   * gets the instant, and a timestamp column (which drops the offset) the wall clock, as Spark's own
   * JDBC writer and the MySQL path give it.
   */
  final class CsvRows(rows: Iterator[Row]) extends RowStream(rows) {
    private def field(text: java.lang.StringBuilder, value: Any): Unit = value match {
      case null => ()
      case s: String => text.append('"').append(s.replace("\"", "\"\"")).append('"')
      case t: java.sql.Timestamp => text.append(t.toInstant.atZone(java.time.ZoneId.systemDefault).toOffsetDateTime.toString)
      case t: java.time.Instant => text.append(t.atZone(java.time.ZoneId.systemDefault).toOffsetDateTime.toString)
      case d: java.math.BigDecimal => text.append(d.toPlainString)
      case b: Array[Byte] => text.append("\\x"); b.foreach(x => text.append(Character.forDigit((x >> 4) & 15, 16)).append(Character.forDigit(x & 15, 16)))
      case other => text.append(other.toString)
    }
    protected def nextChunk(rows: Iterator[Row]): Array[Byte] = {
      val text = new java.lang.StringBuilder(1 << 16)
      while (rows.hasNext && text.length < (1 << 16)) {
        val row = rows.next()
        var i = 0
        while (i < row.length) { if (i > 0) text.append(','); field(text, row.get(i)); i += 1 }
        text.append('\n')
      }
      text.toString.getBytes(java.nio.charset.StandardCharsets.UTF_8)
    }
  }

  /**
   * MySQL/MariaDB: LOAD DATA's default format, tab-separated with backslash escapes and \N for NULL.
   * Escaping works on UTF-8 bytes (none of the escaped bytes occurs inside a multi-byte character),
   * so text and binary take the same path; times are wall-clock in the JVM's zone, as the JDBC driver
   * would have sent them.
   */
  final class TsvRows(rows: Iterator[Row]) extends RowStream(rows) {
    private var buffer = new Array[Byte](1 << 17)
    private var size = 0
    private val wallClock = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS")
    private def put(b: Int): Unit = { if (size == buffer.length) buffer = java.util.Arrays.copyOf(buffer, size * 2); buffer(size) = b.toByte; size += 1 }
    private def plain(text: String): Unit = { var i = 0; while (i < text.length) { put(text.charAt(i)); i += 1 } }
    private def escaped(bytes: Array[Byte]): Unit = {
      var i = 0
      while (i < bytes.length) {
        val b = bytes(i)
        if (b == '\\') { put('\\'); put('\\') } else if (b == '\t') { put('\\'); put('t') } else if (b == '\n') { put('\\'); put('n') } else if (b == 0) { put('\\'); put('0') } else put(b)
        i += 1
      }
    }
    private def field(value: Any): Unit = value match {
      case null => plain("\\N")
      case s: String => escaped(s.getBytes(java.nio.charset.StandardCharsets.UTF_8))
      case b: Array[Byte] => escaped(b)
      case b: Boolean => put(if (b) '1' else '0')
      case d: java.math.BigDecimal => plain(d.toPlainString)
      case t: java.sql.Timestamp => plain(t.toLocalDateTime.format(wallClock))
      case t: java.time.Instant => plain(java.time.LocalDateTime.ofInstant(t, java.time.ZoneId.systemDefault).format(wallClock))
      case t: java.time.LocalDateTime => plain(t.format(wallClock))
      case other => escaped(other.toString.getBytes(java.nio.charset.StandardCharsets.UTF_8))
    }
    protected def nextChunk(rows: Iterator[Row]): Array[Byte] = {
      size = 0
      while (rows.hasNext && size < (1 << 16)) {
        val row = rows.next()
        var i = 0
        while (i < row.length) { if (i > 0) put('\t'); field(row.get(i)); i += 1 }
        put('\n')
      }
      java.util.Arrays.copyOf(buffer, size)
    }
  }

  private def unwrapped[T](call: => T): T = try call catch { case e: java.lang.reflect.InvocationTargetException => throw e.getCause }

  /** PostgreSQL: one COPY through the driver's CopyManager (the rows it confirmed). */
  def copyPartition(connection: java.sql.Connection, loader: ClassLoader, copySql: String, rows: Iterator[Row]): Long = {
    val pgConnection = connection.unwrap(Class.forName("org.postgresql.PGConnection", true, loader)).asInstanceOf[AnyRef]
    val copyManager = pgConnection.getClass.getMethod("getCopyAPI").invoke(pgConnection)
    val copyIn = copyManager.getClass.getMethod("copyIn", classOf[String], classOf[java.io.InputStream])
    unwrapped(copyIn.invoke(copyManager, copySql, new CsvRows(rows)).asInstanceOf[java.lang.Long].longValue)
  }

  /**
   * A file holding the PEM text, for a driver that reads its CA from a file: written once per JVM,
   * named by the text's hash, in a directory of the JVM's own (0700). The directory is remembered
   * in a system property, not in this object: every task deserializes its own copy of the object.
   */
  def caFile(pem: String): String = System.getProperties.synchronized {
    val dir = Option(System.getProperty("emr.silver.ca.dir")).getOrElse {
      val created = java.nio.file.Files.createTempDirectory("emr-silver-ca-")
      created.toFile.deleteOnExit()
      System.setProperty("emr.silver.ca.dir", created.toString)
      created.toString
    }
    val bytes = pem.getBytes(java.nio.charset.StandardCharsets.UTF_8)
    val hash = java.lang.String.format("%064x", new java.math.BigInteger(1, java.security.MessageDigest.getInstance("SHA-256").digest(bytes)))
    val file = java.nio.file.Paths.get(dir, hash + ".pem")
    if (!java.nio.file.Files.exists(file)) { java.nio.file.Files.write(file, bytes); file.toFile.deleteOnExit() }
    file.toString
  }

  /** Runs a partition's load in one transaction of its own, rolled back if anything fails. */
  private def inTransaction(connection: java.sql.Connection)(load: => Long): Long = {
    connection.setAutoCommit(false)
    try { val loaded = load; connection.commit(); loaded }
    catch { case e: Throwable => try connection.rollback() catch { case _: Throwable => () }; throw e }
  }

  /**
   * MySQL/MariaDB: one LOAD DATA LOCAL INFILE fed from the rows. With LOCAL the server cannot stop
   * the client mid-file, so it turns a row it refuses (a NULL for NOT NULL, a duplicate key, a value
   * that does not fit) into a warning and loads the rest; any warning fails the partition instead.
   */
  def loadDataPartition(connection: java.sql.Connection, loadSql: String, rows: Iterator[Row]): Long = inTransaction(connection) {
    val statement = connection.createStatement()
    try {
      unwrapped(statement.getClass.getMethod("setLocalInfileInputStream", classOf[java.io.InputStream]).invoke(statement, new TsvRows(rows)))
      val loaded = statement.executeLargeUpdate(loadSql)
      val warnings = statement.executeQuery("SHOW WARNINGS LIMIT 3")
      val problems = scala.collection.mutable.ArrayBuffer[String]()
      while (warnings.next()) if (warnings.getString(1) != "Note") problems += warnings.getString(3)
      if (problems.nonEmpty) throw new java.sql.SQLException("LOAD DATA refused rows: " + problems.mkString("; "))
      loaded
    } finally statement.close()
  }

  /** MySQL/MariaDB where the server does not allow LOAD DATA LOCAL: JDBC batches (bulk / rewritten by the driver). */
  def batchPartition(connection: java.sql.Connection, insertSql: String, batchSize: Int, rows: Iterator[Row]): Long = inTransaction(connection) {
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
      total
    } finally insert.close()
  }

  private def sameName(one: String, other: String): Boolean = one.toLowerCase(java.util.Locale.ROOT) == other.toLowerCase(java.util.Locale.ROOT)

  /** The staging column for a Spark column: the same name, else the first that differs only in case. */
  private def stagingColumn(columns: Seq[(String, String, Seq[String])], name: String): Option[(String, String, Seq[String])] =
    columns.find(_._1 == name).orElse(columns.find(column => sameName(column._1, name)))

  /** Whether a column takes a Spark type: accepted names the types it takes ("decimal" every decimal), none means any. */
  private def takes(accepted: Seq[String], dataType: org.apache.spark.sql.types.DataType): Boolean =
    accepted.isEmpty || accepted.contains(dataType.typeName) || (accepted.contains("decimal") && dataType.isInstanceOf[org.apache.spark.sql.types.DecimalType])

  /**
   * Loads the rows into the staging table. The password waits in spark.conf under credentialKey and
   * leaves it first thing. columns gives each staging column's name, its quoted form and the Spark
   * types it takes; required names the columns the rows must have. Rows that do not fit are refused
   * before any is loaded, and the kernel says why from the schema printed. loader is
   * "copy", "load-data" or "batches". partitions > 0 is the number of writers: fewer than the rows'
   * partitions are merged without a shuffle (as Spark's JDBC writer does with numPartitions), more
   * need one; 0 keeps them as they are. dropView names the temporary view the rows came from, if any.
   * tlsProperties go on every connection; caPem, when not empty, goes in caProperty, as a file's
   * path where caInFile says so.
   */
  def write(source: => DataFrame, dropView: String, staging: String, columns: Seq[(String, String, Seq[String])], required: Seq[String], writableTypes: Seq[String], credentialKey: String,
            jar: String, url: String, user: String, driverClass: String, driverFlags: Seq[String],
            tlsProperties: Seq[(String, String)], caPem: String, caProperty: String, caInFile: Boolean, loader: String, batchSize: Int, partitions: Int,
            markers: String): Unit = {
    val spark = org.apache.spark.sql.SparkSession.active
    val password = spark.conf.get(credentialKey)
    spark.conf.unset(credentialKey)
    def mark(name: String, text: String): Unit = println(markers.format(name) + text)
    try {
      val rows = try Right(source) catch { case scala.util.control.NonFatal(e) => Left(e) }
      rows match {
        case Left(e) => mark("SOURCE_FAILED", java.util.Base64.getEncoder.encodeToString(String.valueOf(e.getMessage).getBytes("UTF-8")))
        case Right(frame) =>
          // Nothing is printed before the load: Livy reports a failed statement by the first line it printed.
          val fields = frame.schema.fields.toSeq
          val targets = fields.map(field => stagingColumn(columns, field.name))
          val writable = fields.forall(field => writableTypes.contains(field.dataType.typeName) || field.dataType.isInstanceOf[org.apache.spark.sql.types.DecimalType])
          val fit = fields.zip(targets).forall { case (field, target) => target.forall(column => takes(column._3, field.dataType)) }
          val complete = required.forall(name => fields.exists(field => field.name == name || sameName(field.name, name)))
          if (fields.isEmpty || targets.exists(_.isEmpty) || !writable || !fit || !complete) { mark("SCHEMA", frame.schema.json); mark("REFUSED", "") }
          else {
            val list = targets.map(_.get._2).mkString(", ")
            val loadSql = loader match {
              case "copy" => "COPY " + staging + " (" + list + ") FROM STDIN WITH (FORMAT csv)"
              case "load-data" => "LOAD DATA LOCAL INFILE 'emr-silver-rows' INTO TABLE " + staging + " CHARACTER SET utf8mb4 (" + list + ")"
              case _ => "INSERT INTO " + staging + " (" + list + ") VALUES (" + fields.map(_ => "?").mkString(", ") + ")"
            }
            if (jar.nonEmpty) spark.sparkContext.addJar(jar)
            val written = spark.sparkContext.longAccumulator("emr-silver-rows")
            val sourceRows = frame.rdd
            val writerRows =
              if (partitions > 0 && sourceRows.getNumPartitions > partitions) sourceRows.coalesce(partitions)
              else if (partitions > 0 && sourceRows.getNumPartitions < partitions) sourceRows.repartition(partitions)
              else sourceRows
            writerRows.foreachPartition { (rows: Iterator[Row]) =>
              val taskLoader = Thread.currentThread.getContextClassLoader
              val driver = Class.forName(driverClass, true, taskLoader).getDeclaredConstructor().newInstance().asInstanceOf[java.sql.Driver]
              val properties = new java.util.Properties()
              properties.setProperty("user", user)
              properties.setProperty("password", password)
              driverFlags.foreach(flag => properties.setProperty(flag, "true"))
              tlsProperties.foreach { case (name, value) => properties.setProperty(name, value) }
              if (caPem.nonEmpty) properties.setProperty(caProperty, if (caInFile) caFile(caPem) else caPem)
              val connection = driver.connect(url, properties)
              // A close failing after the write failed must not hide why the write failed.
              try written.add(loader match {
                case "copy" => copyPartition(connection, taskLoader, loadSql, rows)
                case "load-data" => loadDataPartition(connection, loadSql, rows)
                case _ => batchPartition(connection, loadSql, batchSize, rows)
              })
              finally { try connection.close() catch { case _: Throwable => () } }
            }
            mark("SCHEMA", frame.schema.json)
            mark("WRITTEN", written.value.toString)
          }
      }
    } finally if (dropView.nonEmpty) spark.catalog.dropTempView(dropView)
  }

}
