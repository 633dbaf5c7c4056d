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
  // every row before the offset: at row 4,000,000, a driver's memory. Instead each view of a
  // result is numbered once (zipWithIndex) and shuffled into ranges of about 20,000 rows sorted by
  // that number; a page reads the one or two ranges it falls in from the shuffle's files. The
  // driver keeps the RDDs (their lineage and shuffle output), never their rows.
  private val numbered = new java.util.concurrent.ConcurrentHashMap[String, (org.apache.spark.rdd.RDD[(Long, Row)], org.apache.spark.Partitioner, StructType)]()

  def forget(prefix: String): Unit = {
    val keys = numbered.keySet.toArray.map(_.toString).filter(_.startsWith(prefix))
    keys.foreach(key => numbered.remove(key))
  }

  def page(key: String, query: String, offset: Long, limit: Int, rowCount: Long): Unit = {
    var schema: StructType = null
    var rows: Array[Row] = null
    try {
      var view = numbered.get(key)
      if (view == null) {
        val frame = org.apache.spark.sql.SparkSession.builder.getOrCreate().sql(query)
        val keyed = frame.rdd.zipWithIndex.map(pair => (pair._2, pair._1))
        val partitioner = new org.apache.spark.RangePartitioner(math.max(1L, (rowCount + 19999) / 20000).toInt, keyed)
        view = (keyed.repartitionAndSortWithinPartitions(partitioner), partitioner, frame.schema)
        numbered.put(key, view)
      }
      val (sorted, partitioner, frameSchema) = view
      schema = frameSchema
      if (supported(schema)) {
        val from = offset
        val until = offset + limit
        val ranges = partitioner.getPartition(from) to partitioner.getPartition(until - 1)
        val slices = sorted.sparkContext.runJob(sorted, (it: Iterator[(Long, Row)]) => it.dropWhile(_._1 < from).takeWhile(_._1 < until).map(_._2).toArray, ranges)
        rows = slices.flatten
      }
    } catch {
      case error: java.lang.reflect.InvocationTargetException => failed(error.getTargetException)
      case scala.util.control.NonFatal(error) => failed(error)
    }
    answer(schema, rows)
  }

  private def answer(schema: StructType, rows: Array[Row]): Unit = {
    val payload = if (rows == null) null else try encode(schema, rows) catch { case _: Unsupported => null }
    if (payload == null) println("${COMPACT_MARKER}fallback " + base64(schema.simpleString))
    else if (payload.length > ${MAX_PAYLOAD_CHARS}) println("${COMPACT_MARKER}too-big " + rows.length + " " + payload.length)
    else println("${COMPACT_MARKER}rows " + payload)
  }
}
