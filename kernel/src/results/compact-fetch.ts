import { gunzipSync } from 'zlib';
import { JsonValue, parseLosslessJson } from '../livy/lossless-json';
import { scalaString } from '../scala/scala-literal';
import { ISparkField, ISqlOutput, IStatementError, SparkDataType, StatementOutput } from '../livy/types';
import { scalaObject } from '../scala/scala-object';

/**
 * The compact fetch of a big result's first rows. Livy's `sql` kind turns every value into JSON
 * by reflection (json4s' Extraction.decompose), which is most of the time a 100,000-row answer
 * takes, and keeps at most livy.rsc.sql.num-rows rows (1,000 on a stock EMR). Here a `spark`
 * statement calls a Scala object defined once per session: it runs the same SQL, takes the rows
 * on the driver, writes the very JSON the `sql` kind would (schema and rows, value by value as
 * json4s writes them), gzips it and prints it in Base64 on one line. The kernel decodes it into
 * the same ISqlOutput. Types json4s writes in ways not worth copying fall back to the `sql` kind.
 */

/** Starts the one line the object prints; what follows says which answer it is. */
export const COMPACT_MARKER = 'EMR_COMPACT_FETCH ';

/**
 * Base64 characters one answer may have: Livy carries a statement's output from the driver in one
 * RPC message of at most livy.rsc.rpc.max.size (50 MB by default), and a message over it fails the
 * statement's result, so the object refuses before that (a million rows of 8 columns are ~15 MB).
 */
export const MAX_PAYLOAD_CHARS = 40 * 1024 * 1024;

// No Scala string interpolation below: String.raw keeps `${…}` for this file's own constants.
const ENCODER_BODY = String.raw`  import org.apache.spark.sql.Row
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
    val payload = if (rows == null) null else try encode(schema, rows) catch { case _: Unsupported => null }
    if (payload == null) println("${COMPACT_MARKER}fallback " + base64(schema.simpleString))
    else if (payload.length > ${MAX_PAYLOAD_CHARS}) println("${COMPACT_MARKER}too-big " + rows.length + " " + payload.length)
    else println("${COMPACT_MARKER}rows " + payload)
  }`;

/** The encoder object; its name changes with its code. */
export const COMPACT_FETCH_OBJECT = scalaObject('EmrCompactFetch', ENCODER_BODY);

/** The statement that fetches the first `rows` rows of `sql` (which says LIMIT `rows` itself). */
export function compactFetchCode(sql: string, rows: number): string {
  if (!Number.isSafeInteger(rows) || rows < 1 || rows > 2 ** 31 - 1) {
    throw new Error(`a compact fetch takes 1 to 2^31-1 rows, not ${rows}`);
  }
  return `${COMPACT_FETCH_OBJECT.name}.fetch(${scalaString(sql)}, ${rows})`;
}

/** What one compact statement answered. */
export type CompactAnswer =
  | { kind: 'rows'; output: ISqlOutput }
  /** The result has a type the encoder leaves to the sql kind. */
  | { kind: 'fallback'; schema: string }
  /** The query failed: the error as the sql kind would have reported it. */
  | { kind: 'error'; error: IStatementError }
  /** The rows' payload exceeds MAX_PAYLOAD_CHARS. */
  | { kind: 'too-big'; rows: number; chars: number };

export class CompactAnswerError extends Error {
  constructor(message: string) {
    super(`the compact fetch answered ${message}`);
    this.name = 'CompactAnswerError';
  }
}

function decodeBase64(text: string): Buffer {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text)) {
    throw new CompactAnswerError('a payload that is not Base64');
  }
  return Buffer.from(text, 'base64');
}

/**
 * Reads the marker line of a finished compact statement. A failed query fails the statement (the
 * object throws after printing), and Livy puts the first line it printed in `evalue`.
 */
export function readCompactAnswer(output: StatementOutput | null): CompactAnswer | undefined {
  const text = output?.status === 'ok' ? output.data['text/plain'] : output?.status === 'error' ? output.evalue : undefined;
  if (typeof text !== 'string') {
    return undefined;
  }
  const line = text.split('\n').find(candidate => candidate.startsWith(COMPACT_MARKER));
  if (line === undefined) {
    return undefined;
  }
  const [kind, ...rest] = line.slice(COMPACT_MARKER.length).trim().split(' ');
  switch (kind) {
    case 'rows':
      return { kind, output: decodeRows(rest[0] ?? '') };
    case 'fallback':
      return { kind, schema: decodeBase64(rest[0] ?? '').toString('utf8') };
    case 'too-big':
      return { kind, rows: Number(rest[0]), chars: Number(rest[1]) };
    case 'error': {
      const error = parseLosslessJson(decodeBase64(rest[0] ?? '').toString('utf8')) as { ename?: unknown; evalue?: unknown; traceback?: unknown };
      if (typeof error !== 'object' || error === null || typeof error.ename !== 'string' || !Array.isArray(error.traceback)) {
        throw new CompactAnswerError('an error without ename and traceback');
      }
      const execution = output?.execution_count ?? 0;
      return { kind, error: { status: 'error', execution_count: execution, ename: error.ename, evalue: error.evalue as string, traceback: error.traceback.map(String) } };
    }
    default:
      throw new CompactAnswerError(`an unknown answer ${JSON.stringify(kind)}`);
  }
}

function decodeRows(payload: string): ISqlOutput {
  let json: string;
  try {
    json = gunzipSync(decodeBase64(payload)).toString('utf8');
  } catch (error) {
    throw error instanceof CompactAnswerError ? error : new CompactAnswerError(`a payload that does not gunzip (${String(error)})`);
  }
  const output = parseLosslessJson(json) as unknown as ISqlOutput;
  if (typeof output !== 'object' || output === null || !Array.isArray(output.schema?.fields) || !Array.isArray(output.data)) {
    throw new CompactAnswerError('JSON without schema and data');
  }
  return withRowSchemas(output);
}

type JsonObject = { [key: string]: JsonValue };

/** The value of a struct as json4s writes Spark's row object: a reflection of the struct's fields beside the values. */
type StructWriter = (value: JsonValue) => JsonValue;

/**
 * json4s writes a struct value as Spark's row object by reflection, its `schema` beside its
 * `values`: each StructField as {name, dataType, nullable, metadata}, where a DataType is its
 * constructor's fields ({} for most, {precision, scale} for a decimal, a list of fields for a
 * struct) and Metadata is {"map": {…}}. The kernel never reads it, but the compact fetch's
 * output is the sql kind's, so it is rebuilt here once per column type instead of sent per row.
 */
export function withRowSchemas(output: ISqlOutput): ISqlOutput {
  const writers = output.schema.fields.map(field => writerFor(field.type));
  if (writers.every(writer => writer === undefined)) {
    return output;
  }
  const data = output.data.map(row => row.map((value, index) => (writers[index] ? (writers[index] as StructWriter)(value) : value)));
  return { schema: output.schema, data };
}

/** How to rewrite values of this type, or undefined when it holds no struct. */
function writerFor(type: SparkDataType): StructWriter | undefined {
  if (typeof type === 'string') {
    return undefined;
  }
  const nested = type as { type: string; elementType?: SparkDataType; valueType?: SparkDataType; fields?: ISparkField[] };
  if (nested.type === 'array' && nested.elementType !== undefined) {
    const element = writerFor(nested.elementType);
    return element && (value => (Array.isArray(value) ? value.map(element) : value));
  }
  if (nested.type === 'map' && nested.valueType !== undefined) {
    const entry = writerFor(nested.valueType);
    return entry && (value => (isObject(value) ? Object.fromEntries(Object.entries(value).map(([key, item]) => [key, entry(item)])) : value));
  }
  if (nested.type === 'struct' && Array.isArray(nested.fields)) {
    const fields = nested.fields;
    const schema = reflectedFields(fields);
    const inner = fields.map(field => writerFor(field.type));
    return value => {
      if (!isObject(value) || !Array.isArray(value.values)) {
        return value;
      }
      const values = value.values.map((item, index) => (inner[index] ? (inner[index] as StructWriter)(item) : item));
      return { schema, values };
    };
  }
  return undefined;
}

function reflectedFields(fields: ISparkField[]): JsonValue[] {
  return fields.map(field => ({ name: field.name, dataType: reflectedType(field.type), nullable: field.nullable, metadata: reflectedMetadata(field.metadata ?? {}) }));
}

function reflectedType(type: SparkDataType): JsonValue {
  if (typeof type === 'string') {
    const decimal = /^decimal\((\d+),\s*(\d+)\)$/.exec(type);
    return decimal ? { precision: Number(decimal[1]), scale: Number(decimal[2]) } : {};
  }
  const nested = type as { type: string; elementType?: SparkDataType; containsNull?: boolean; keyType?: SparkDataType; valueType?: SparkDataType; valueContainsNull?: boolean; fields?: ISparkField[] };
  switch (nested.type) {
    case 'array':
      return { elementType: reflectedType(nested.elementType as SparkDataType), containsNull: nested.containsNull ?? true };
    case 'map':
      return { keyType: reflectedType(nested.keyType as SparkDataType), valueType: reflectedType(nested.valueType as SparkDataType), valueContainsNull: nested.valueContainsNull ?? true };
    case 'struct':
      return reflectedFields(nested.fields ?? []);
    default:
      return {};
  }
}

function reflectedMetadata(metadata: Record<string, JsonValue>): JsonValue {
  const entry = (value: JsonValue): JsonValue => (Array.isArray(value) ? value.map(entry) : isObject(value) ? reflectedMetadata(value) : value);
  return { map: Object.fromEntries(Object.entries(metadata).map(([key, value]) => [key, entry(value)])) };
}

function isObject(value: JsonValue): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && value.constructor === Object;
}
