import { resolveChart, stateForMark, stateForPick } from '../../../../src/renderer/chart-state';
import { IResultViewState } from '../../../../src/renderer/view-state';
import { SALES } from './sales-fixture';

const TABLE: IResultViewState = { view: 'table', mark: 'bar' };

describe('stateForMark', () => {
  it('fills a first chart with the automatic columns and writes them into the state', () => {
    expect(stateForMark(SALES, TABLE, 'bar')).toEqual({ view: 'chart', mark: 'bar', x: 'day', y: 'year' });
    expect(stateForMark(SALES, TABLE, 'pie')).toEqual({ view: 'chart', mark: 'pie', x: 'region', y: 'year' });
    expect(stateForMark(SALES, TABLE, 'point')).toEqual({ view: 'chart', mark: 'point', x: 'year', y: 'amount' });
  });

  it('keeps the picked columns when the new type can use them', () => {
    const bar: IResultViewState = { view: 'chart', mark: 'bar', x: 'region', y: 'amount', color: 'year', aggregate: 'avg' };
    expect(stateForMark(SALES, bar, 'line')).toEqual({ ...bar, mark: 'line' });
  });

  it('drops what the new type refuses: a pie takes no colour column', () => {
    const bar: IResultViewState = { view: 'chart', mark: 'bar', x: 'region', y: 'amount', color: 'year' };
    expect(stateForMark(SALES, bar, 'pie')).toEqual({ view: 'chart', mark: 'pie', x: 'region', y: 'year' });
  });

  it('leaves the columns open when nothing fits, for resolveChart to explain', () => {
    const empty = { ...SALES, rows: [], rowCount: 0 };
    expect(stateForMark(empty, TABLE, 'bar')).toEqual({ view: 'chart', mark: 'bar' });
  });
});

describe('stateForPick', () => {
  const bar: IResultViewState = { view: 'chart', mark: 'bar', x: 'region', y: 'amount' };

  it('applies a pick and keeps the rest', () => {
    expect(stateForPick(SALES, bar, { aggregate: 'sum' })).toEqual({ ...bar, aggregate: 'sum' });
    expect(stateForPick(SALES, { ...bar, color: 'year' }, { color: undefined })).toEqual(bar);
  });

  it('counts rows without a y column when the aggregate is count and y is cleared', () => {
    expect(stateForPick(SALES, { ...bar, aggregate: 'count' }, { y: undefined })).toEqual({ view: 'chart', mark: 'bar', x: 'region', aggregate: 'count' });
  });

  it('keeps a pick that does not fit as made, so the chart area can say why', () => {
    const picked = stateForPick(SALES, bar, { y: 'region' });
    expect(picked).toEqual({ ...bar, y: 'region' });
    const outcome = resolveChart(SALES, picked);
    expect(outcome.kind).toBe('message');
    expect(outcome.kind === 'message' && outcome.text).toMatch(/region is a category column, but a bar chart needs numbers \(the number columns are year, amount\)/);
  });
});

describe('resolveChart', () => {
  it('builds the shared Vega-Lite spec over the table rows', () => {
    const outcome = resolveChart(SALES, { view: 'chart', mark: 'bar', x: 'region', y: 'amount', aggregate: 'sum' });
    expect(outcome.kind).toBe('chart');
    if (outcome.kind === 'chart') {
      expect(outcome.spec.mark).toEqual({ type: 'bar', tooltip: true });
      expect(outcome.spec.encoding).toEqual({
        x: { field: 'c0', type: 'nominal', title: 'region' },
        y: { field: 'c2', type: 'quantitative', title: 'sum(amount)', aggregate: 'sum' }
      });
      expect((outcome.spec.data as { values: unknown[] }).values).toEqual([
        { c0: 'north', c2: 10.5 },
        { c0: 'south', c2: 4 },
        { c0: 'north', c2: 7 }
      ]);
    }
  });

  it('says so when there are no rows', () => {
    expect(resolveChart({ ...SALES, rows: [], rowCount: 0 }, { view: 'chart', mark: 'bar' })).toEqual({ kind: 'message', text: 'This result has no rows to chart.' });
  });
});
