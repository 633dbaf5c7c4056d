import { importZeppelinNote, notebookBaseName, parseZeppelinExport } from '@jupyterlab-emr/common';
import type { Contents } from '@jupyterlab/services';

import { saveNewNotebook } from './new-notebook';

export interface IImportedNote {
  path: string;
  warnings: string[];
}

/** Converts a note export's text and saves the notebook beside it, under a free name. */
export async function importZeppelinText(contents: Pick<Contents.IManager, 'get' | 'save'>, text: string, fileName: string, folder: string): Promise<IImportedNote> {
  const { notebook, warnings } = importZeppelinNote(parseZeppelinExport(text, fileName));
  const path = await saveNewNotebook(contents, folder, notebookBaseName(fileName), notebook as unknown as Record<string, unknown>);
  return { path, warnings };
}

/** Asks the browser for a note file; resolves undefined when the user cancels. */
export function pickNoteFile(): Promise<File | undefined> {
  return new Promise(resolve => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = '.json,.zpln,application/json';
    input.addEventListener('change', () => resolve(input.files?.[0] ?? undefined), { once: true });
    input.addEventListener('cancel', () => resolve(undefined), { once: true });
    input.click();
  });
}
