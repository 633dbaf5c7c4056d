import { JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { ICommandPalette, InputDialog, Notification } from '@jupyterlab/apputils';
import { IDefaultFileBrowser } from '@jupyterlab/filebrowser';
import { ILauncher } from '@jupyterlab/launcher';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { ZeppelinNoteError } from '@jupyterlab-emr/common';
import { IDisposable } from '@lumino/disposable';

import { emrIcon } from '../icons';
import { ITemplatesSettings } from '../settings/settings';
import { CommandIDs, PALETTE_CATEGORY, PLUGIN_IDS } from '../tokens';
import { SHIPPED_TEMPLATES } from './generated/shipped-templates';
import { saveNewNotebook } from './new-notebook';
import { TemplateCatalog, TemplateFolderError } from './template-catalog';
import { INotebookTemplate } from './template-types';
import { importZeppelinText, pickNoteFile } from './zeppelin-import';

const NOTE_FILE = /\.(json|zpln)$/i;

/** The path of the document in the main area when it is a note export (a .json or .zpln file). */
function openNotePath(app: JupyterFrontEnd): string | undefined {
  const path = (app.shell.currentWidget as { context?: { path?: unknown } } | null)?.context?.path;
  return typeof path === 'string' && NOTE_FILE.test(path) ? path : undefined;
}

/** The launcher section; one card per template. */
export const LAUNCHER_CATEGORY = 'EMR templates';

async function activate(app: JupyterFrontEnd, settingRegistry: ISettingRegistry, launcher: ILauncher | null, palette: ICommandPalette | null, fileBrowser: IDefaultFileBrowser | null): Promise<void> {
  const { commands, serviceManager } = app;
  const contents = serviceManager.contents;
  const settings = await settingRegistry.load(PLUGIN_IDS.templates);
  const teamFolder = () => (settings.composite as unknown as ITemplatesSettings).teamTemplatesFolder;
  const catalog = new TemplateCatalog(SHIPPED_TEMPLATES, contents, teamFolder);
  const known = new Map<string, INotebookTemplate>(catalog.shipped().map(template => [template.id, template]));
  // The launcher's cwd, else the folder the file browser shows, else the server root.
  const folderFor = (args: { cwd?: unknown }) => (typeof args.cwd === 'string' ? args.cwd : (fileBrowser?.model.path ?? ''));

  const chooseTemplate = async (): Promise<INotebookTemplate | undefined> => {
    const templates = [...known.values()];
    const labels = templates.map(template => (template.origin === 'team' ? `${template.title} (team)` : template.title));
    const choice = await InputDialog.getItem({ title: 'New notebook from template', items: labels, current: 0 });
    return choice.button.accept && choice.value !== null ? templates[labels.indexOf(choice.value)] : undefined;
  };

  commands.addCommand(CommandIDs.newFromTemplate, {
    label: args => (typeof args.id === 'string' ? (known.get(args.id)?.title ?? args.id) : 'New Notebook from Template…'),
    caption: args => (typeof args.id === 'string' ? (known.get(args.id)?.description ?? '') : 'Create a notebook from a shipped or team EMR template'),
    icon: args => (args.isPalette ? undefined : emrIcon),
    execute: async args => {
      const template = typeof args.id === 'string' ? known.get(args.id) : await chooseTemplate();
      if (!template) {
        if (typeof args.id === 'string') {
          Notification.error(`There is no EMR template "${args.id}" (any more): its team folder may have changed. The launcher's EMR templates section lists the current ones.`);
        }
        return;
      }
      const path = await saveNewNotebook(contents, folderFor(args), template.baseName, await template.load());
      return commands.execute('docmanager:open', { path, factory: 'Notebook' });
    }
  });

  commands.addCommand(CommandIDs.importZeppelinNote, {
    label: 'Import Zeppelin Note…',
    caption: 'Convert a Zeppelin note export (.json or .zpln) into a notebook for the Spark on EMR (Livy) kernel',
    execute: async args => {
      let text: string;
      let fileName: string;
      // From the file browser's context menu, the note is the item right-clicked (selected);
      // from the palette, a note open in an editor, else one the user picks.
      const fromBrowser = args.fromFileBrowser === true ? fileBrowser?.selectedItems().next().value?.path : undefined;
      const selected = typeof args.path === 'string' ? args.path : (fromBrowser ?? openNotePath(app));
      if (selected !== undefined) {
        const model = await contents.get(selected, { content: true, type: 'file', format: 'text' });
        text = model.content as string;
        fileName = model.name;
      } else {
        const file = await pickNoteFile();
        if (!file) {
          return;
        }
        text = await file.text();
        fileName = file.name;
      }
      const folder = selected !== undefined ? selected.split('/').slice(0, -1).join('/') : folderFor(args);
      try {
        const { path, warnings } = await importZeppelinText(contents, text, fileName, folder);
        if (warnings.length > 0) {
          Notification.warning(`Imported ${fileName} as ${path}. ${warnings.join(' ')}`, { autoClose: false });
        }
        return commands.execute('docmanager:open', { path, factory: 'Notebook' });
      } catch (error) {
        if (!(error instanceof ZeppelinNoteError)) {
          throw error;
        }
        Notification.error(error.message, { autoClose: false });
      }
    }
  });

  let teamItems: IDisposable[] = [];
  const refreshTeamTemplates = async () => {
    teamItems.forEach(item => item.dispose());
    teamItems = [];
    [...known.values()].filter(template => template.origin === 'team').forEach(template => known.delete(template.id));
    let team: INotebookTemplate[];
    try {
      team = await catalog.team();
    } catch (error) {
      if (!(error instanceof TemplateFolderError)) {
        throw error;
      }
      Notification.warning(error.message, { autoClose: false });
      return;
    }
    team.forEach(template => known.set(template.id, template));
    if (launcher) {
      teamItems = team.map((template, index) => launcher.add({ command: CommandIDs.newFromTemplate, args: { id: template.id }, category: LAUNCHER_CATEGORY, rank: 100 + index }));
    }
  };

  catalog.shipped().forEach((template, index) => {
    launcher?.add({ command: CommandIDs.newFromTemplate, args: { id: template.id }, category: LAUNCHER_CATEGORY, rank: index });
  });
  palette?.addItem({ command: CommandIDs.newFromTemplate, category: PALETTE_CATEGORY, args: { isPalette: true } });
  palette?.addItem({ command: CommandIDs.importZeppelinNote, category: PALETTE_CATEGORY });
  settings.changed.connect(() => void refreshTeamTemplates());
  await refreshTeamTemplates();
}

export const TEMPLATES_PLUGIN: JupyterFrontEndPlugin<void> = {
  id: PLUGIN_IDS.templates,
  description: 'EMR notebook templates (shipped and a team folder) in the launcher and the palette, and the Zeppelin note import.',
  autoStart: true,
  requires: [ISettingRegistry],
  optional: [ILauncher, ICommandPalette, IDefaultFileBrowser],
  activate
};
