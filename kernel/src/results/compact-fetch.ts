import { gunzipSync } from 'zlib';
import { JsonValue, parseLosslessJson } from '../json/lossless-json';
import { scalaString } from '../scala/scala-literal';
import { ISparkField, ISqlOutput, IStatementError, SparkDataType, StatementOutput } from '../livy/types';
import { scalaResource } from '../scala/scala-object';
import * as encoder from './scala/generated/compact-fetch';

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

/** The encoder object (scala/CompactFetch.scala); its name changes with its code. */
export const COMPACT_FETCH_OBJECT = scalaResource(encoder, { COMPACT_MARKER, MAX_PAYLOAD_CHARS });

/** The statement that fetches the first `rows` rows of `sql` (which says LIMIT `rows` itself). */
export function compactFetchCode(sql: string, rows: number): string {
  if (!Number.isSafeInteger(rows) || rows < 1 || rows > 2 ** 31 - 1) {
    throw new Error(`a compact fetch takes 1 to 2^31-1 rows, not ${rows}`);
  }
  return `${COMPACT_FETCH_OBJECT.name}.fetch(${scalaString(sql)}, ${rows})`;
}

/**
 * The statement that answers rows [offset, offset + rows) of `sql` (which has `rowCount` rows)
 * from the session's persisted copy of it under `key`, made by the first page of that key.
 */
export function compactPageCode(key: string, sql: string, offset: number, rows: number, rowCount: number): string {
  if (!Number.isSafeInteger(offset) || offset < 0 || !Number.isSafeInteger(rows) || rows < 1 || rows > 2 ** 31 - 1 || !Number.isSafeInteger(rowCount)) {
    throw new Error(`a compact page takes an offset of 0 or more and 1 to 2^31-1 rows, not offset ${offset} and ${rows} rows`);
  }
  return `${COMPACT_FETCH_OBJECT.name}.page(${scalaString(key)}, ${scalaString(sql)}, ${offset}L, ${rows}, ${rowCount}L)`;
}

/** The statement that unpersists the copies whose keys start with `prefix`. */
export function compactForgetCode(prefix: string): string {
  return `${COMPACT_FETCH_OBJECT.name}.forget(${scalaString(prefix)})`;
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
