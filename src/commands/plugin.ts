import { JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { ICommandPalette, Notification } from '@jupyterlab/apputils';
import { INotebookTracker } from '@jupyterlab/notebook';
import { ISettingRegistry } from '@jupyterlab/settingregistry';

import { formatSqlIcon } from '../icons';
import { ICommandsSettings, loadSettings } from '../settings/settings';
import { CommandIDs, PALETTE_CATEGORY, PLUGIN_IDS } from '../tokens';
import { ActiveSqlCell } from './active-sql-cell';

async function activate(app: JupyterFrontEnd, settingRegistry: ISettingRegistry, tracker: INotebookTracker, palette: ICommandPalette | null): Promise<void> {
  const settings = await loadSettings<ICommandsSettings>(settingRegistry, PLUGIN_IDS.commands);
  const activeSqlCell = new ActiveSqlCell(tracker);
  activeSqlCell.changed.connect(() => app.commands.notifyCommandChanged(CommandIDs.formatSql));

  app.commands.addCommand(CommandIDs.formatSql, {
    label: 'Format SQL',
    caption: 'Format the SQL of this %%sql, %%hive or %%aurora cell; the magic line stays as written',
    icon: formatSqlIcon,
    isEnabled: () => activeSqlCell.model !== null,
    // The cell toolbar sits on every kind of cell; the button only belongs on SQL ones.
    isVisible: args => !args.fromCellToolbar || activeSqlCell.model !== null,
    execute: async () => {
      const model = activeSqlCell.model;
      if (!model) {
        return;
      }
      const source = model.sharedModel.getSource();
      // Loaded on first use: the grammars are most of this extension's weight.
      const { formatSqlCell, SqlFormatError } = await import('./format-sql');
      let formatted: string;
      try {
        formatted = formatSqlCell(source, settings());
      } catch (error) {
        // Unreadable SQL is the user's to fix and gets a notice; anything else is a bug and propagates.
        if (!(error instanceof SqlFormatError)) {
          throw error;
        }
        Notification.error(`Format SQL left the cell unchanged. ${error.message}`, { autoClose: false });
        return;
      }
      // The user may have typed while the formatter loaded; never overwrite newer text.
      if (formatted !== source && model.sharedModel.getSource() === source) {
        model.sharedModel.setSource(formatted);
      }
    }
  });
  palette?.addItem({ command: CommandIDs.formatSql, category: PALETTE_CATEGORY });
}

export const COMMANDS_PLUGIN: JupyterFrontEndPlugin<void> = {
  id: PLUGIN_IDS.commands,
  description: 'Notebook commands for EMR cells: Format SQL for %%sql, %%hive and %%aurora.',
  autoStart: true,
  requires: [ISettingRegistry, INotebookTracker],
  optional: [ICommandPalette],
  activate
};
