import type { Contents } from '@jupyterlab/services';

import { INotebookTemplate, IShippedTemplate, templateAbout } from './template-types';

/** The team folder setting names something the Jupyter server does not have as a folder. */
export class TemplateFolderError extends Error {
  constructor(readonly folder: string) {
    super(
      `The team templates folder "${folder}" is not a folder on the Jupyter server. Set "Team templates folder" in ` +
        'Settings → Settings Editor → EMR templates to a folder path relative to the server root (where the file browser starts), or clear it.'
    );
    this.name = 'TemplateFolderError';
  }
}

function withoutExtension(name: string): string {
  return name.replace(/\.ipynb$/i, '');
}

/**
 * The templates on offer: the ones shipped inside the extension, then the notebooks of the team's
 * folder, read through the Jupyter contents API so a team shares templates by putting notebooks
 * in a folder (a git checkout, a shared drive) with no rebuild.
 */
export class TemplateCatalog {
  constructor(
    private readonly _shipped: readonly IShippedTemplate[],
    private readonly _contents: Pick<Contents.IManager, 'get'>,
    private readonly _teamFolder: () => string
  ) {}

  shipped(): INotebookTemplate[] {
    return this._shipped.map(template => ({
      id: template.id,
      title: template.title,
      description: template.description,
      origin: 'shipped',
      baseName: template.id,
      // A copy, so a created notebook never shares objects with the bundle.
      load: async () => JSON.parse(JSON.stringify(template.notebook)) as Record<string, unknown>
    }));
  }

  /** The team folder's notebooks, by name; none when no folder is set. */
  async team(): Promise<INotebookTemplate[]> {
    const folder = this._teamFolder()
      .trim()
      .replace(/^\/+|\/+$/g, '');
    if (folder === '') {
      return [];
    }
    let listing: Contents.IModel;
    try {
      listing = await this._contents.get(folder, { content: true });
    } catch {
      throw new TemplateFolderError(folder);
    }
    if (listing.type !== 'directory') {
      throw new TemplateFolderError(folder);
    }
    const notebooks = (listing.content as Contents.IModel[]).filter(item => item.type === 'notebook').sort((a, b) => a.name.localeCompare(b.name));
    return Promise.all(notebooks.map(item => this._teamTemplate(item)));
  }

  private async _teamTemplate(item: Contents.IModel): Promise<INotebookTemplate> {
    const load = async () => (await this._contents.get(item.path, { content: true, type: 'notebook' })).content as Record<string, unknown>;
    // The title and description come from the notebook's template metadata when it has them.
    const about = templateAbout(await load().catch(() => undefined));
    return {
      id: `team:${item.path}`,
      title: about.title ?? withoutExtension(item.name),
      description: about.description ?? `Team template ${item.path}`,
      origin: 'team',
      baseName: withoutExtension(item.name),
      load
    };
  }
}
