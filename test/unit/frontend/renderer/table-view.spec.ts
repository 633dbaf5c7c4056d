import { chartSpec, chooseChart, ITablePayload, TABLE_MIME_TYPE, VEGA_LITE_MIME_TYPE } from '@jupyterlab-emr/common';
import { Signal } from '@lumino/signaling';

import { TableView } from '../../../../src/renderer/table-view';
import { RENDERER_DEFAULTS } from '../settings';
import { fakeMimeModel, IFakeMimeModel } from './fake-mime-model';

const HOSTILE = '<img src=x onerror=alert(1)>';

function payload(overrides: Partial<ITablePayload> = {}): ITablePayload {
  return {
    schema: {
      fields: [
        { name: 'id', type: 'integer' },
        { name: 'name', type: 'string' }
      ]
    },
    rows: [
      [1, 'alpha'],
      [2, 'beta']
    ],
    rowCount: 2,
    truncated: false,
    ...overrides
  };
}

const SALES = payload({
  schema: {
    fields: [
      { name: 'region', type: 'string' },
      { name: 'amount', type: 'double' }
    ]
  },
  rows: [
    ['north', 10],
    ['south', 4],
    [HOSTILE, 7]
  ],
  rowCount: 3
});

async function renderView(data: unknown, settings = RENDERER_DEFAULTS, metadata = {}): Promise<{ view: TableView; model: IFakeMimeModel }> {
  const view = new TableView({ settings });
  const model = fakeMimeModel({ [TABLE_MIME_TYPE]: data }, metadata);
  await view.renderModel(model);
  return { view, model };
}

async function render(data: unknown, settings = RENDERER_DEFAULTS): Promise<HTMLElement> {
  return (await renderView(data, settings)).view.node;
}

function bodyTexts(node: HTMLElement): string[][] {
  return [...node.querySelectorAll('tbody tr.jp-emr-TableView-row')].map(row => [...row.querySelectorAll('td')].map(cell => cell.textContent ?? ''));
}

function button(node: HTMLElement, selector: string): HTMLButtonElement {
  const found = node.querySelector<HTMLButtonElement>(selector);
  if (!found) {
    throw new Error(`no ${selector}`);
  }
  return found;
}

function chartTexts(view: TableView): string[] {
  return [...view.node.querySelectorAll('.jp-emr-TableView-chart text')].map(text => text.textContent ?? '');
}

/** Waits (a bounded number of turns) until the view shows what `done` looks for: charts load and draw asynchronously. */
async function waitFor(done: () => boolean): Promise<void> {
  for (let turn = 0; turn < 100 && !done(); turn++) {
    await new Promise(resolve => setTimeout(resolve, 20));
  }
}

const chartDrawn = (view: TableView) => () => view.node.querySelector('.jp-emr-TableView-chart svg') !== null;

async function click(view: TableView, selector: string): Promise<void> {
  button(view.node, selector).click();
  if (selector !== '[data-view="table"]') {
    await waitFor(chartDrawn(view));
  }
}

describe('TableView table', () => {
  it('shows markup in values, column names and types as text, never as elements', async () => {
    const node = await render(
      payload({
        schema: { fields: [{ name: HOSTILE, type: HOSTILE }] },
        rows: [[HOSTILE], [`<script>window.pwned = true</script>`]],
        rowCount: 2
      })
    );
    expect(node.querySelector('img')).toBeNull();
    expect(node.querySelector('script')).toBeNull();
    expect(bodyTexts(node)[0]).toEqual([HOSTILE]);
    expect(node.querySelector<HTMLElement>('tr.jp-emr-TableView-row td')?.title).toBe(HOSTILE);
    expect(node.querySelector('th')?.textContent).toBe(HOSTILE + HOSTILE);
    expect(node.innerHTML).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('draws one header cell per field, with its type, and one row per row', async () => {
    const node = await render(payload());
    expect([...node.querySelectorAll('th')].map(cell => cell.textContent)).toEqual(['idinteger', 'namestring']);
    expect(bodyTexts(node)).toEqual([
      ['1', 'alpha'],
      ['2', 'beta']
    ]);
    expect(node.querySelector('.jp-emr-TableView-footer')?.textContent).toBe('2 rows');
  });

  it('leaves the types out when showColumnTypes is off', async () => {
    const node = await render(payload(), { ...RENDERER_DEFAULTS, showColumnTypes: false });
    expect([...node.querySelectorAll('th')].map(cell => cell.textContent)).toEqual(['id', 'name']);
  });

  it('spells out null and shows structured values as JSON', async () => {
    const node = await render(payload({ rows: [[null, { city: 'Oslo', tags: ['a'] }]], rowCount: 1 }));
    expect(bodyTexts(node)).toEqual([['null', '{"city":"Oslo","tags":["a"]}']]);
    expect(node.querySelector('tr.jp-emr-TableView-row td')?.classList).toContain('jp-emr-TableView-null');
  });

  it('keeps every row one cell per column when a row is short or long', async () => {
    const node = await render(payload({ rows: [[1], [2, 'b', 'extra']] }));
    expect(bodyTexts(node)).toEqual([
      ['1', 'null'],
      ['2', 'b']
    ]);
  });

  it('says the table is partial when the kernel cut the result', async () => {
    const node = await render(payload({ rowCount: 500, truncated: true }));
    const footer = node.querySelector('.jp-emr-TableView-footer');
    expect(footer?.classList).toContain('jp-mod-partial');
    expect(footer?.textContent).toBe("Showing 2 of 500 rows, cut by the kernel's row limit.");
  });

  it('shows an explanation instead of throwing when the payload has the wrong shape', async () => {
    for (const data of [undefined, 'rows', { rows: [[1]] }, payload({ rows: 'x' as unknown as unknown[][] })]) {
      const node = await render(data);
      expect(node.querySelector('table')).toBeNull();
      expect(node.querySelector('.jp-emr-TableView-error')?.textContent).toMatch(/cannot be shown/);
    }
  });

  it('replaces the previous table when the output is rendered again with new data', async () => {
    const view = new TableView({ settings: RENDERER_DEFAULTS });
    await view.renderModel(fakeMimeModel({ [TABLE_MIME_TYPE]: payload() }));
    await view.renderModel(fakeMimeModel({ [TABLE_MIME_TYPE]: payload({ rows: [[9, 'z']], rowCount: 1 }) }));
    expect(view.node.querySelectorAll('table')).toHaveLength(1);
    expect(bodyTexts(view.node)).toEqual([['9', 'z']]);
  });
});

describe('TableView virtualization', () => {
  const BIG = payload({ rows: Array.from({ length: 10_000 }, (_, i) => [i, `name ${i}`]), rowCount: 10_000 });

  function scrollTo(node: HTMLElement, top: number): void {
    const scroller = node.querySelector<HTMLElement>('.jp-emr-TableView-scroller')!;
    // jsdom does no layout: give the scroller the position and size a browser would.
    Object.defineProperty(scroller, 'scrollTop', { configurable: true, value: top });
    Object.defineProperty(scroller, 'clientHeight', { configurable: true, value: 480 });
    scroller.dispatchEvent(new Event('scroll'));
  }

  it('puts only the rows in view (and a margin) into the page, with spacers for the rest', async () => {
    const node = await render(BIG);
    const drawn = bodyTexts(node);
    expect(drawn.length).toBeGreaterThanOrEqual(RENDERER_DEFAULTS.visibleRows);
    expect(drawn.length).toBeLessThan(60);
    expect(drawn[0]).toEqual(['0', 'name 0']);
    const spacers = [...node.querySelectorAll<HTMLElement>('tr.jp-emr-TableView-spacer')];
    expect(spacers).toHaveLength(2);
    expect(spacers[0].style.height).toBe('0px');
    expect(parseInt(spacers[1].style.height, 10)).toBe((10_000 - drawn.length) * 24);
    expect(node.querySelector('.jp-emr-TableView-footer')?.textContent).toBe(`${(10_000).toLocaleString()} rows`);
  });

  it('draws the rows at the scroll position', async () => {
    const node = await render(BIG);
    scrollTo(node, 24 * 5000);
    const drawn = bodyTexts(node);
    expect(drawn.length).toBeLessThan(60);
    expect(drawn.map(row => row[0])).toContain('5000');
    expect(drawn.map(row => row[0])).toContain('5019');
    expect(drawn.map(row => row[0])).not.toContain('0');
    const before = node.querySelector<HTMLElement>('tr.jp-emr-TableView-spacer')!;
    expect(parseInt(before.style.height, 10)).toBe(Number(drawn[0][0]) * 24);
  });

  it('sorts on header clicks: ascending, descending, then the received order, nulls last', async () => {
    const rows = [
      [3, 'c'],
      [null, 'n'],
      [1, 'a'],
      [2, 'b']
    ];
    const node = await render(payload({ rows, rowCount: 4 }));
    const header = node.querySelectorAll('th')[0];
    const sort = header.querySelector('button')!;
    sort.click();
    expect(bodyTexts(node).map(row => row[0])).toEqual(['1', '2', '3', 'null']);
    expect(header.getAttribute('aria-sort')).toBe('ascending');
    sort.click();
    expect(bodyTexts(node).map(row => row[0])).toEqual(['3', '2', '1', 'null']);
    expect(header.getAttribute('aria-sort')).toBe('descending');
    sort.click();
    expect(bodyTexts(node).map(row => row[0])).toEqual(['3', 'null', '1', '2']);
    expect(header.getAttribute('aria-sort')).toBe('none');
  });

  it('sorts all 10,000 rows, not only those drawn', async () => {
    const node = await render(BIG);
    node.querySelectorAll('th')[0].querySelector('button')!.click();
    node.querySelectorAll('th')[0].querySelector('button')!.click();
    expect(bodyTexts(node)[0]).toEqual(['9999', 'name 9999']);
  });
});

describe('TableView toolbar and charts', () => {
  it('starts on the table with the chart pickers hidden and image exports off', async () => {
    const { view } = await renderView(SALES);
    expect(button(view.node, '[data-view="table"]').getAttribute('aria-pressed')).toBe('true');
    expect(view.node.querySelector<HTMLElement>('.jp-emr-ResultToolbar-pickers')?.hidden).toBe(true);
    expect(button(view.node, '[data-export="png"]').disabled).toBe(true);
    expect(button(view.node, '[data-export="csv"]').disabled).toBe(false);
  });

  it('draws a chart on a chart button and keeps the choice in the output metadata', async () => {
    const { view, model } = await renderView(SALES);
    await click(view, '[data-view="bar"]');
    expect(model.metadata[TABLE_MIME_TYPE]).toEqual({ view: 'chart', mark: 'bar', x: 'region', y: 'amount' });
    expect(view.node.querySelector('.jp-emr-TableView-scroller')?.hasAttribute('hidden')).toBe(true);
    const chart = view.node.querySelector('.jp-emr-TableView-chart')!;
    expect(chart.querySelector('svg')).not.toBeNull();
    // Three bars; the hostile category is an axis label (SVG text), never an element.
    expect(chart.querySelectorAll('.mark-rect path')).toHaveLength(3);
    expect(chart.querySelector('img')).toBeNull();
    // Vega cuts long labels with an ellipsis.
    expect(chartTexts(view).some(text => text.startsWith('<img src=x'))).toBe(true);
    expect(button(view.node, '[data-export="svg"]').disabled).toBe(false);
    const x = view.node.querySelector<HTMLSelectElement>('[data-picker="x"]')!;
    expect(x.value).toBe('region');
  });

  it('applies a picker change to the chart and the metadata', async () => {
    const { view, model } = await renderView(SALES);
    await click(view, '[data-view="bar"]');
    const aggregate = view.node.querySelector<HTMLSelectElement>('[data-picker="aggregate"]')!;
    aggregate.value = 'count';
    aggregate.dispatchEvent(new Event('change'));
    await waitFor(() => chartTexts(view).includes('count(amount)'));
    expect(model.metadata[TABLE_MIME_TYPE]).toEqual({ view: 'chart', mark: 'bar', x: 'region', y: 'amount', aggregate: 'count' });
    expect(chartTexts(view)).toContain('count(amount)');
  });

  it('shows why when a pick cannot be charted, and keeps the pick', async () => {
    const { view, model } = await renderView(SALES);
    await click(view, '[data-view="bar"]');
    const y = view.node.querySelector<HTMLSelectElement>('[data-picker="y"]')!;
    y.value = 'region';
    y.dispatchEvent(new Event('change'));
    await waitFor(() => !view.node.querySelector<HTMLElement>('.jp-emr-TableView-chartMessage')!.hidden);
    const message = view.node.querySelector<HTMLElement>('.jp-emr-TableView-chartMessage')!;
    expect(message.hidden).toBe(false);
    expect(message.textContent).toMatch(/region is a category column/);
    expect(view.node.querySelector('.jp-emr-TableView-chart svg')).toBeNull();
    expect((model.metadata[TABLE_MIME_TYPE] as Record<string, string>).y).toBe('region');
  });

  it('reads the stored choice back when a saved output is rendered', async () => {
    const stored = { [TABLE_MIME_TYPE]: { view: 'chart', mark: 'pie', x: 'region', y: 'amount', aggregate: 'sum' } };
    const { view, model } = await renderView(SALES, RENDERER_DEFAULTS, stored);
    expect(button(view.node, '[data-view="pie"]').getAttribute('aria-pressed')).toBe('true');
    expect(view.node.querySelectorAll('.jp-emr-TableView-chart .mark-arc path')).toHaveLength(3);
    expect(view.node.querySelector<HTMLSelectElement>('[data-picker="aggregate"]')!.value).toBe('sum');
    expect(view.node.querySelector<HTMLSelectElement>('[data-picker="color"]')!.disabled).toBe(true);
    // Reading is not a change: nothing is written back.
    expect(model.writtenMetadata).toEqual([]);
  });

  it('does not redraw when the output area renders the same output again after the metadata write', async () => {
    const { view, model } = await renderView(SALES);
    await click(view, '[data-view="line"]');
    const svg = view.node.querySelector('.jp-emr-TableView-chart svg');
    await view.renderModel(model);
    expect(view.node.querySelector('.jp-emr-TableView-chart svg')).toBe(svg);
  });

  it('goes back to the same table, sort kept, on the table button', async () => {
    const { view, model } = await renderView(SALES);
    view.node.querySelectorAll('th')[1].querySelector('button')!.click();
    await click(view, '[data-view="bar"]');
    await click(view, '[data-view="table"]');
    expect(model.metadata[TABLE_MIME_TYPE]).toEqual({ view: 'table', mark: 'bar', x: 'region', y: 'amount' });
    expect(view.node.querySelector('.jp-emr-TableView-chart svg')).toBeNull();
    expect(bodyTexts(view.node).map(row => row[1])).toEqual(['4', '7', '10']);
  });

  it('redraws a drawn chart when the theme changes', async () => {
    const themeChanged = new Signal<object, void>({});
    const view = new TableView({ settings: RENDERER_DEFAULTS, themeChanged });
    const model = fakeMimeModel({ [TABLE_MIME_TYPE]: SALES }, { [TABLE_MIME_TYPE]: { view: 'chart', mark: 'bar' } });
    await view.renderModel(model);
    const first = view.node.querySelector('.jp-emr-TableView-chart svg');
    expect(first).not.toBeNull();
    themeChanged.emit();
    await waitFor(() => view.node.querySelector('.jp-emr-TableView-chart svg') !== first);
    const second = view.node.querySelector('.jp-emr-TableView-chart svg');
    expect(second).not.toBeNull();
    expect(second).not.toBe(first);
    view.dispose();
    themeChanged.emit();
    expect(view.node.querySelector('.jp-emr-TableView-chart svg')).toBeNull();
  });
});

describe('TableView and the kernel chart', () => {
  const request = { mark: 'bar' as const, x: 'region', y: 'amount', aggregate: 'sum' as const };
  const kernelSpec = () => chartSpec(chooseChart(SALES.schema, SALES.rows.length, request)!, SALES);

  it('opens on the chart the kernel sent, with its options in the toolbar', async () => {
    const view = new TableView({ settings: RENDERER_DEFAULTS });
    const model = fakeMimeModel({ [TABLE_MIME_TYPE]: SALES, [VEGA_LITE_MIME_TYPE]: kernelSpec() });
    await view.renderModel(model);
    expect(button(view.node, '[data-view="bar"]').getAttribute('aria-pressed')).toBe('true');
    expect(view.node.querySelector<HTMLSelectElement>('[data-picker="aggregate"]')!.value).toBe('sum');
    expect(view.node.querySelectorAll('.jp-emr-TableView-chart .mark-rect path')).toHaveLength(3);
    expect(model.writtenMetadata).toEqual([]);
  });

  it('opens on the chart of the choice in the payload when the kernel sent the chart as an output of its own', async () => {
    const view = new TableView({ settings: RENDERER_DEFAULTS });
    // What kernels send since the chart output stands alone: the choice in the payload, no Vega-Lite beside it.
    await view.renderModel(fakeMimeModel({ [TABLE_MIME_TYPE]: { ...SALES, chart: request } }));
    expect(button(view.node, '[data-view="bar"]').getAttribute('aria-pressed')).toBe('true');
    expect(view.node.querySelector<HTMLSelectElement>('[data-picker="aggregate"]')!.value).toBe('sum');
    expect(view.node.querySelectorAll('.jp-emr-TableView-chart .mark-rect path')).toHaveLength(3);
  });

  it('draws the chart the kernel computed over the whole result, with its note, until the user picks another', async () => {
    // The engine's aggregate over 100,000 rows: numbers the table's three rows could never give.
    const fullChart = {
      spec: {
        data: {
          values: [
            { c0: 'north', c1: 51234 },
            { c0: 'south', c1: 40000 }
          ]
        },
        mark: { type: 'bar', tooltip: true },
        encoding: { x: { field: 'c0', type: 'nominal', title: 'region' }, y: { field: 'c1', type: 'quantitative', title: 'sum(amount)', aggregate: 'sum' } }
      },
      rowCount: 100_000,
      basis: 'aggregate' as const,
      points: 2,
      capped: false,
      choice: request,
      note: 'Chart over 100,000 rows, table shows the first 3.'
    };
    const partial = { ...SALES, rowCount: 100_000, truncated: true, fullChart };
    const view = new TableView({ settings: RENDERER_DEFAULTS });
    await view.renderModel(fakeMimeModel({ [TABLE_MIME_TYPE]: partial, [VEGA_LITE_MIME_TYPE]: fullChart.spec }));
    const note = () => view.node.querySelector('.jp-emr-TableView-chartNote')?.textContent;
    expect(note()).toBe('Chart over 100,000 rows, table shows the first 3.');
    expect(chartTexts(view)).toContain('50,000');
    expect(view.node.querySelector('.jp-emr-TableView-footer')?.textContent).toBe("Showing 3 of 100,000 rows, cut by the kernel's row limit.");

    const aggregate = view.node.querySelector<HTMLSelectElement>('[data-picker="aggregate"]')!;
    aggregate.value = 'max';
    aggregate.dispatchEvent(new Event('change'));
    await waitFor(() => chartTexts(view).includes('max(amount)'));
    expect(chartTexts(view)).not.toContain('50,000');
    expect(note()).toBe("Chart over the table's 3 rows only; the result has 100,000 rows. To chart every row, re-run the cell with --chart bar --x region --y amount --agg max.");

    aggregate.value = 'sum';
    aggregate.dispatchEvent(new Event('change'));
    await waitFor(() => chartTexts(view).includes('50,000'));
    expect(note()).toBe('Chart over 100,000 rows, table shows the first 3.');
  });
});
