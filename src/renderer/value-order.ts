import type { FieldKind } from '@jupyterlab-emr/common';

/** Orders two non-null values of one column; negative when `a` comes first. */
export type ValueCompare = (a: unknown, b: unknown) => number;

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?$/;

/**
 * Exact order of two decimal numbers written as digits. The kernel sends numbers a double cannot
 * hold (a long past 2^53, a wide decimal) as strings of digits, and two ids that differ only in
 * their last digits must not sort as equal.
 */
export function compareDecimalText(a: string, b: string): number | undefined {
  const left = DECIMAL.exec(a.trim());
  const right = DECIMAL.exec(b.trim());
  if (!left || !right) {
    return undefined;
  }
  const parts = (match: RegExpExecArray) => ({
    negative: match[1] === '-',
    whole: match[2].replace(/^0+/, ''),
    fraction: (match[3] ?? '').replace(/0+$/, '')
  });
  const x = parts(left);
  const y = parts(right);
  const isZero = (p: typeof x) => p.whole === '' && p.fraction === '';
  const xNegative = x.negative && !isZero(x);
  const yNegative = y.negative && !isZero(y);
  if (xNegative !== yNegative) {
    return xNegative ? -1 : 1;
  }
  const magnitude =
    x.whole.length !== y.whole.length ? x.whole.length - y.whole.length : x.whole !== y.whole ? (x.whole < y.whole ? -1 : 1) : x.fraction === y.fraction ? 0 : x.fraction < y.fraction ? -1 : 1;
  return xNegative ? -magnitude : magnitude;
}

function compareNumbers(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') {
    return a - b;
  }
  const exact = compareDecimalText(String(a), String(b));
  if (exact !== undefined) {
    return exact;
  }
  // NaN or Infinity spelled out by the engine: order them by the double they stand for.
  const difference = Number(a) - Number(b);
  return Number.isNaN(difference) ? String(a).localeCompare(String(b)) : difference;
}

const collator = new Intl.Collator(undefined, { numeric: true });

function textOf(value: unknown): string {
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function compareText(a: unknown, b: unknown): number {
  if (typeof a === 'boolean' && typeof b === 'boolean') {
    return Number(a) - Number(b);
  }
  return collator.compare(textOf(a), textOf(b));
}

/**
 * Dates and timestamps arrive as ISO-like text (which sorts as text) or as epoch numbers.
 */
function compareTimes(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') {
    return a - b;
  }
  const x = textOf(a);
  const y = textOf(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The order of a column's values, from the column's kind (its engine type). */
export function valueCompare(kind: FieldKind): ValueCompare {
  return kind === 'quantitative' ? compareNumbers : kind === 'temporal' ? compareTimes : compareText;
}
