import { ITablePayload, TABLE_MIME_TYPE, VEGA_LITE_MIME_TYPE } from '@jupyterlab-emr/common';
import { ICellExecutor } from '../../../../kernel/src/core/cell-layer';
import { expectOk, runCell } from '../../../helpers/cell-runner';
import { stackExecutor } from '../../../helpers/livy-stack';

// The automatic chart of a real Spark result: what it plots must be what the table shows.
describe('%%sql charts on Livy', () => {
  let executor: ICellExecutor;

  beforeAll(() => {
    executor = stackExecutor('chart');
  });

  afterAll(async () => {
    await executor.shutdown(false);
  });

  it('charts a GROUP BY as bars whose values are the table values', async () => {
    const sink = expectOk(await runCell(executor, '%%sql\nSELECT CAST(id % 3 AS STRING) AS bucket, SUM(id) AS total FROM range(10) GROUP BY id % 3 ORDER BY bucket'));
    const [result] = sink.results();
    const table = result[TABLE_MIME_TYPE] as ITablePayload;
    // The chart is an output of its own after the table, with an SVG image of it for static viewers.
    const [chart] = sink.displays().filter(display => display[VEGA_LITE_MIME_TYPE] !== undefined);
    expect(chart['image/svg+xml']).toMatch(/^<svg /);
    const spec = chart[VEGA_LITE_MIME_TYPE] as { mark: { type: string }; data: { values: { c0: string; c1: number }[] } };
    expect(spec.mark.type).toBe('bar');
    expect(spec.data.values.map(value => [value.c0, value.c1])).toEqual(table.rows.map(([bucket, total]) => [bucket, Number(total)]));
    expect(spec.data.values).toEqual([
      { c0: '0', c1: 18 },
      { c0: '1', c1: 12 },
      { c0: '2', c1: 15 }
    ]);
  });
});
