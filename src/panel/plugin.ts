import { ILayoutRestorer, JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';

import { CommandIDs, PALETTE_CATEGORY, PLUGIN_IDS } from '../tokens';
import { createClusterPanel } from './cluster-panel';

// After JupyterLab's file browser (100), running sessions (200) and table of contents (400),
// before the extension manager (1000).
const SIDEBAR_RANK = 500;

function activate(app: JupyterFrontEnd, restorer: ILayoutRestorer | null, palette: ICommandPalette | null): void {
  const panel = createClusterPanel();
  app.shell.add(panel, 'left', { rank: SIDEBAR_RANK });
  restorer?.add(panel, panel.id);

  app.commands.addCommand(CommandIDs.showClusterPanel, {
    label: 'Show EMR Clusters',
    caption: 'Open the EMR clusters panel in the left sidebar',
    execute: () => app.shell.activateById(panel.id)
  });
  palette?.addItem({ command: CommandIDs.showClusterPanel, category: PALETTE_CATEGORY });
}

export const PANEL_PLUGIN: JupyterFrontEndPlugin<void> = {
  id: PLUGIN_IDS.panel,
  description: 'The EMR clusters panel in the left sidebar.',
  autoStart: true,
  optional: [ILayoutRestorer, ICommandPalette],
  activate
};
