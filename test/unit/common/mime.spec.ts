import { IFullResultChart, isTablePayload, ITablePayload } from '@jupyterlab-emr/common';

const TABLE: ITablePayload = { schema: { fields: [{ name: 'day', type: 'date' }] }, rows: [['2026-01-01']], rowCount: 100_000, truncated: true };

const FULL_CHART: IFullResultChart = {
  spec: { mark: 'bar' },
  rowCount: 100_000,
  basis: 'aggregate',
  points: 7,
  capped: false,
  choice: { mark: 'bar', x: 'day', y: 'amount', aggregate: 'sum' },
  note: 'Chart over 100,000 rows; the table shows the first 1.'
};

describe('isTablePayload', () => {
  it('accepts a v1 payload without the full-result chart, as older kernels wrote it', () => {
    expect(isTablePayload(TABLE)).toBe(true);
  });

  it('accepts a payload whose chart was computed over the full result', () => {
    expect(isTablePayload({ ...TABLE, fullChart: FULL_CHART })).toBe(true);
  });

  it("accepts a payload carrying its chart's choice, and refuses one without a mark or x", () => {
    expect(isTablePayload({ ...TABLE, chart: { mark: 'bar', x: 'day', aggregate: 'count' } })).toBe(true);
    expect(isTablePayload({ ...TABLE, chart: { mark: 'bar' } })).toBe(false);
    expect(isTablePayload({ ...TABLE, chart: 'bar' })).toBe(false);
  });

  it.each([
    ['a spec that is not an object', { ...FULL_CHART, spec: 'bar' }],
    ['an unknown basis', { ...FULL_CHART, basis: 'guess' }],
    ['a choice without x', { ...FULL_CHART, choice: { mark: 'bar' } }],
    ['no note', { ...FULL_CHART, note: undefined }]
  ])('refuses a full-result chart with %s', (_, fullChart) => {
    expect(isTablePayload({ ...TABLE, fullChart })).toBe(false);
  });
});
