import type { Contents } from '@jupyterlab/services';

import { freeNotebookPath, saveNewNotebook } from '../../../../src/templates/new-notebook';
import { TemplateCatalog, TemplateFolderError } from '../../../../src/templates/template-catalog';
import { importZeppelinText } from '../../../../src/templates/zeppelin-import';

/** The Jupyter contents API over an in-memory tree: path → notebook JSON, or a folder. */
class MemoryContents {
  readonly files = new Map<string, Record<string, unknown> | 'directory' | string>();

  async get(path: string, options?: Contents.IFetchOptions): Promise<Contents.IModel> {
    const entry = this.files.get(path);
    if (entry === undefined) {
      throw new Error(`404 ${path}`);
    }
    const name = path.split('/').pop() as string;
    if (entry === 'directory') {
      const children = [...this.files.keys()].filter(key => key.startsWith(`${path}/`) && !key.slice(path.length + 1).includes('/'));
      const content = options?.content ? await Promise.all(children.map(child => this.get(child, { content: false }))) : null;
      return { name, path, type: 'directory', content } as unknown as Contents.IModel;
    }
    const type = typeof entry === 'string' ? 'file' : 'notebook';
    return { name, path, type, content: options?.content === false ? null : entry } as unknown as Contents.IModel;
  }

  async save(path: string, options?: Partial<Contents.IModel>): Promise<Contents.IModel> {
    this.files.set(path, options?.content as Record<string, unknown>);
    return this.get(path, { content: false });
  }
}

const SHIPPED = [{ id: 'cluster-health', title: 'Cluster health', description: 'State of a cluster', notebook: { cells: [], metadata: {} } }];
const notebookTitled = (title?: string) => ({ cells: [], metadata: title ? { jupyterlab_emr: { template: { title, description: `${title}, for the team` } } } : {} });

describe('TemplateCatalog', () => {
  it('offers the shipped templates, each loading its own copy', async () => {
    const catalog = new TemplateCatalog(SHIPPED, new MemoryContents(), () => '');
    const [template] = catalog.shipped();
    expect(template).toMatchObject({ id: 'cluster-health', title: 'Cluster health', origin: 'shipped', baseName: 'cluster-health' });
    const copy = await template.load();
    (copy.cells as unknown[]).push('changed');
    expect(SHIPPED[0].notebook.cells).toEqual([]);
    expect(await catalog.team()).toEqual([]);
  });

  it("lists the team folder's notebooks by name, titled from their template metadata or file name", async () => {
    const contents = new MemoryContents();
    contents.files.set('team/templates', 'directory');
    contents.files.set('team/templates/weekly-kpis.ipynb', notebookTitled('Weekly KPIs'));
    contents.files.set('team/templates/adhoc.ipynb', notebookTitled());
    contents.files.set('team/templates/notes.txt', 'not a notebook');
    const catalog = new TemplateCatalog(SHIPPED, contents, () => '/team/templates/');
    const team = await catalog.team();
    expect(team.map(({ id, title, description, origin, baseName }) => ({ id, title, description, origin, baseName }))).toEqual([
      { id: 'team:team/templates/adhoc.ipynb', title: 'adhoc', description: 'Team template team/templates/adhoc.ipynb', origin: 'team', baseName: 'adhoc' },
      { id: 'team:team/templates/weekly-kpis.ipynb', title: 'Weekly KPIs', description: 'Weekly KPIs, for the team', origin: 'team', baseName: 'weekly-kpis' }
    ]);
    expect(await team[1].load()).toEqual(notebookTitled('Weekly KPIs'));
  });

  it.each([
    ['a folder that does not exist', 'missing'],
    ['a file', 'team/readme.txt']
  ])('says how to fix a team folder setting that names %s', async (_what, folder) => {
    const contents = new MemoryContents();
    contents.files.set('team', 'directory');
    contents.files.set('team/readme.txt', 'hello');
    const error = await new TemplateCatalog(SHIPPED, contents, () => folder).team().catch(caught => caught);
    expect(error).toBeInstanceOf(TemplateFolderError);
    expect(error.message).toMatch(new RegExp(`^The team templates folder "${folder}" is not a folder on the Jupyter server. Set "Team templates folder"`));
  });
});

describe('new notebooks', () => {
  it('never overwrite: the name gets the first free number', async () => {
    const contents = new MemoryContents();
    expect(await freeNotebookPath(contents, '', 'cluster-health')).toBe('cluster-health.ipynb');
    contents.files.set('work/cluster-health.ipynb', notebookTitled());
    contents.files.set('work/cluster-health-1.ipynb', notebookTitled());
    expect(await saveNewNotebook(contents, '/work/', 'cluster-health', { cells: ['x'] })).toBe('work/cluster-health-2.ipynb');
    expect(contents.files.get('work/cluster-health-2.ipynb')).toEqual({ cells: ['x'] });
  });

  it('import a Zeppelin note beside the folder given, named after the note file', async () => {
    const contents = new MemoryContents();
    const note = JSON.stringify({ name: 'Errors', paragraphs: [{ text: '%livy.sql\nSELECT ${n=1}' }, { text: '%sh\nls' }] });
    const imported = await importZeppelinText(contents, note, 'errors.zpln', 'notes');
    expect(imported.path).toBe('notes/errors.ipynb');
    expect(imported.warnings).toEqual(['Paragraph 2 runs on %sh, which this kernel does not run; it is kept as a raw cell.']);
    const saved = contents.files.get('notes/errors.ipynb') as { cells: Array<{ source: string }> };
    expect(saved.cells.map(cell => cell.source)).toContain('%%sql\nSELECT ${n}');
    await expect(importZeppelinText(contents, '{oops', 'bad.json', '')).rejects.toThrow(/^bad\.json is not JSON/);
  });
});
