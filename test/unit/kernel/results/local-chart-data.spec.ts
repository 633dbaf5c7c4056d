import { ITablePayload } from '@jupyterlab-emr/common';
import { LosslessNumber } from '../../../../kernel/src/json/lossless-json';
import { localChartData } from '../../../../kernel/src/results/local-chart-data';

const TABLE: ITablePayload = {
  schema: {
    fields: [
      { name: 'Region', type: 'string' },
      { name: 'day', type: 'date' },
      { name: 'amount', type: 'decimal(38,0)' }
    ]
  },
  rows: [
    ['b', '2026-01-02', 5],
    ['a', '2026-01-01', 1],
    [null, '2026-01-01', 7],
    ['a', '2026-01-02', null],
    ['b', '2026-01-02', new LosslessNumber('12345678901234567890')],
    ['a', '2026-01-01', 3]
  ],
  rowCount: 6,
  truncated: false
};

describe('localChartData', () => {
  const data = localChartData(TABLE);

  it('groups as GROUP BY does: nulls are a group, ordered first; names resolve case-insensitively', async () => {
    const answer = await data.aggregate({ dimensions: ['region'], measure: 'amount', aggregate: 'sum', groupLimit: 10 });
    expect(answer.schema.fields).toEqual([
      { name: 'd0', type: 'string' },
      { name: 'm', type: 'double' }
    ]);
    // A sum is a double, as Spark's is: the expected value is rounded the same way the sum was.
    expect(answer.rows).toEqual([
      [null, 7],
      ['a', 4],
      ['b', 5 + Number('12345678901234567890')]
    ]);
  });

  it('skips nulls in avg, min, max and count(col), and counts rows without a measure', async () => {
    const by = (aggregate: 'avg' | 'min' | 'max' | 'count', measure?: string) => data.aggregate({ dimensions: ['Region'], measure, aggregate, groupLimit: 10 });
    expect((await by('avg', 'amount')).rows[1]).toEqual(['a', 2]);
    expect((await by('min', 'amount')).rows[1]).toEqual(['a', 1]);
    expect((await by('max', 'amount')).rows[1]).toEqual(['a', 3]);
    expect((await by('count', 'amount')).rows[1]).toEqual(['a', 2]);
    expect((await by('count')).rows[1]).toEqual(['a', 3]);
  });

  it('orders by every axis and keeps one group more than the limit, so the cap is known', async () => {
    const answer = await data.aggregate({ dimensions: ['day', 'Region'], measure: 'amount', aggregate: 'max', groupLimit: 2 });
    expect(answer.rows).toEqual([
      ['2026-01-01', null, 7],
      ['2026-01-01', 'a', 3],
      ['2026-01-02', 'a', null]
    ]);
  });

  it('samples distinct rows, the same ones each time, and all of them when there are fewer', async () => {
    const many: ITablePayload = {
      schema: {
        fields: [
          { name: 'x', type: 'long' },
          { name: 'y', type: 'long' }
        ]
      },
      rows: Array.from({ length: 1000 }, (_, i) => [i, 2 * i]),
      rowCount: 1000,
      truncated: false
    };
    const first = await localChartData(many).sample(['y', 'x'], 100);
    expect(first.rows).toHaveLength(100);
    expect(new Set(first.rows.map(([, x]) => x)).size).toBe(100);
    expect(first.rows.every(([y, x]) => y === 2 * (x as number))).toBe(true);
    expect((await localChartData(many).sample(['y', 'x'], 100)).rows).toEqual(first.rows);
    expect((await localChartData(many).sample(['x'], 5000)).rows).toHaveLength(1000);
  });
});
