import { CatalogMethod, CatalogParams, CatalogResult, ICatalogSourceInfo, selectCell } from '@jupyterlab-emr/common';
import { MessageLoop } from '@lumino/messaging';
import { Widget } from '@lumino/widgets';
import { CatalogChannel, ICatalogChannel } from '../../../../src/panel/catalog-channel';
import { CatalogModel, CatalogRow, TABLE_PAGE_SIZE } from '../../../../src/panel/catalog-model';
import { CATALOG_ROW_HEIGHT, CatalogView } from '../../../../src/panel/catalog-view';

const SPARK: ICatalogSourceInfo = { id: 'spark', kind: 'spark', label: 'Spark session', magic: '%%sql' };
const AURORA: ICatalogSourceInfo = { id: 'aurora:silver-pg', kind: 'aurora', label: 'Aurora silver-pg (postgres)', magic: '%%aurora --target silver-pg' };

/** A kernel's catalog in memory: `big` has `bigCount` tables, answered a page at a time as the comm does. */
class FakeCatalog implements ICatalogChannel {
  readonly asked: string[] = [];

  constructor(private readonly bigCount = 10_000) {}

  async request<M extends CatalogMethod>(method: M, params: CatalogParams<M>): Promise<CatalogResult<M>> {
    const p = params as Record<string, unknown>;
    this.asked.push(`${method} ${JSON.stringify(p)}`);
    const tables = (database: string) =>
      database === 'big' ? Array.from({ length: this.bigCount }, (_, i) => ({ database, name: `t${String(i).padStart(5, '0')}` })) : [{ database, name: 'events', type: 'managed' as const }];
    const answers: { [K in CatalogMethod]: () => CatalogResult<K> } = {
      listSources: () => ({ sources: [SPARK, AURORA] }),
      refresh: () => ({ sources: [SPARK, AURORA] }),
      listDatabases: () => ({ databases: p.source === 'spark' ? ['big', 'silver'] : ['public'] }),
      listTables: () => {
        const all = tables(String(p.database));
        const offset = Number(p.offset);
        return { tables: all.slice(offset, offset + Number(p.limit)), offset, total: all.length };
      },
      describeTable: () => ({
        database: String(p.database),
        name: String(p.table),
        columns: [
          { name: 'event_id', type: 'bigint' },
          { name: 'status', type: 'string' }
        ]
      }),
      previewTable: () => ({
        columns: ['event_id', 'status'],
        rows: [
          [1, 'ok'],
          [2, null]
        ]
      })
    };
    return answers[method]() as CatalogResult<M>;
  }
}

const settle = () => new Promise(resolve => setTimeout(resolve, 0));
const labels = (rows: CatalogRow[]) =>
  rows.map(row => {
    switch (row.kind) {
      case 'source':
        return row.source.label;
      case 'database':
        return `  ${row.database}`;
      case 'table':
        return `    ${row.table.name}`;
      case 'column':
        return `      ${row.column.name}`;
      case 'more':
        return `    (more ${row.loaded}/${row.total})`;
      case 'message':
        return `  ! ${row.text}`;
    }
  });

async function openPath(model: CatalogModel, ...names: string[]): Promise<void> {
  for (const name of names) {
    const row = model.rows().find(candidate => labels([candidate])[0].trim() === name);
    if (!row) {
      throw new Error(`no row ${name} in ${labels(model.rows()).join('\n')}`);
    }
    model.toggle(row);
    await settle();
  }
}

describe('CatalogModel', () => {
  it('opens sources → databases → tables → columns, asking each level once', async () => {
    const kernel = new FakeCatalog();
    const model = new CatalogModel(async () => kernel);
    await model.load();
    await openPath(model, 'Spark session', 'silver', 'events');
    expect(labels(model.rows())).toEqual(['Spark session', '  big', '  silver', '    events', '      event_id', '      status', 'Aurora silver-pg (postgres)']);
    await openPath(model, 'events', 'events');
    expect(kernel.asked.filter(ask => ask.startsWith('describeTable'))).toHaveLength(1);
  });

  it('loads a database of 10,000 tables a page at a time', async () => {
    const kernel = new FakeCatalog();
    const model = new CatalogModel(async () => kernel);
    await model.load();
    await openPath(model, 'Spark session', 'big');
    const rows = model.rows();
    expect(rows.filter(row => row.kind === 'table')).toHaveLength(TABLE_PAGE_SIZE);
    expect(rows.find(row => row.kind === 'more')).toMatchObject({ loaded: TABLE_PAGE_SIZE, total: 10_000 });
    await model.loadMoreTables(SPARK, 'big');
    expect(model.rows().filter(row => row.kind === 'table')).toHaveLength(2 * TABLE_PAGE_SIZE);
    expect(kernel.asked.filter(ask => ask.startsWith('listTables'))).toEqual([
      `listTables {"source":"spark","database":"big","offset":0,"limit":${TABLE_PAGE_SIZE}}`,
      `listTables {"source":"spark","database":"big","offset":${TABLE_PAGE_SIZE},"limit":${TABLE_PAGE_SIZE}}`
    ]);
  });

  it('searches every loaded name, opening what holds a match and hiding the rest', async () => {
    const model = new CatalogModel(async () => new FakeCatalog());
    await model.load();
    await openPath(model, 'Spark session', 'silver', 'events', 'big');
    model.setSearch('STAT');
    expect(labels(model.rows())).toEqual(['Spark session', '  silver', '    events', '      status']);
    model.setSearch('t00007');
    expect(labels(model.rows())).toEqual(['Spark session', '  big', '    t00007']);
    model.setSearch('');
    expect(labels(model.rows())).toContain('Aurora silver-pg (postgres)');
  });

  it("sends the panel's region and profile with the sources request", async () => {
    const kernel = new FakeCatalog();
    const model = new CatalogModel(
      async () => kernel,
      () => ({ region: 'eu-west-1', profile: 'analytics' })
    );
    await model.load();
    await model.load(true);
    expect(kernel.asked).toEqual(['listSources {"aws":{"region":"eu-west-1","profile":"analytics"}}', 'refresh {"aws":{"region":"eu-west-1","profile":"analytics"}}']);
  });

  it("shows a source's failure where its databases would be", async () => {
    const kernel = new FakeCatalog();
    kernel.request = async () => Promise.reject(new Error('no Spark session is up (the catalog never starts one)')) as never;
    const model = new CatalogModel(async () => kernel);
    await model.load();
    expect(model.rows()).toEqual([expect.objectContaining({ kind: 'message', error: true, text: 'no Spark session is up (the catalog never starts one)' })]);
  });
});

describe('CatalogView', () => {
  function attached(model: CatalogModel, actions = { insertCell: jest.fn(), copy: jest.fn() }) {
    const view = new CatalogView(model, actions);
    Widget.attach(view, document.body);
    MessageLoop.sendMessage(view, Widget.Msg.UpdateRequest);
    return { view, actions };
  }

  it('draws only the lines in view of a 10,000-table database, and asks for more as it scrolls', async () => {
    const kernel = new FakeCatalog();
    const model = new CatalogModel(async () => kernel);
    await model.load();
    await openPath(model, 'Spark session', 'big');
    const { view } = attached(model);
    const viewport = view.node.querySelector('.jp-emr-Catalog-viewport') as HTMLElement;
    const scrollTo = (row: number) => {
      viewport.scrollTop = row * CATALOG_ROW_HEIGHT;
      viewport.dispatchEvent(new Event('scroll'));
    };
    // Near the end of the first page: the next one is asked for.
    scrollTo(TABLE_PAGE_SIZE - 30);
    await settle();
    expect(kernel.asked).toContain(`listTables {"source":"spark","database":"big","offset":${TABLE_PAGE_SIZE},"limit":${TABLE_PAGE_SIZE}}`);
    while (model.rows().some(row => row.kind === 'more')) {
      await model.loadMoreTables(SPARK, 'big');
    }
    MessageLoop.sendMessage(view, Widget.Msg.UpdateRequest);
    expect(model.rows().filter(row => row.kind === 'table')).toHaveLength(10_000);
    expect(view.drawnRows).toBeLessThan(80);
    expect((view.node.querySelector('.jp-emr-Catalog-spacer') as HTMLElement).style.height).toBe(`${model.rows().length * CATALOG_ROW_HEIGHT}px`);
    scrollTo(5000);
    expect(view.node.querySelector('.jp-emr-Catalog-window')?.textContent).toContain('t04998');
    expect(view.drawnRows).toBeLessThan(80);
    Widget.detach(view);
  });

  it("inserts a table's SELECT cell in its source's magic, copies its name and previews its rows", async () => {
    const model = new CatalogModel(async () => new FakeCatalog());
    await model.load();
    await openPath(model, 'Aurora silver-pg (postgres)', 'public');
    const { view, actions } = attached(model);
    const buttons = [...view.node.querySelectorAll('.jp-emr-Catalog-table .jp-emr-Catalog-action')] as HTMLButtonElement[];
    expect(buttons.map(button => button.textContent)).toEqual(['SELECT', 'Preview', 'Copy']);
    buttons[0].click();
    expect(actions.insertCell).toHaveBeenCalledWith('%%aurora --target silver-pg\nSELECT * FROM public.events LIMIT 100');
    expect(selectCell(AURORA, 'public', 'events')).toBe('%%aurora --target silver-pg\nSELECT * FROM public.events LIMIT 100');
    buttons[2].click();
    expect(actions.copy).toHaveBeenCalledWith('public.events');
    buttons[1].click();
    await settle();
    MessageLoop.sendMessage(view, Widget.Msg.UpdateRequest);
    const preview = view.node.querySelector('.jp-emr-Catalog-preview') as HTMLElement;
    expect(preview.textContent).toContain('Preview of public.events');
    expect([...preview.querySelectorAll('td')].map(cell => cell.textContent)).toEqual(['1', 'ok', '2', 'NULL']);
    Widget.detach(view);
  });
});

describe('CatalogChannel', () => {
  it('matches replies to requests by id, fails on an error reply, on close, and after', async () => {
    const sent: Record<string, unknown>[] = [];
    const channel = new CatalogChannel(data => sent.push(data));
    const sources = channel.request('listSources', {});
    const tables = channel.request('listDatabases', { source: 'spark' });
    expect(sent.map(message => message.method)).toEqual(['listSources', 'listDatabases']);
    channel.receive({ requestId: sent[1].requestId, method: 'listDatabases', ok: false, error: { message: 'no Spark session is up' } });
    channel.receive({ requestId: sent[0].requestId, method: 'listSources', ok: true, result: { sources: [SPARK] } });
    channel.receive({ requestId: 'unknown', method: 'listSources', ok: true, result: { sources: [] } });
    await expect(sources).resolves.toEqual({ sources: [SPARK] });
    await expect(tables).rejects.toThrow('no Spark session is up');
    const pending = channel.request('refresh', {});
    channel.close('The kernel is gone.');
    await expect(pending).rejects.toThrow('The kernel is gone.');
    await expect(channel.request('listSources', {})).rejects.toThrow('The kernel is gone.');
    expect(channel.isClosed).toBe(true);
  });
});
