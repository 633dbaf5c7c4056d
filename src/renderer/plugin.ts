import { JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { IThemeManager } from '@jupyterlab/apputils';
import { INotebookTracker } from '@jupyterlab/notebook';
import { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import { ISettingRegistry } from '@jupyterlab/settingregistry';

import { EMR_KERNEL_NAME } from '../connection/kernel-connector';
import { IRendererSettings, loadSettings } from '../settings/settings';
import { PLUGIN_IDS } from '../tokens';
import { createChartCopyRendererFactory, CHART_COPY_RENDERER_RANK } from './chart-copy';
import { createTableRendererFactory, TABLE_RENDERER_RANK } from './factory';
import { channelFor, IResultViewChannel } from './result-channel';

/** The result-view channel of the emr-livy kernel of the notebook an output is in. */
function notebookChannel(tracker: INotebookTracker | null): ((node: HTMLElement) => IResultViewChannel | undefined) | undefined {
  if (!tracker) {
    return undefined;
  }
  return node => {
    const kernel = tracker.find(panel => panel.node.contains(node))?.sessionContext.session?.kernel;
    return kernel && kernel.name === EMR_KERNEL_NAME ? channelFor(kernel) : undefined;
  };
}

async function activate(
  _app: JupyterFrontEnd,
  rendermime: IRenderMimeRegistry,
  settingRegistry: ISettingRegistry,
  themeManager: IThemeManager | null,
  tracker: INotebookTracker | null
): Promise<void> {
  const settings = await loadSettings<IRendererSettings>(settingRegistry, PLUGIN_IDS.renderer);
  // Registered from a plugin rather than as a mimeExtension because the renderer needs settings.
  rendermime.addFactory(createTableRendererFactory(settings, themeManager?.themeChanged, notebookChannel(tracker)), TABLE_RENDERER_RANK);
  rendermime.addFactory(createChartCopyRendererFactory(), CHART_COPY_RENDERER_RANK);
}

export const RENDERER_PLUGIN: JupyterFrontEndPlugin<void> = {
  id: PLUGIN_IDS.renderer,
  description: 'Shows emr-livy results (application/vnd.jupyterlab-emr.table.v1+json) in notebooks: a sortable table and charts; hides the chart outputs the kernel sends for other front ends.',
  autoStart: true,
  requires: [IRenderMimeRegistry, ISettingRegistry],
  optional: [IThemeManager, INotebookTracker],
  activate
};
