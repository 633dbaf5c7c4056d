import { JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import { ISettingRegistry } from '@jupyterlab/settingregistry';

import { PLUGIN_IDS } from '../tokens';
import { KernelSettingsSender } from './kernel-settings-sender';
import { settingsMessage } from './settings-message';

async function activate(_app: JupyterFrontEnd, registry: ISettingRegistry, tracker: INotebookTracker): Promise<void> {
  const settings = await registry.load(PLUGIN_IDS.sql);
  const sender = new KernelSettingsSender(() => settingsMessage(settings.user));
  const follow = (panel: NotebookPanel): void => {
    sender.follow(panel.sessionContext.session?.kernel);
    panel.sessionContext.kernelChanged.connect((_, change) => sender.follow(change.newValue));
  };
  tracker.forEach(follow);
  tracker.widgetAdded.connect((_, panel) => follow(panel));
  settings.changed.connect(() => sender.broadcast());
}

export const SQL_SETTINGS_PLUGIN: JupyterFrontEndPlugin<void> = {
  id: PLUGIN_IDS.sql,
  description: 'Sends the SQL settings (rows shown, default chart, chart over all rows, catalog names in completion) to every emr-livy kernel.',
  autoStart: true,
  requires: [ISettingRegistry, INotebookTracker],
  activate
};
