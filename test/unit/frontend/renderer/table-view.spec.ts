import { ITablePayload, TABLE_MIME_TYPE } from '@jupyterlab-emr/common';

import { TableView } from '../../../../src/renderer/table-view';
import { RENDERER_DEFAULTS } from '../settings';
import { fakeMimeModel } from './fake-mime-model';

const HOSTILE = '<img src=x onerror=alert(1)>';

function payload(overrides: Partial<ITablePayload> = {}): ITablePayload {
  return {
    schema: { fields: [{ name: 'id', type: 'integer' }, { name: 'name', type: 'string' }] },
    rows: [
      [1, 'alpha'],
      [2, 'beta']
    ],
    rowCount: 2,
    truncated: false,
    ...overrides
  };
}

async function render(data: unknown, settings = RENDERER_DEFAULTS): Promise<HTMLElement> {
  const view = new TableView(settings);
  await view.renderModel(fakeMimeModel({ [TABLE_MIME_TYPE]: data }));
  return view.node;
}

function bodyTexts(node: HTMLElement): string[][] {
  return [...node.querySelectorAll('tbody tr')].map(row => [...row.querySelectorAll('td')].map(cell => cell.textContent ?? ''));
}

describe('TableView', () => {
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
    const node = await render(
      payload({ rows: [[null, { city: 'Oslo', tags: ['a'] }]], rowCount: 1 })
    );
    expect(bodyTexts(node)).toEqual([['null', '{"city":"Oslo","tags":["a"]}']]);
    expect(node.querySelector('td')?.classList).toContain('jp-emr-TableView-null');
  });

  it('keeps every row one cell per column when a row is short or long', async () => {
    const node = await render(payload({ rows: [[1], [2, 'b', 'extra']] }));
    expect(bodyTexts(node)).toEqual([
      ['1', 'null'],
      ['2', 'b']
    ]);
  });

  it('draws at most maxRenderedRows rows and says the table is partial', async () => {
    const rows = [[1, 'a'], [2, 'b'], [3, 'c'], [4, 'd'], [5, 'e']];
    const node = await render(payload({ rows, rowCount: 5 }), { ...RENDERER_DEFAULTS, maxRenderedRows: 2 });
    expect(bodyTexts(node)).toHaveLength(2);
    const footer = node.querySelector('.jp-emr-TableView-footer');
    expect(footer?.classList).toContain('jp-mod-partial');
    expect(footer?.textContent).toMatch(/^Showing 2 of 5 rows/);
  });

  it('shows an explanation instead of throwing when the payload has the wrong shape', async () => {
    for (const data of [undefined, 'rows', { rows: [[1]] }, payload({ rows: 'x' as unknown as unknown[][] })]) {
      const node = await render(data);
      expect(node.querySelector('table')).toBeNull();
      expect(node.querySelector('.jp-emr-TableView-error')?.textContent).toMatch(/cannot be shown/);
    }
  });

  it('replaces the previous table when the output is rendered again', async () => {
    const view = new TableView(RENDERER_DEFAULTS);
    await view.renderModel(fakeMimeModel({ [TABLE_MIME_TYPE]: payload() }));
    await view.renderModel(fakeMimeModel({ [TABLE_MIME_TYPE]: payload({ rows: [[9, 'z']], rowCount: 1 }) }));
    expect(view.node.querySelectorAll('table')).toHaveLength(1);
    expect(bodyTexts(view.node)).toEqual([['9', 'z']]);
  });
});
