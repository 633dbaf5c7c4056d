import { ILivySession } from '@jupyterlab-emr/common';

import { el, link } from './dom';
import { ClusterPanelModel } from './model';
import { errorView, sectionState, stateBadge, statusOf } from './state-view';

const CLASS = 'jp-emr-LivySessions';

/** Asks the user before a destructive action; the plugin passes JupyterLab's dialog. */
export type Confirm = (title: string, body: string) => Promise<boolean>;

function sessionRow(model: ClusterPanelModel, session: ILivySession, confirm: Confirm): HTMLElement {
  const stop = el('button', `jp-Button jp-mod-minimal ${CLASS}-stop`, 'Stop');
  stop.title = `Stop Livy session ${session.id}`;
  stop.addEventListener('click', async () => {
    const ok = await confirm(
      'Stop Livy session?',
      `Session ${session.id}${session.name ? ` (${session.name})` : ''} and its Spark application ${session.appId ?? ''} will end; any notebook using it loses its state.`
    );
    if (!ok) {
      return;
    }
    stop.disabled = true;
    try {
      await model.stopSession(session.id);
    } catch (error) {
      stop.replaceWith(errorView(statusOf(error)));
    }
  });
  // A long name ellipsizes in the narrow sidebar; the tooltip keeps it readable.
  const label = `#${session.id}${session.name ? ` ${session.name}` : ''}`;
  const name = el('span', `${CLASS}-name`, label);
  name.title = label;
  const row = el('li', `${CLASS}-session`, undefined, [
    el('div', `${CLASS}-head`, undefined, [name, el('span', `${CLASS}-kind`, session.kind ?? ''), stateBadge(session.state), stop]),
    session.appId ? el('div', `${CLASS}-meta`, session.appId) : null,
    runningJobs(session),
    el('div', `${CLASS}-links`, undefined, [link(`${CLASS}-link`, 'Spark UI', session.sparkUiUrl), link(`${CLASS}-link`, 'Driver log', session.driverLogUrl)])
  ]);
  row.dataset.sessionId = String(session.id);
  return row;
}

/** What a busy session runs now, each job linked to its Spark UI page; nothing when the kernel could not ask. */
function runningJobs(session: ILivySession): HTMLElement | null {
  if (!session.runningJobs || session.runningJobs.length === 0) {
    return null;
  }
  return el(
    'ul',
    `${CLASS}-jobs`,
    undefined,
    session.runningJobs.map(job => el('li', `${CLASS}-job`, undefined, [link(`${CLASS}-link`, `Job ${job.jobId}`, job.url), el('span', `${CLASS}-jobName`, ` running: ${job.description}`)]))
  );
}

/** Livy sessions on the URL the followed kernel uses. */
export function renderLivySessions(model: ClusterPanelModel, confirm: Confirm): HTMLElement[] {
  const { livy } = model;
  const nodes: HTMLElement[] = [];
  if (livy.data) {
    nodes.push(el('div', `${CLASS}-url`, livy.data.url));
  }
  const state = sectionState(livy, data => data.sessions.length === 0, 'No Livy sessions.');
  if (state) {
    nodes.push(state);
  }
  if (livy.data && livy.data.sessions.length > 0) {
    nodes.push(
      el(
        'ul',
        `${CLASS}-list`,
        undefined,
        livy.data.sessions.map(session => sessionRow(model, session, confirm))
      )
    );
  }
  return nodes;
}
