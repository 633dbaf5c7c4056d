import type { Contents } from '@jupyterlab/services';

type ContentsAccess = Pick<Contents.IManager, 'get' | 'save'>;

function joinPath(folder: string, name: string): string {
  const clean = folder.replace(/^\/+|\/+$/g, '');
  return clean === '' ? name : `${clean}/${name}`;
}

async function exists(contents: ContentsAccess, path: string): Promise<boolean> {
  try {
    await contents.get(path, { content: false });
    return true;
  } catch {
    return false;
  }
}

/** `name.ipynb`, or `name-1.ipynb`, `name-2.ipynb`, … when taken, so nothing is overwritten. */
export async function freeNotebookPath(contents: ContentsAccess, folder: string, baseName: string): Promise<string> {
  for (let suffix = 0; ; suffix += 1) {
    const path = joinPath(folder, `${baseName}${suffix === 0 ? '' : `-${suffix}`}.ipynb`);
    if (!(await exists(contents, path))) {
      return path;
    }
  }
}

/** Saves a notebook under a free name in `folder` and returns its path. */
export async function saveNewNotebook(contents: ContentsAccess, folder: string, baseName: string, notebook: Record<string, unknown>): Promise<string> {
  const path = await freeNotebookPath(contents, folder, baseName);
  await contents.save(path, { type: 'notebook', format: 'json', content: notebook });
  return path;
}
