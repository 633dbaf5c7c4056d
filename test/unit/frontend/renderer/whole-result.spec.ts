import { IResultView, ITablePayload, ResultViewMethod, ResultViewParams, ResultViewResult, TABLE_MIME_TYPE } from '@jupyterlab-emr/common';

import { matchingRows } from '../../../../src/renderer/local-filter';
import { PAGE_ROWS, RemoteRows } from '../../../../src/renderer/remote-rows';
import { IResultViewChannel, ResultViewError } from '../../../../src/renderer/result-channel';
import { MAX_SCROLL_HEIGHT, rowWindow, scrollTopForRow } from '../../../../src/renderer/row-window';
import { TableView } from '../../../../src/renderer/table-view';
import { RENDERER_DEFAULTS } from '../settings';
import { fakeMimeModel } from './fake-mime-model';

// A partial table over a 5,000,000-row result the kernel keeps: the rows past the received ones
// come page by page over the result-view channel (a fake here, computing rows from their
// position as spark.range would), sorting and filtering ask the kernel, the footer says the view.
const TOTAL = 5_000_000;
const FIELDS = [
  { name: 'id', type: 'bigint' },
  { name: 'status', type: 'int' }
];
const rowAt = (id: number) => [id, 200 + (id % 5) * 100];

function partial(): ITablePayload & { retained: { id: string; cached: boolean } } {
  return { schema: { fields: FIELDS }, rows: Array.from({ length: 1000 }, (_, id) => rowAt(id)), rowCount: TOTAL, truncated: true, retained: { id: 'r1_abc', cached: false } };
}

type Call = { method: ResultViewMethod; params: unknown };

/** Answers like the kernel over a result of TOTAL rows: filters on status (equals) count a fifth; a descending sort on id starts at the end. */
class FakeKernel implements IResultViewChannel {
  readonly calls: Call[] = [];
  held: Array<() => void> = [];
  hold = false;

  async request<M extends ResultViewMethod>(method: M, params: ResultViewParams<M>): Promise<ResultViewResult<M>> {
    this.calls.push({ method, params });
    if (this.hold) {
      await new Promise<void>(resolve => this.held.push(resolve));
    }
    if (method === 'page') {
      const { view, offset, rows } = params as ResultViewParams<'page'>;
      const filtered = view.filters.length > 0;
      const count = filtered ? TOTAL / 5 : TOTAL;
      const ids = Array.from({ length: Math.max(0, Math.min(rows, count - offset)) }, (_, i) => offset + i);
      const idAt = (i: number) => (view.sort?.descending ? TOTAL - 1 - i : filtered ? i * 5 : i);
      return { offset, rowCount: count, rows: ids.map(i => rowAt(idAt(i))) } as ResultViewResult<M>;
    }
    if (method === 'export') {
      const { path, format, view } = params as ResultViewParams<'export'>;
      return { path, format, rows: view.filters.length > 0 ? TOTAL / 5 : TOTAL } as ResultViewResult<M>;
    }
    return { released: true } as ResultViewResult<M>;
  }
}

const settle = () => new Promise(resolve => setTimeout(resolve, 0));

async function renderPartial(kernel: IResultViewChannel | undefined, data: ITablePayload = partial()) {
  const view = new TableView({ settings: RENDERER_DEFAULTS, channelFor: kernel ? () => kernel : undefined });
  await view.renderModel(fakeMimeModel({ [TABLE_MIME_TYPE]: data }));
  document.body.append(view.node);
  const scroller = view.node.querySelector<HTMLDivElement>('.jp-emr-TableView-scroller') as HTMLDivElement;
  // jsdom lays nothing out: the scroller gets a size and a scroll position that holds.
  let top = 0;
  Object.defineProperty(scroller, 'clientHeight', { value: 480 });
  Object.defineProperty(scroller, 'scrollTop', { get: () => top, set: value => (top = value) });
  return { view, scroller };
}

const firstCells = (view: TableView) => [...view.node.querySelectorAll('tbody tr.jp-emr-TableView-row')].map(row => row.querySelector('td')?.textContent);
const footer = (view: TableView) => view.node.querySelector('.jp-emr-TableView-footer')?.textContent;

function addFilter(view: TableView, column: string, op: string, value: string, max = ''): void {
  const select = (name: string, to: string) => {
    const node = view.node.querySelector<HTMLSelectElement>(`.jp-emr-ViewControls-${name}`) as HTMLSelectElement;
    node.value = to;
    node.dispatchEvent(new Event('change'));
  };
  select('column', column);
  select('op', op);
  (view.node.querySelector('.jp-emr-ViewControls-value') as HTMLInputElement).value = value;
  (view.node.querySelector('.jp-emr-ViewControls-max') as HTMLInputElement).value = max;
  (view.node.querySelector('.jp-emr-ViewControls-add') as HTMLButtonElement).click();
}

describe('rowWindow past what a browser lays out', () => {
  const base = { viewportHeight: 480, rowHeight: 24, rowCount: TOTAL, overscan: 10 };

  it('keeps the page at MAX_SCROLL_HEIGHT and draws the rows at the scrolled fraction', () => {
    const top = scrollTopForRow(4_000_000, 480, 24, TOTAL);
    const window = rowWindow({ ...base, scrollTop: top });
    expect(window.first).toBeLessThanOrEqual(4_000_000);
    expect(window.end).toBeGreaterThan(4_000_000 + 10);
    expect(window.before + (window.end - window.first) * 24 + window.after).toBe(MAX_SCROLL_HEIGHT);
    const bottom = rowWindow({ ...base, scrollTop: MAX_SCROLL_HEIGHT });
    expect(bottom.end).toBe(TOTAL);
  });

  it('stays unscaled while the rows fit', () => {
    expect(scrollTopForRow(100, 480, 24, 10_000)).toBe(2400);
  });
});

describe('RemoteRows', () => {
  it('serves the received rows as the first pages and asks for the page of a row past them', async () => {
    const kernel = new FakeKernel();
    const changed = jest.fn();
    const remote = new RemoteRows(kernel, 'r1_abc', partial(), { changed, failed: jest.fn() });
    expect(remote.row(999)).toEqual(rowAt(999));
    remote.want(0, 40);
    expect(kernel.calls).toEqual([]);
    expect(remote.row(4_000_000)).toBeUndefined();
    remote.want(4_000_000, 4_000_030);
    remote.want(4_000_000, 4_000_030);
    await settle();
    expect(kernel.calls).toEqual([{ method: 'page', params: { resultId: 'r1_abc', view: { filters: [] }, offset: Math.floor(4_000_000 / PAGE_ROWS) * PAGE_ROWS, rows: PAGE_ROWS } }]);
    expect(remote.row(4_000_000)).toEqual(rowAt(4_000_000));
    expect(changed).toHaveBeenCalled();
  });

  it('drops a page that comes back for a view no longer shown', async () => {
    const kernel = new FakeKernel();
    kernel.hold = true;
    const remote = new RemoteRows(kernel, 'r1_abc', partial(), { changed: jest.fn(), failed: jest.fn() });
    remote.want(2000, 2010);
    const sorted: IResultView = { sort: { column: 'id', descending: true }, filters: [] };
    remote.setView(sorted);
    kernel.held.forEach(release => release());
    await settle();
    kernel.held.forEach(release => release());
    await settle();
    expect(remote.row(2000)).toBeUndefined();
    expect(remote.row(0)).toEqual(rowAt(TOTAL - 1));
  });

  it('reports a result the kernel let go', async () => {
    const failed = jest.fn();
    const channel: IResultViewChannel = { request: () => Promise.reject(new ResultViewError('The kernel no longer keeps this result', true)) };
    new RemoteRows(channel, 'r1', partial(), { changed: jest.fn(), failed }).want(5000, 5010);
    await settle();
    expect(failed).toHaveBeenCalledWith(expect.objectContaining({ gone: true }));
  });
});

describe('matchingRows (a complete table filters in the browser)', () => {
  const rows = [
    [1, 'GET /a', '2026-01-01'],
    [500, 'POST /b', '2026-02-01'],
    [null, 'GET /c', null]
  ];
  const fields = [
    { name: 'status', type: 'int' },
    { name: 'line', type: 'string' },
    { name: 'day', type: 'date' }
  ];
  it('keeps rows by contains, equals and range, as the kernel does in SQL', () => {
    expect([...matchingRows(rows, fields, [{ column: 'line', op: 'contains', value: 'GET' }])]).toEqual([0, 2]);
    expect([...matchingRows(rows, fields, [{ column: 'status', op: 'equals', value: '500.0' }])]).toEqual([1]);
    expect([...matchingRows(rows, fields, [{ column: 'day', op: 'range', min: '2026-01-15' }])]).toEqual([1]);
    expect([...matchingRows(rows, fields, [{ column: 'status', op: 'range', max: '100' }])]).toEqual([0]);
  });
});

describe('TableView over a whole result in Spark', () => {
  afterEach(() => document.body.replaceChildren());

  it('scrolls to row 4,000,000: a placeholder while in flight, then the rows Spark sent', async () => {
    const kernel = new FakeKernel();
    kernel.hold = true;
    const { view } = await renderPartial(kernel);
    expect(footer(view)).toBe('5,000,000 rows, all in Spark: scrolling, sorting and filtering ask it (the first 1,000 came with the output).');
    const table = (view as unknown as { _parts: { table: { scrollToRow(n: number): void } } })._parts.table;
    table.scrollToRow(4_000_000);
    expect(view.node.querySelectorAll('tr.jp-emr-TableView-pending').length).toBeGreaterThan(0);
    kernel.held.forEach(release => release());
    await settle();
    expect(view.node.querySelectorAll('tr.jp-emr-TableView-pending')).toHaveLength(0);
    expect(firstCells(view)).toContain('4000000');
  });

  it('sorts the whole result in Spark on a header click, from its first page', async () => {
    const kernel = new FakeKernel();
    const { view } = await renderPartial(kernel);
    const header = () => view.node.querySelector<HTMLButtonElement>('th .jp-emr-TableView-sortButton') as HTMLButtonElement;
    header().click();
    header().click();
    await settle();
    expect(kernel.calls.at(-1)).toEqual({ method: 'page', params: { resultId: 'r1_abc', view: { sort: { column: 'id', descending: true }, filters: [] }, offset: 0, rows: PAGE_ROWS } });
    expect(firstCells(view)[0]).toBe(String(TOTAL - 1));
    expect(footer(view)).toBe('sorted by id desc: 5,000,000 of 5,000,000 rows');
  });

  it('filters in Spark and says so in the footer; the values travel as data', async () => {
    const kernel = new FakeKernel();
    const { view } = await renderPartial(kernel);
    addFilter(view, 'status', 'equals', '500');
    await settle();
    expect(kernel.calls.at(-1)?.params).toMatchObject({ view: { filters: [{ column: 'status', op: 'equals', value: '500' }] }, offset: 0 });
    expect(footer(view)).toBe('filtered status = 500: 1,000,000 of 5,000,000 rows');
    (view.node.querySelector('.jp-emr-ViewControls-remove') as HTMLButtonElement).click();
    expect(footer(view)).toContain('5,000,000 rows, all in Spark');
  });

  it('writes the whole (filtered) result with Spark and reports the rows written', async () => {
    const kernel = new FakeKernel();
    const { view } = await renderPartial(kernel);
    addFilter(view, 'status', 'equals', '500');
    (view.node.querySelector('.jp-emr-ViewControls-path') as HTMLInputElement).value = 's3://bucket/out/';
    (view.node.querySelector('.jp-emr-ViewControls-write') as HTMLButtonElement).click();
    await settle();
    expect(kernel.calls.at(-1)).toEqual({
      method: 'export',
      params: { resultId: 'r1_abc', view: { filters: [{ column: 'status', op: 'equals', value: '500' }] }, path: 's3://bucket/out/', format: 'csv' }
    });
    expect(view.node.querySelector('.jp-emr-ViewControls-status')?.textContent).toBe('Spark wrote 1,000,000 rows to s3://bucket/out/ (CSV).');
    expect(view.node.querySelector<HTMLButtonElement>('[data-export="csv"]')?.title).toContain('only the rows received');
  });

  it('leaves room in number columns for the longer numbers of rows not received yet', async () => {
    const { view } = await renderPartial(new FakeKernel());
    const widths = [...view.node.querySelectorAll('col')].map(col => col.style.width);
    expect(widths[0]).toBe('14ch');
  });

  it('releases the result when the output goes', async () => {
    const kernel = new FakeKernel();
    const { view } = await renderPartial(kernel);
    view.dispose();
    expect(kernel.calls).toEqual([{ method: 'release', params: { resultId: 'r1_abc' } }]);
  });

  it('falls back to the received rows, saying why, when the kernel no longer keeps the result', async () => {
    const channel: IResultViewChannel = { request: () => Promise.reject(new ResultViewError('The Spark session this result was computed in has ended.', true)) };
    const { view } = await renderPartial(channel);
    (view as unknown as { _parts: { table: { scrollToRow(n: number): void } } })._parts.table.scrollToRow(2_000_000);
    await settle();
    await settle();
    expect(view.node.querySelectorAll('tr.jp-emr-TableView-pending')).toHaveLength(0);
    expect(footer(view)).toBe("Showing 1,000 of 5,000,000 rows, cut by the kernel's row limit.");
    expect(view.node.querySelector('.jp-emr-TableView-chartMessage')?.textContent).toBe('The Spark session this result was computed in has ended.');
  });

  it('without a kernel to ask (nbconvert, another front end) shows the received rows as before', async () => {
    const { view } = await renderPartial(undefined);
    expect(footer(view)).toBe("Showing 1,000 of 5,000,000 rows, cut by the kernel's row limit.");
    expect(view.node.querySelector('.jp-emr-ViewControls-write')).toBeNull();
  });

  it('sorts and filters a complete result in the browser, asking nothing', async () => {
    const kernel = new FakeKernel();
    const complete: ITablePayload = { schema: { fields: FIELDS }, rows: Array.from({ length: 10 }, (_, id) => rowAt(id)), rowCount: 10, truncated: false };
    const { view } = await renderPartial(kernel, complete);
    addFilter(view, 'status', 'range', '400', '600');
    expect(footer(view)).toBe('filtered 400 ≤ status ≤ 600: 6 of 10 rows');
    expect(firstCells(view)).toEqual(['2', '3', '4', '7', '8', '9']);
    expect(kernel.calls).toEqual([]);
  });
});
