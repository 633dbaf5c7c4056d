import { IServerlessApplication } from '@jupyterlab-emr/common';

import { el } from './dom';
import { ClusterPanelModel, IServerlessConnectState } from './model';
import { errorView, sectionState, stateBadge } from './state-view';

const CLASS = 'jp-emr-ServerlessApplications';

function meta(application: IServerlessApplication): string {
  return [application.type, application.releaseLabel, application.architecture?.replace('_', '-').toLowerCase()].filter(Boolean).join(' · ');
}

function jobRunsView(application: IServerlessApplication): HTMLElement {
  if (application.jobRunsError) {
    return errorView(application.jobRunsError);
  }
  if (!application.jobRuns || application.jobRuns.length === 0) {
    return el('p', `${CLASS}-note`, 'No recent job runs.');
  }
  return el(
    'ul',
    `${CLASS}-runs`,
    undefined,
    application.jobRuns.map(run => el('li', `${CLASS}-run`, undefined, [stateBadge(run.state), el('span', `${CLASS}-runName`, run.name || run.id)]))
  );
}

/** Connect, unless the application cannot take a notebook: terminated, or its Livy endpoint off. */
function connectView(model: ClusterPanelModel, application: IServerlessApplication): HTMLElement | null {
  if (application.state === 'TERMINATED') {
    return null;
  }
  if (application.livyEndpoint === false) {
    return el('p', `${CLASS}-note`, 'Livy endpoint off: turn it on in the application to run notebooks here.');
  }
  const connect = el('button', `jp-Button jp-mod-minimal jp-mod-styled ${CLASS}-connect`, 'Connect active notebook');
  const starts = application.state === 'STARTED' ? '' : ', starting the application first';
  connect.title = `Point the active notebook's kernel at the Livy endpoint of ${application.name} (${application.id})${starts}; requests are signed with SigV4`;
  connect.disabled = model.serverlessConnection?.applicationId === application.id && model.serverlessConnection.outcome.loading;
  connect.addEventListener('click', () => void model.connectServerless(application.id));
  return el('div', `${CLASS}-actions`, undefined, [connect]);
}

function connectedText(connection: IServerlessConnectState, application: IServerlessApplication): string {
  const result = connection.outcome.data!;
  const started = result.started ? ` The application was ${result.foundState} and is started.` : '';
  const livy = result.reachable
    ? `Its Livy${result.livyVersion ? ` ${result.livyVersion}` : ''} answers signed requests; the next cell starts a session.`
    : `Its Livy does not answer yet (${result.problem ?? 'no answer'}); the next cell tries again.`;
  const released = result.releasedSession !== undefined ? ` Session ${result.releasedSession} on the previous Livy was deleted.` : '';
  return `${result.notebook} now runs on ${application.name} (${result.livyUrl}).${started} ${livy}${released}`;
}

/** How the last Connect on this application went, or that it is still starting it. */
function connectionView(model: ClusterPanelModel, application: IServerlessApplication): HTMLElement | null {
  const connection = model.serverlessConnection;
  if (connection?.applicationId !== application.id) {
    return null;
  }
  const { outcome } = connection;
  if (outcome.error) {
    return errorView(outcome.error);
  }
  if (!outcome.data) {
    const waiting = application.state === 'STARTED' ? 'Connecting the active notebook…' : `Starting ${application.name} (it is ${application.state}), then connecting the active notebook…`;
    return el('p', `${CLASS}-connection jp-mod-loading`, waiting);
  }
  const notice = el('p', `${CLASS}-connection ${outcome.data.reachable ? 'jp-mod-connected' : 'jp-mod-unanswered'}`, connectedText(connection, application));
  notice.setAttribute('role', 'status');
  return notice;
}

function applicationRow(model: ClusterPanelModel, application: IServerlessApplication): HTMLElement {
  const row = el('li', `${CLASS}-application`, undefined, [
    el('div', `${CLASS}-head`, undefined, [el('span', `${CLASS}-name`, application.name || application.id), stateBadge(application.state)]),
    el('div', `${CLASS}-id`, application.id),
    el('div', `${CLASS}-meta`, meta(application)),
    connectView(model, application),
    connectionView(model, application),
    jobRunsView(application)
  ]);
  row.dataset.applicationId = application.id;
  return row;
}

/** EMR Serverless: applications with release, architecture and recent job runs, and Connect for notebooks. */
export function renderServerlessApplications(model: ClusterPanelModel): HTMLElement[] {
  const state = sectionState(model.serverless, data => data.length === 0, 'No EMR Serverless applications in this region.');
  const nodes: HTMLElement[] = state ? [state] : [];
  if (model.serverless.data && model.serverless.data.length > 0) {
    nodes.push(
      el(
        'ul',
        `${CLASS}-list`,
        undefined,
        model.serverless.data.map(application => applicationRow(model, application))
      )
    );
  }
  return nodes;
}
