import { ILayoutRestorer, JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { Dialog, ICommandPalette, showDialog } from '@jupyterlab/apputils';
import { INotebookTracker } from '@jupyterlab/notebook';
import { ISettingRegistry } from '@jupyterlab/settingregistry';

import { KernelConnector } from '../connection/kernel-connector';
import { IPanelSettings, loadSettings } from '../settings/settings';
import { CommandIDs, PALETTE_CATEGORY, PLUGIN_IDS } from '../tokens';
import { createClusterPanel } from './cluster-panel';
import { ClusterPanelModel } from './model';
import { RESIZE_DIALOGS } from './resize-dialog';
import { connectServerlessFromPalette } from './serverless-command';
import { catalogSection } from './catalog-plugin';

// After JupyterLab's file browser (100), running sessions (200) and table of contents (400),
// before the extension manager (1000).
const SIDEBAR_RANK = 500;

async function confirmStop(title: string, body: string): Promise<boolean> {
  const result = await showDialog({ title, body, buttons: [Dialog.cancelButton(), Dialog.warnButton({ label: 'Stop' })] });
  return result.button.accept;
}

async function activate(app: JupyterFrontEnd, registry: ISettingRegistry, tracker: INotebookTracker, restorer: ILayoutRestorer | null, palette: ICommandPalette | null): Promise<void> {
  const settings = await loadSettings<IPanelSettings>(registry, PLUGIN_IDS.panel);
  const connector = new KernelConnector(tracker, app.serviceManager.kernels, () => settings().startKernelWhenNoNotebook);
  let isVisible = () => false;
  const model = new ClusterPanelModel({
    channel: () => connector.channel(),
    notebookChannel: () => connector.notebookChannel(),
    settings,
    isVisible: () => isVisible()
  });
  // The Glue source reads the panel's region and profile, as the clusters do.
  const catalog = catalogSection(app, tracker, palette, () => ({ region: settings().region || undefined, profile: settings().profile || undefined }));
  const panel = createClusterPanel(model, confirmStop, Date.now, RESIZE_DIALOGS, catalog.view);
  isVisible = () => panel.isVisible;
  app.shell.add(panel, 'left', { rank: SIDEBAR_RANK });
  restorer?.add(panel, panel.id);

  registry.pluginChanged.connect((_, plugin) => plugin === PLUGIN_IDS.panel && model.configure());
  // A notebook switch changes the kernel (and so the Livy endpoint) the panel reports on.
  connector.changed.connect(() => panel.isVisible && void model.refresh());
  connector.changed.connect(() => void catalog.model.load());
  app.restored.then(() => model.start()).catch(() => undefined);

  app.commands.addCommand(CommandIDs.showClusterPanel, {
    label: 'Show EMR Clusters',
    caption: 'Open the EMR clusters panel in the left sidebar',
    execute: () => app.shell.activateById(panel.id)
  });
  app.commands.addCommand(CommandIDs.refreshClusterPanel, {
    label: 'Refresh EMR Clusters',
    caption: 'Refresh the clusters and Livy sessions in the EMR clusters panel now',
    execute: () => model.refresh()
  });
  app.commands.addCommand(CommandIDs.connectServerlessApplication, {
    label: 'Connect Active Notebook to EMR Serverless Application…',
    caption: "Choose an EMR Serverless application; it is started if stopped, and the active notebook's kernel runs on its Livy endpoint with SigV4-signed requests",
    execute: () => connectServerlessFromPalette(model, () => app.shell.activateById(panel.id))
  });
  palette?.addItem({ command: CommandIDs.showClusterPanel, category: PALETTE_CATEGORY });
  palette?.addItem({ command: CommandIDs.refreshClusterPanel, category: PALETTE_CATEGORY });
  palette?.addItem({ command: CommandIDs.connectServerlessApplication, category: PALETTE_CATEGORY });
}

export const PANEL_PLUGIN: JupyterFrontEndPlugin<void> = {
  id: PLUGIN_IDS.panel,
  description: 'The EMR clusters panel in the left sidebar: EMR on EC2, EMR on EKS and Livy sessions.',
  autoStart: true,
  requires: [ISettingRegistry, INotebookTracker],
  optional: [ILayoutRestorer, ICommandPalette],
  activate
};
