import { ITablePayload } from '@jupyterlab-emr/common';
import { JsonValue, LosslessNumber } from '../json/lossless-json';
import { ISqlOutput, SparkDataType } from '../livy/types';

/**
 * Livy's `sql` output (a Spark StructType and row arrays) as the kernel's table: Spark's type
 * names, and values normalised so every renderer shows them the same way. Numbers that a
 * double cannot hold stay exact (LosslessNumber, serialised as their digits).
 */
export function tableFromSqlOutput(output: ISqlOutput, serverRowLimit: number): ITablePayload {
  const fields = output.schema.fields.map(field => ({ name: field.name, type: sparkTypeName(field.type) }));
  const rows = output.data.map(row => output.schema.fields.map((field, index) => normaliseValue(row[index] ?? null, field.type)));
  // Livy keeps at most livy.rsc.sql.num-rows rows and does not say when it dropped some.
  const truncated = serverRowLimit > 0 && rows.length >= serverRowLimit;
  return { schema: { fields }, rows, rowCount: rows.length, truncated };
}

/** Spark's own spelling of a type, as `DataType.simpleString` gives it. */
export function sparkTypeName(type: SparkDataType): string {
  if (typeof type === 'string') {
    return type;
  }
  switch (type.type) {
    case 'array':
      return `array<${sparkTypeName((type as { elementType: SparkDataType }).elementType)}>`;
    case 'map': {
      const map = type as { keyType: SparkDataType; valueType: SparkDataType };
      return `map<${sparkTypeName(map.keyType)},${sparkTypeName(map.valueType)}>`;
    }
    case 'struct':
      return `struct<${(type as { fields: { name: string; type: SparkDataType }[] }).fields.map(field => `${field.name}:${sparkTypeName(field.type)}`).join(',')}>`;
    default:
      return String(type.type);
  }
}

type Value = unknown;

/**
 * Livy serialises a struct as Spark's row object (`{"schema": [...], "values": [...]}`) and
 * binary as a byte array; both become what a reader expects: an object keyed by field name,
 * and hex digits.
 */
export function normaliseValue(value: JsonValue, type: SparkDataType): Value {
  if (value === null) {
    return null;
  }
  if (type === 'binary' && Array.isArray(value)) {
    return value.map(byte => (Number(byte) & 0xff).toString(16).padStart(2, '0')).join(' ');
  }
  if (typeof type === 'object' && type.type === 'array' && Array.isArray(value)) {
    const elementType = (type as { elementType: SparkDataType }).elementType;
    return value.map(item => normaliseValue(item, elementType));
  }
  if (typeof type === 'object' && type.type === 'map' && isObject(value)) {
    const valueType = (type as { valueType: SparkDataType }).valueType;
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, normaliseValue(item, valueType)]));
  }
  if (typeof type === 'object' && type.type === 'struct' && isObject(value)) {
    const fields = (type as { fields: { name: string; type: SparkDataType }[] }).fields;
    const values = Array.isArray(value.values) ? value.values : fields.map(field => value[field.name] ?? null);
    return Object.fromEntries(fields.map((field, index) => [field.name, normaliseValue(values[index] ?? null, field.type)]));
  }
  return value;
}

function isObject(value: JsonValue): value is { [key: string]: JsonValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof LosslessNumber);
}

/**
 * One value as the text a table shows, in the style of Spark's own `show()`. With the column's
 * type, a whole double keeps its `.0`, as Spark prints it (JSON cannot tell 3.0 from 3).
 */
export function formatValue(value: Value, type?: string): string {
  if (value === null || value === undefined) {
    return 'NULL';
  }
  if (typeof value === 'number' && (type === 'double' || type === 'float') && Number.isInteger(value)) {
    return `${value}.0`;
  }
  if (Array.isArray(value)) {
    return `[${value.map(item => formatValue(item)).join(', ')}]`;
  }
  if (value instanceof LosslessNumber) {
    return value.text;
  }
  if (typeof value === 'object') {
    return `{${Object.entries(value as Record<string, Value>)
      .map(([key, item]) => `${key}: ${formatValue(item)}`)
      .join(', ')}}`;
  }
  return String(value);
}

const NUMERIC_TYPE = /^(byte|short|integer|long|float|double|decimal(\(\d+,\s*\d+\))?|tinyint|smallint|int|bigint)$/;

export function isNumericType(type: string): boolean {
  return NUMERIC_TYPE.test(type);
}

/**
 * The footer under a table: how many rows; for a partial table, how many it shows (when the total
 * was counted) or that Livy may have dropped some (when it was not); and what the chart covers.
 */
export function rowCountNote(table: ITablePayload): string {
  const count = `${table.rowCount.toLocaleString('en-US')} ${table.rowCount === 1 ? 'row' : 'rows'}`;
  if (!table.truncated) {
    return count;
  }
  if (table.rowCount <= table.rows.length) {
    return `${count}, Livy's row limit (livy.rsc.sql.num-rows); the result may have more`;
  }
  const shown = `${count}, the table shows the first ${table.rows.length.toLocaleString('en-US')}`;
  return table.fullChart ? `${shown}. ${table.fullChart.note}` : shown;
}
