import { InputDialog } from '@jupyterlab/apputils';

import { ClusterPanelModel } from './model';

// Listing on a slow endpoint still answers within this; past it the command offers what it has.
const LIST_WAIT_MS = 30_000;

/** Resolves once the panel's EMR Serverless listing has answered (or failed), or after `timeoutMs`. */
function listed(model: ClusterPanelModel, timeoutMs: number): Promise<void> {
  return new Promise(resolve => {
    const done = (): void => {
      clearTimeout(timer);
      model.changed.disconnect(check);
      resolve();
    };
    const check = (): void => {
      if (!model.serverless.loading) {
        done();
      }
    };
    const timer = setTimeout(done, timeoutMs);
    model.changed.connect(check);
  });
}

/** How an application is offered in the palette command's list: enough to tell two of them apart. */
export function applicationChoice(application: { id: string; name: string; state: string }): string {
  return `${application.name || application.id} (${application.id}, ${application.state})`;
}

/**
 * The palette's "Connect Active Notebook to EMR Serverless Application…": the applications the panel
 * lists (listed now if it has not yet), one chosen in a dialog, then what the panel's Connect does.
 * Applications whose Livy endpoint is off, or that are terminated, are not offered.
 */
export async function connectServerlessFromPalette(model: ClusterPanelModel, showPanel: () => void): Promise<void> {
  // The panel lists while it is on screen (hidden, its poll stands by), so it is shown first.
  showPanel();
  if (model.serverless.loading) {
    void model.refresh();
    await listed(model, LIST_WAIT_MS);
  }
  const offered = (model.serverless.data ?? []).filter(application => application.state !== 'TERMINATED' && application.livyEndpoint !== false);
  if (offered.length === 0) {
    // The panel says why: none in the region, or the listing failed with its remedy.
    return;
  }
  const choices = offered.map(applicationChoice);
  const chosen = await InputDialog.getItem({ title: 'Connect the active notebook to an EMR Serverless application', label: 'Application (started first if it is stopped)', items: choices });
  const index = chosen.button.accept && chosen.value !== null ? choices.indexOf(chosen.value) : -1;
  if (index < 0) {
    return;
  }
  // The panel shows the start and the outcome.
  await model.connectServerless(offered[index].id);
}
