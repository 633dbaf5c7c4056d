import { ITablePayload } from '@jupyterlab-emr/common';
import { LosslessNumber, parseLosslessJson } from '../json/lossless-json';

/** TCLIService.thrift's TTypeId, the type of a result column. */
export const enum Hs2Type {
  Boolean = 0,
  TinyInt = 1,
  SmallInt = 2,
  Int = 3,
  BigInt = 4,
  Float = 5,
  Double = 6,
  String = 7,
  Timestamp = 8,
  Binary = 9,
  Array = 10,
  Map = 11,
  Struct = 12,
  Union = 13,
  UserDefined = 14,
  Decimal = 15,
  Null = 16,
  Date = 17,
  Varchar = 18,
  Char = 19,
  IntervalYearMonth = 20,
  IntervalDayTime = 21,
  TimestampLocalTz = 22
}

const TYPE_NAMES: Record<number, string> = {
  [Hs2Type.Boolean]: 'boolean',
  [Hs2Type.TinyInt]: 'tinyint',
  [Hs2Type.SmallInt]: 'smallint',
  [Hs2Type.Int]: 'int',
  [Hs2Type.BigInt]: 'bigint',
  [Hs2Type.Float]: 'float',
  [Hs2Type.Double]: 'double',
  [Hs2Type.String]: 'string',
  [Hs2Type.Timestamp]: 'timestamp',
  [Hs2Type.Binary]: 'binary',
  [Hs2Type.Array]: 'array',
  [Hs2Type.Map]: 'map',
  [Hs2Type.Struct]: 'struct',
  [Hs2Type.Union]: 'uniontype',
  [Hs2Type.UserDefined]: 'user_defined',
  [Hs2Type.Decimal]: 'decimal',
  [Hs2Type.Null]: 'void',
  [Hs2Type.Date]: 'date',
  [Hs2Type.Varchar]: 'varchar',
  [Hs2Type.Char]: 'char',
  [Hs2Type.IntervalYearMonth]: 'interval_year_month',
  [Hs2Type.IntervalDayTime]: 'interval_day_time',
  [Hs2Type.TimestampLocalTz]: 'timestamp with local time zone'
};

/** The parts of TColumnDesc the table needs (the Thrift structs carry more). */
export interface IHs2ColumnDesc {
  columnName: string;
  position: number;
  typeDesc: { types: { primitiveEntry?: { type: number; typeQualifiers?: { qualifiers?: Record<string, { i32Value?: number | null } | undefined> } | null } | null }[] };
}

/** A TColumn: one of its typed value lists is set, each with a bitmap of nulls. */
export type Hs2Column = Partial<Record<'boolVal' | 'byteVal' | 'i16Val' | 'i32Val' | 'i64Val' | 'doubleVal' | 'stringVal' | 'binaryVal', { values: unknown[]; nulls?: Buffer | null } | null>>;

const VALUE_LISTS = ['boolVal', 'byteVal', 'i16Val', 'i32Val', 'i64Val', 'doubleVal', 'stringVal', 'binaryVal'] as const;

interface IColumnType {
  id: number;
  name: string;
}

/** Hive's spelling of a column's type, with decimal precision and string lengths where given. */
export function hs2TypeOf(column: IHs2ColumnDesc): IColumnType {
  const entry = column.typeDesc.types[0]?.primitiveEntry;
  const id = entry?.type ?? Hs2Type.String;
  const name = TYPE_NAMES[id] ?? 'string';
  const qualifiers = entry?.typeQualifiers?.qualifiers ?? {};
  const qualifier = (key: string): number | undefined => qualifiers[key]?.i32Value ?? undefined;
  if (id === Hs2Type.Decimal && qualifier('precision') !== undefined) {
    return { id, name: `decimal(${qualifier('precision')},${qualifier('scale') ?? 0})` };
  }
  if ((id === Hs2Type.Varchar || id === Hs2Type.Char) && qualifier('characterMaximumLength') !== undefined) {
    return { id, name: `${name}(${qualifier('characterMaximumLength')})` };
  }
  return { id, name };
}

/** Column-wise row sets as the kernel's row-major table, every value as the other engines give it. */
export function tableFromHs2(columns: readonly IHs2ColumnDesc[], rowSets: readonly Hs2Column[][], truncated: boolean): ITablePayload {
  const ordered = [...columns].sort((a, b) => a.position - b.position);
  const types = ordered.map(hs2TypeOf);
  const rows: unknown[][] = [];
  for (const rowSet of rowSets) {
    const lists = ordered.map((_, index) => valueList(rowSet[index]));
    const count = Math.max(0, ...lists.map(list => list?.values.length ?? 0));
    for (let row = 0; row < count; row += 1) {
      rows.push(lists.map((list, index) => (list === undefined || isNull(list.nulls, row) ? null : hs2Value(list.values[row], types[index].id))));
    }
  }
  return { schema: { fields: ordered.map((column, index) => ({ name: column.columnName.split('.').pop() ?? column.columnName, type: types[index].name })) }, rows, rowCount: rows.length, truncated };
}

function valueList(column: Hs2Column | undefined): { values: unknown[]; nulls?: Buffer | null } | undefined {
  if (!column) {
    return undefined;
  }
  for (const key of VALUE_LISTS) {
    const list = column[key];
    if (list) {
      return list;
    }
  }
  return undefined;
}

function isNull(nulls: Buffer | null | undefined, row: number): boolean {
  return !!nulls && row < nulls.length * 8 && (nulls[Math.floor(row / 8)] & (1 << (row % 8))) !== 0;
}

/**
 * One value as the Livy path gives it: exact integers (a long beyond 2^53 keeps its digits),
 * decimals as their exact text, nested values parsed from the JSON text HiveServer2 sends for
 * them, bytes as hex.
 */
export function hs2Value(value: unknown, type: number): unknown {
  switch (type) {
    case Hs2Type.BigInt:
      return exactInteger(value);
    case Hs2Type.Decimal:
      return typeof value === 'string' && /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(value) ? new LosslessNumber(value) : value;
    case Hs2Type.Array:
    case Hs2Type.Map:
    case Hs2Type.Struct:
      return nested(value);
    case Hs2Type.Binary:
      return Buffer.isBuffer(value) ? [...value].map(byte => byte.toString(16).padStart(2, '0')).join(' ') : value;
    default:
      return value;
  }
}

/** Thrift's i64 arrives as a node-int64 object (8 big-endian bytes); a string server may send digits. */
function exactInteger(value: unknown): unknown {
  let big: bigint | undefined;
  if (typeof value === 'object' && value !== null && Buffer.isBuffer((value as { buffer?: unknown }).buffer)) {
    const { buffer, offset } = value as { buffer: Buffer; offset?: number };
    big = buffer.readBigInt64BE(offset ?? 0);
  } else if (typeof value === 'string' && /^-?\d+$/.test(value)) {
    big = BigInt(value);
  } else if (typeof value === 'number') {
    return value;
  }
  if (big === undefined) {
    return value;
  }
  const number = Number(big);
  return Number.isSafeInteger(number) ? number : new LosslessNumber(big.toString());
}

function nested(value: unknown): unknown {
  if (typeof value !== 'string') {
    return value;
  }
  try {
    return parseLosslessJson(value);
  } catch {
    return value;
  }
}
