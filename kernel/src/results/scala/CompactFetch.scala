// The compact fetch's encoder (kernel/src/results/compact-fetch.ts): defined once per Livy session.
// The kernel sends the object from its opening line to its closing brace, renamed
// EmrCompactFetch_<hash of this code>, after filling in ${COMPACT_MARKER} and ${MAX_PAYLOAD_CHARS}
// from its own constants (the one line the kernel reads, and the answer's limit); comments above
// the object line stay here.
object EmrCompactFetch extends java.io.Serializable {
  import org.apache.spark.sql.Row
  import org.apache.spark.sql.types._

  private final class Unsupported(what: String) extends RuntimeException(what)

  // What json4s (Livy's sql kind) writes, and so what is copied here. The rest goes to the sql
  // kind itself: timestamp_ntz, intervals and user-defined types (which json4s fails on or writes
  // by reflection), and map keys json4s cannot write (byte, boolean, float, double, decimal,
  // binary, array, struct, map), for which it fails the statement.
  private def supported(dataType: DataType): Boolean = dataType match {
    case array: ArrayType => supported(array.elementType)
    case map: MapType => supportedKey(map.keyType) && supported(map.valueType)
    case struct: StructType => struct.fields.forall(field => supported(field.dataType))
    case _: BooleanType | _: ByteType | _: ShortType | _: IntegerType | _: LongType | _: FloatType | _: DoubleType | _: DecimalType => true
    case _: StringType | _: BinaryType | _: DateType | _: TimestampType | _: NullType => true
    case _ => false
  }

  private def supportedKey(dataType: DataType): Boolean = dataType match {
    // A void key is only ever in an empty map (map()).
    case _: StringType | _: ShortType | _: IntegerType | _: LongType | _: DateType | _: TimestampType | _: NullType => true
    case _ => false
  }

  private def string(out: java.io.Writer, text: String): Unit = {
    out.write('"')
    var start = 0
    var i = 0
    while (i < text.length) {
      val c = text.charAt(i)
      if (c == '"' || c == '\\' || c < ' ') {
        out.write(text, start, i - start)
        c match {
          case '"' => out.write("\\\"")
          case '\\' => out.write("\\\\")
          case '\n' => out.write("\\n")
          case '\r' => out.write("\\r")
          case '\t' => out.write("\\t")
          case _ => out.write("\\u" + Integer.toHexString(c | 0x10000).substring(1))
        }
        start = i + 1
      }
      i += 1
    }
    out.write(text, start, text.length - start)
    out.write('"')
  }

  // json4s writes NaN as null and an infinity as a string; a float is widened to a double first
  // (0.1f is 0.10000000149011612), and a decimal is a double too.
  private def number(out: java.io.Writer, value: Double): Unit =
    if (value.isNaN) out.write("null")
    else if (value.isInfinite) out.write(if (value > 0) "\"Infinity\"" else "\"-Infinity\"")
    else out.write(java.lang.Double.toString(value))

  // json4s' DefaultFormats: a timestamp to whole seconds in UTC; a java.sql.Date key likewise.
  private def keyText(key: Any, dates: java.text.SimpleDateFormat): String = key match {
    case text: String => text
    case date: java.util.Date => dates.format(date)
    case other => other.toString
  }

  private def value(out: java.io.Writer, item: Any, dates: java.text.SimpleDateFormat): Unit = item match {
    case null => out.write("null")
    case text: String => string(out, text)
    case flag: java.lang.Boolean => out.write(if (flag.booleanValue) "true" else "false")
    case whole @ (_: java.lang.Integer | _: java.lang.Long | _: java.lang.Short | _: java.lang.Byte) => out.write(whole.toString)
    case real: java.lang.Double => number(out, real.doubleValue)
    case real: java.lang.Float => number(out, real.doubleValue)
    case decimal: java.math.BigDecimal => number(out, decimal.doubleValue)
    case date: java.sql.Date => string(out, date.toString)
    case time: java.sql.Timestamp => string(out, dates.format(time))
    case bytes: Array[Byte] =>
      out.write('[')
      var i = 0
      while (i < bytes.length) { if (i > 0) out.write(','); out.write(Integer.toString(bytes(i))); i += 1 }
      out.write(']')
    case row: Row =>
      // json4s writes a struct as the row object's fields, {"schema": [...], "values": [...]};
      // the kernel adds the schema part, the same for every row, from the column's type.
      out.write("{\"values\":[")
      var i = 0
      while (i < row.length) { if (i > 0) out.write(','); value(out, row.get(i), dates); i += 1 }
      out.write("]}")
    case map: scala.collection.Map[_, _] =>
      out.write('{')
      var first = true
      map.foreach { case (key, entry) =>
        if (!first) out.write(',')
        first = false
        string(out, keyText(key, dates))
        out.write(':')
        value(out, entry, dates)
      }
      out.write('}')
    case items: scala.collection.Seq[_] =>
      out.write('[')
      var first = true
      items.foreach { entry =>
        if (!first) out.write(',')
        first = false
        value(out, entry, dates)
      }
      out.write(']')
    case other => throw new Unsupported(other.getClass.getName)
  }

  private def encode(schema: StructType, rows: Array[Row]): String = {
    val bytes = new java.io.ByteArrayOutputStream(1 << 16)
    val gzip = new java.util.zip.GZIPOutputStream(bytes, 1 << 16)
    val out = new java.io.BufferedWriter(new java.io.OutputStreamWriter(gzip, java.nio.charset.StandardCharsets.UTF_8), 1 << 16)
    val dates = new java.text.SimpleDateFormat("yyyy-MM-dd'T'HH:mm:ss'Z'")
    dates.setTimeZone(java.util.TimeZone.getTimeZone("UTC"))
    out.write("{\"schema\":")
    out.write(schema.json)
    out.write(",\"data\":[")
    var r = 0
    while (r < rows.length) {
      if (r > 0) out.write(',')
      val row = rows(r)
      out.write('[')
      var i = 0
      while (i < row.length) { if (i > 0) out.write(','); value(out, row.get(i), dates); i += 1 }
      out.write(']')
      r += 1
    }
    out.write("]}")
    out.close()
    java.util.Base64.getEncoder.encodeToString(bytes.toByteArray)
  }

  private def base64(text: String): String = java.util.Base64.getEncoder.encodeToString(text.getBytes(java.nio.charset.StandardCharsets.UTF_8))

  // The query's own failure, as Livy's SQLInterpreter reports it (ename "Error", the message, the
  // stack), on the line the kernel reads; thrown on, so the statement fails as a statement.
  private def failed(error: Throwable): Nothing = {
    val text = new java.io.StringWriter()
    text.write("{\"ename\":\"Error\",\"evalue\":")
    if (error.getMessage == null) text.write("null") else string(text, error.getMessage)
    text.write(",\"traceback\":[")
    val frames = error.getStackTrace
    var i = 0
    while (i < frames.length) { if (i > 0) text.write(','); string(text, frames(i).toString); i += 1 }
    text.write("]}")
    println("${COMPACT_MARKER}error " + base64(text.toString))
    throw error
  }

  def fetch(query: String, limit: Int): Unit = {
    var schema: StructType = null
    var rows: Array[Row] = null
    try {
      val frame = org.apache.spark.sql.SparkSession.builder.getOrCreate().sql(query)
      schema = frame.schema
      if (supported(schema)) rows = frame.take(limit)
    } catch {
      case error: java.lang.reflect.InvocationTargetException => failed(error.getTargetException)
      case scala.util.control.NonFatal(error) => failed(error)
    }
    answer(schema, rows)
  }

  // Pages of a kept result (kernel/src/results/paging). LIMIT … OFFSET has the driver collect
  // every row before the offset: at row 4,000,000, a driver's memory. Instead the first far page
  // of a view computes its rows once, in one job, into Spark's in-memory columnar form (batches
  // of spark.sql.inMemoryColumnarStorage.batchSize rows, compressed: a tenth of the rows as
  // objects), persisted MEMORY_AND_DISK, and brings back only each batch's row count. A page then
  // finds its batches from those counts and decodes just them, in one task per partition it
  // touches: no shuffle, and no row before the offset is decoded, let alone sent. The order is
  // the view's (its ORDER BY, or the query's own partition order) as that one job computed it;
  // every page reads those same persisted batches, so pages agree with each other. The copy is
  // private to this object (not Spark's CacheManager, which would share it with any equal plan
  // and let another's UNCACHE drop it); `forget` unpersists it.
  private final class Copy(
    val batches: org.apache.spark.rdd.RDD[org.apache.spark.sql.columnar.CachedBatch],
    val attributes: Seq[org.apache.spark.sql.catalyst.expressions.Attribute],
    val schema: StructType,
    // Rows of each batch, by partition: the driver's whole knowledge of where a row is.
    val batchRows: Array[Array[Int]])

  private val copies = new java.util.concurrent.ConcurrentHashMap[String, Copy]()
  private val columnar = new org.apache.spark.sql.execution.columnar.DefaultCachedBatchSerializer()

  def forget(prefix: String): Unit = {
    val keys = copies.keySet.toArray.map(_.toString).filter(_.startsWith(prefix))
    keys.foreach { key =>
      val copy = copies.remove(key)
      if (copy != null) copy.batches.unpersist(blocking = false)
    }
  }

  private def copyOf(query: String): Copy = {
    val frame = org.apache.spark.sql.SparkSession.builder.getOrCreate().sql(query)
    val attributes = frame.queryExecution.executedPlan.output
    val conf = org.apache.spark.sql.internal.SQLConf.get
    val level = org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK
    val batches = columnar.convertInternalRowToCachedBatch(frame.queryExecution.toRdd, attributes, level, conf).persist(level)
    try {
      val batchRows = batches.sparkContext.runJob(batches, (it: Iterator[org.apache.spark.sql.columnar.CachedBatch]) => it.map(_.numRows).toArray)
      new Copy(batches, attributes, frame.schema, batchRows)
    } catch {
      case error: Throwable =>
        batches.unpersist(blocking = false)
        throw error
    }
  }

  // `rowCount` is the kernel's count of the view; the copy counts its own rows, which are the truth.
  def page(key: String, query: String, offset: Long, limit: Int, rowCount: Long): Unit = {
    var schema: StructType = null
    var rows: Array[Row] = null
    try {
      var copy = copies.get(key)
      if (copy == null) {
        // Keys are "<result id>:<view>". A table shows one view of a result at a time, so a
        // result keeps the copy of the view paged last: the executors' memory holds at most one
        // copy per kept result, at the price of a new copy when the table goes back to a view.
        val resultEnd = key.indexOf(':')
        if (resultEnd > 0) forget(key.substring(0, resultEnd + 1))
        copy = copyOf(query)
        val raced = copies.putIfAbsent(key, copy)
        if (raced != null) { copy.batches.unpersist(blocking = false); copy = raced }
      }
      schema = copy.schema
      if (supported(schema)) rows = read(copy, offset, offset + limit)
    } catch {
      case error: java.lang.reflect.InvocationTargetException => failed(error.getTargetException)
      case scala.util.control.NonFatal(error) => failed(error)
    }
    answer(schema, rows)
  }

  // Rows [from, until) of the copy: per partition it overlaps, the batches holding them and the
  // rows to skip in the first of those batches.
  private def read(copy: Copy, from: Long, until: Long): Array[Row] = {
    val wanted = scala.collection.mutable.LinkedHashMap[Int, (Int, Int, Int, Int)]()
    var start = 0L
    var partition = 0
    while (partition < copy.batchRows.length && start < until) {
      val sizes = copy.batchRows(partition)
      var batchStart = start
      var first = -1
      var last = -1
      var skip = 0
      var batch = 0
      while (batch < sizes.length && batchStart < until) {
        val batchEnd = batchStart + sizes(batch)
        if (batchEnd > from) {
          if (first < 0) { first = batch; skip = math.max(0L, from - batchStart).toInt }
          last = batch
        }
        batchStart = batchEnd
        batch += 1
      }
      if (first >= 0) wanted(partition) = (first, last, skip, (math.min(until, batchStart) - math.max(from, start)).toInt)
      start += sizes.foldLeft(0L)(_ + _)
      partition += 1
    }
    if (wanted.isEmpty) return Array.empty[Row]
    val spans = wanted.toMap
    val needed = copy.batches.mapPartitionsWithIndex { (index, it) =>
      spans.get(index) match {
        case Some((first, last, _, _)) => it.slice(first, last + 1)
        case None => Iterator.empty
      }
    }
    val decoded = columnar.convertCachedBatchToInternalRow(needed, copy.attributes, copy.attributes, org.apache.spark.sql.internal.SQLConf.get)
    val slices = decoded.sparkContext.runJob(
      decoded,
      (task: org.apache.spark.TaskContext, it: Iterator[org.apache.spark.sql.catalyst.InternalRow]) => {
        val (_, _, skip, count) = spans(task.partitionId)
        it.drop(skip).take(count).map(_.copy()).toArray
      },
      wanted.keys.toSeq)
    val toRow = org.apache.spark.sql.catalyst.CatalystTypeConverters.createToScalaConverter(copy.schema)
    slices.flatten.map(internal => toRow(internal).asInstanceOf[Row])
  }

  private def answer(schema: StructType, rows: Array[Row]): Unit = {
    val payload = if (rows == null) null else try encode(schema, rows) catch { case _: Unsupported => null }
    if (payload == null) println("${COMPACT_MARKER}fallback " + base64(schema.simpleString))
    else if (payload.length > ${MAX_PAYLOAD_CHARS}) println("${COMPACT_MARKER}too-big " + rows.length + " " + payload.length)
    else println("${COMPACT_MARKER}rows " + payload)
  }
}
