import { ITableField } from '@jupyterlab-emr/common';

import { nextSort, sortedOrder } from '../../../../src/renderer/sort';
import { compareDecimalText } from '../../../../src/renderer/value-order';

const field = (type: string): ITableField[] => [{ name: 'v', type }];
const column = (...values: unknown[]) => values.map(value => [value]);

function sortValues(type: string, values: unknown[], direction: 'ascending' | 'descending'): unknown[] {
  const rows = column(...values);
  return sortedOrder(rows, field(type), { column: 0, direction }).map(index => rows[index][0]);
}

describe('nextSort', () => {
  it('cycles a column through ascending, descending and the received order', () => {
    const ascending = nextSort(undefined, 2);
    expect(ascending).toEqual({ column: 2, direction: 'ascending' });
    const descending = nextSort(ascending, 2);
    expect(descending).toEqual({ column: 2, direction: 'descending' });
    expect(nextSort(descending, 2)).toBeUndefined();
  });

  it('starts ascending on another column', () => {
    expect(nextSort({ column: 0, direction: 'descending' }, 1)).toEqual({ column: 1, direction: 'ascending' });
  });
});

describe('sortedOrder', () => {
  it('keeps the received order without a sort key', () => {
    expect(sortedOrder(column(3, 1, 2), field('integer'), undefined)).toEqual([0, 1, 2]);
  });

  it('sorts numbers as numbers, not as text', () => {
    expect(sortValues('integer', [10, 9, 100, -1], 'ascending')).toEqual([-1, 9, 10, 100]);
    expect(sortValues('double', [1.5, -2.25, 0], 'descending')).toEqual([1.5, 0, -2.25]);
  });

  it('orders longs past 2^53 and wide decimals sent as digits exactly', () => {
    const big = ['9007199254740993', '9007199254740992', '-12345678901234567890.5', '0.10', 7];
    expect(sortValues('bigint', big, 'ascending')).toEqual(['-12345678901234567890.5', '0.10', 7, '9007199254740992', '9007199254740993']);
    expect(sortValues('decimal(38,2)', ['1.10', '1.09', '-0.00', '-1'], 'ascending')).toEqual(['-1', '-0.00', '1.09', '1.10']);
  });

  it('puts nulls last in both directions', () => {
    expect(sortValues('integer', [2, null, 1, undefined, 3], 'ascending')).toEqual([1, 2, 3, null, undefined]);
    expect(sortValues('integer', [2, null, 1, 3], 'descending')).toEqual([3, 2, 1, null]);
    expect(sortValues('string', [null, 'b', 'a'], 'descending')).toEqual(['b', 'a', null]);
  });

  it('sorts text with numbers in it by their value, and booleans false first', () => {
    expect(sortValues('string', ['item10', 'item9', 'Item1'], 'ascending')).toEqual(['Item1', 'item9', 'item10']);
    expect(sortValues('boolean', [true, false, true], 'ascending')).toEqual([false, true, true]);
  });

  it('sorts timestamps as ISO text and epoch numbers as numbers', () => {
    expect(sortValues('timestamp', ['2024-02-01 00:00:00', '2023-12-31 23:59:59', '2024-01-15 08:00:00'], 'ascending')).toEqual(['2023-12-31 23:59:59', '2024-01-15 08:00:00', '2024-02-01 00:00:00']);
    expect(sortValues('date', [1700000000000, 1600000000000], 'ascending')).toEqual([1600000000000, 1700000000000]);
  });

  it('keeps equal values in their received order (stable)', () => {
    const rows = [
      ['b', 1],
      ['a', 2],
      ['b', 3],
      ['a', 4]
    ];
    const order = sortedOrder(
      rows,
      [
        { name: 'k', type: 'string' },
        { name: 'n', type: 'integer' }
      ],
      { column: 0, direction: 'ascending' }
    );
    expect(order.map(index => rows[index][1])).toEqual([2, 4, 1, 3]);
  });
});

describe('compareDecimalText', () => {
  it.each([
    ['1', '2', -1],
    ['10', '9', 1],
    ['-10', '-9', -1],
    ['0.5', '.50', 0],
    ['-0', '0', 0],
    ['001.20', '1.2', 0],
    ['1.05', '1.5', -1],
    ['+3', '3', 0]
  ])('compares %s with %s', (a, b, sign) => {
    expect(Math.sign(compareDecimalText(a, b) ?? NaN)).toBe(sign);
  });

  it('declines what is not a decimal', () => {
    expect(compareDecimalText('NaN', '1')).toBeUndefined();
    expect(compareDecimalText('1e5', '1')).toBeUndefined();
  });
});
