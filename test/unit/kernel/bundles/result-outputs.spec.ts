import { CHART_COPY_MIME_TYPE, ITablePayload, TABLE_MIME_TYPE, VEGA_LITE_MIME_TYPE } from '@jupyterlab-emr/common';
import { IOutputSink, MimeBundle } from '../../../../kernel/src/core/output-sink';
import { resultOutputs, sendResult } from '../../../../kernel/src/bundles/result-outputs';
import { withChart } from '../../../../kernel/src/bundles/vegalite';

const SALES: ITablePayload = {
  schema: {
    fields: [
      { name: 'region', type: 'string' },
      { name: 'total', type: 'bigint' }
    ]
  },
  rows: [
    ['north', 3],
    ['south', 5],
    ['east', 2]
  ],
  rowCount: 3,
  truncated: false
};

type Sent = { kind: 'result' | 'display'; data: MimeBundle; metadata?: Record<string, unknown> };

/** The sink calls sendResult makes, with their metadata. */
function sentTo(): { sink: IOutputSink; sent: Sent[] } {
  const sent: Sent[] = [];
  const unused = () => {
    throw new Error('sendResult writes results and displays only');
  };
  const sink: IOutputSink = {
    result: (data, metadata) => sent.push({ kind: 'result', data, metadata }),
    display: (data, metadata) => sent.push({ kind: 'display', data, metadata }),
    stream: unused,
    updateDisplay: unused,
    clear: unused
  };
  return { sink, sent };
}

describe('resultOutputs', () => {
  it('splits a charted result into the table output and a chart output of its own', async () => {
    const charted = withChart(SALES, {});
    const outputs = await resultOutputs(charted.table, charted.chart);
    expect(Object.keys(outputs?.table ?? {})).toEqual(['text/plain', 'text/html', TABLE_MIME_TYPE]);
    // The table payload still carries the chart's choice: the extension's toolbar starts from it.
    expect((outputs?.table[TABLE_MIME_TYPE] as ITablePayload).chart).toEqual({ mark: 'bar', x: 'region', y: 'total' });
    expect(Object.keys(outputs?.chart ?? {})).toEqual(['text/plain', 'image/svg+xml', VEGA_LITE_MIME_TYPE, CHART_COPY_MIME_TYPE]);
    expect(outputs?.chart?.[VEGA_LITE_MIME_TYPE]).toBe(charted.chart[VEGA_LITE_MIME_TYPE]);
    expect(outputs?.chart?.['image/svg+xml']).toMatch(/^<svg /);
  });

  it('has no chart output for a result without a chart, and nothing for a result without columns', async () => {
    const plain = withChart(SALES, { mark: 'none' });
    expect(await resultOutputs(plain.table, plain.chart)).toEqual({ table: expect.objectContaining({ [TABLE_MIME_TYPE]: SALES }) });
    expect(await resultOutputs({ schema: { fields: [] }, rows: [], rowCount: 0, truncated: false }, {})).toBeUndefined();
  });
});

describe('sendResult', () => {
  it('sends the table as the execute_result, then the chart as a display_data, both with the metadata', async () => {
    const { sink, sent } = sentTo();
    const charted = withChart(SALES, { mark: 'line' });
    const metadata = { engine: 'hiveserver2' };
    expect(await sendResult(sink, charted.table, charted.chart, metadata)).toBe(true);
    expect(sent.map(output => [output.kind, output.metadata])).toEqual([
      ['result', metadata],
      ['display', metadata]
    ]);
    expect(sent[0].data).toEqual((await resultOutputs(charted.table, charted.chart))?.table);
    expect(sent[1].data[VEGA_LITE_MIME_TYPE]).toMatchObject({ mark: { type: 'line' } });
  });

  it('sends the table alone without a chart, and nothing for a result without columns', async () => {
    const { sink, sent } = sentTo();
    expect(await sendResult(sink, SALES, {})).toBe(true);
    expect(await sendResult(sink, { schema: { fields: [] }, rows: [], rowCount: 0, truncated: false }, {})).toBe(false);
    expect(sent.map(output => output.kind)).toEqual(['result']);
  });
});
