import { emrWebUis, IClusterDetail, IClusterSummary } from '@jupyterlab-emr/common';

import { el, link } from './dom';
import { formatUptime } from './format';
import { instanceCountsView } from './instance-counts';
import { instancesView, IResizeDialogs } from './instance-roles';
import { loadView } from './load-charts';
import { ClusterPanelModel, IConnectOutcome } from './model';
import { errorView, sectionState, stateBadge, statusOf } from './state-view';

const CLASS = 'jp-emr-Ec2Clusters';

function meta(cluster: IClusterSummary, now: number): string {
  const parts = [
    cluster.releaseLabel,
    cluster.applications?.length ? cluster.applications.join(', ') : undefined,
    cluster.masterAddress,
    cluster.createdAt ? `up ${formatUptime(cluster.createdAt, cluster.endedAt, now)}` : undefined,
    cluster.normalizedInstanceHours !== undefined ? `${cluster.normalizedInstanceHours} normalized instance hours` : undefined
  ];
  return parts.filter(Boolean).join(' · ');
}

function stepsView(detail: IClusterDetail): HTMLElement {
  if (detail.steps.length === 0) {
    return el('p', `${CLASS}-note`, 'No steps.');
  }
  return el(
    'ul',
    `${CLASS}-steps`,
    undefined,
    detail.steps.map(step => el('li', `${CLASS}-step`, undefined, [stateBadge(step.state), el('span', `${CLASS}-stepName`, step.name)]))
  );
}

function detailView(model: ClusterPanelModel, id: string, now: number, dialogs?: IResizeDialogs): HTMLElement {
  const section = model.details.get(id)!;
  const state = sectionState(section, () => false, '');
  const body = el('div', `${CLASS}-detail`, undefined, [state]);
  if (section.data) {
    body.append(el('h4', `${CLASS}-subtitle`, 'Instances'), instancesView(model, section.data, dialogs));
    const load = model.loads.get(id);
    if (load) {
      body.append(el('h4', `${CLASS}-subtitle`, 'Load, last 3 hours'), loadView(load, now, model.idleNoticeMinutes * 60_000));
    }
    body.append(el('h4', `${CLASS}-subtitle`, 'Recent steps'), stepsView(section.data));
  }
  return body;
}

// An ended cluster has no Livy to connect to and no UIs to open.
const ENDED = /^TERMINAT/;

/** Connect the active notebook, and the cluster's own UIs (in a new tab). */
function actionsView(model: ClusterPanelModel, cluster: IClusterSummary): HTMLElement | null {
  if (ENDED.test(cluster.state)) {
    return null;
  }
  const connect = el('button', `jp-Button jp-mod-minimal jp-mod-styled ${CLASS}-connect`, 'Connect active notebook');
  connect.title = `Point the active notebook's kernel at the Livy of ${cluster.name} (${cluster.id})`;
  connect.disabled = model.connection?.clusterId === cluster.id && model.connection.outcome.loading;
  connect.addEventListener('click', () => void model.connectNotebook(cluster.id));
  const uis = emrWebUis(cluster.masterAddress, cluster.releaseLabel);
  return el('div', `${CLASS}-actions`, undefined, [
    connect,
    link(`${CLASS}-link`, 'Spark history', uis?.sparkHistory),
    link(`${CLASS}-link`, 'YARN', uis?.yarn),
    link(`${CLASS}-link`, 'Livy UI', uis?.livy)
  ]);
}

function connectedText(result: IConnectOutcome): string {
  const released = result.releasedSession !== undefined ? ` Its session ${result.releasedSession} on the previous Livy was deleted.` : '';
  const livy = result.reachable
    ? `Livy${result.livyVersion ? ` ${result.livyVersion}` : ''} answers there; the next cell starts a session.`
    : `Livy does not answer there yet (${result.problem ?? 'no answer'}); the next cell tries again.`;
  return `${result.notebook} now runs on ${result.livyUrl}. ${livy}${released}`;
}

/** How the last "Connect active notebook" on this cluster went. */
function connectionView(model: ClusterPanelModel, cluster: IClusterSummary): HTMLElement | null {
  if (model.connection?.clusterId !== cluster.id) {
    return null;
  }
  const { outcome } = model.connection;
  if (outcome.error) {
    return errorView(outcome.error);
  }
  if (!outcome.data) {
    return el('p', `${CLASS}-connection jp-mod-loading`, 'Connecting the active notebook…');
  }
  const notice = el('p', `${CLASS}-connection ${outcome.data.reachable ? 'jp-mod-connected' : 'jp-mod-unanswered'}`, connectedText(outcome.data));
  notice.setAttribute('role', 'status');
  return notice;
}

function clusterRow(model: ClusterPanelModel, cluster: IClusterSummary, now: number, dialogs?: IResizeDialogs): HTMLElement {
  const expanded = model.isExpanded(cluster.id);
  const toggle = el('button', `${CLASS}-toggle`, expanded ? '▾' : '▸');
  toggle.setAttribute('aria-expanded', String(expanded));
  toggle.setAttribute('aria-label', `${expanded ? 'Collapse' : 'Expand'} ${cluster.name}`);
  toggle.addEventListener('click', () => model.toggle(cluster.id));
  const row = el('li', `${CLASS}-cluster`, undefined, [
    el('div', `${CLASS}-head`, undefined, [toggle, el('span', `${CLASS}-name`, cluster.name), stateBadge(cluster.state)]),
    el('div', `${CLASS}-id`, cluster.id),
    el('div', `${CLASS}-meta`, meta(cluster, now)),
    instanceCountsView(cluster, now, model.ec2.data?.detailsError),
    cluster.stateReason ? el('div', `${CLASS}-reason`, cluster.stateReason) : null,
    actionsView(model, cluster),
    connectionView(model, cluster),
    expanded ? detailView(model, cluster.id, now, dialogs) : null
  ]);
  row.dataset.clusterId = cluster.id;
  return row;
}

/**
 * EMR on EC2: one row per cluster, expandable to its instances by role, its load and its steps,
 * then "Load more". Without `dialogs` the groups show no resize button.
 */
export function renderEc2Clusters(model: ClusterPanelModel, now: number, dialogs?: IResizeDialogs): HTMLElement[] {
  const { ec2 } = model;
  const nodes: HTMLElement[] = [];
  const state = sectionState(ec2, data => data.clusters.length === 0, model.filter === 'active' ? 'No active clusters in this region.' : 'No clusters in this region.');
  if (state) {
    nodes.push(state);
  }
  if (ec2.data && ec2.data.clusters.length > 0) {
    nodes.push(
      el(
        'ul',
        `${CLASS}-list`,
        undefined,
        ec2.data.clusters.map(cluster => clusterRow(model, cluster, now, dialogs))
      )
    );
    if (ec2.data.marker) {
      const more = el('button', `jp-Button jp-mod-minimal ${CLASS}-more`, `Load more (${ec2.data.clusters.length} shown)`);
      more.addEventListener('click', () => {
        more.disabled = true;
        model.loadMore().catch(error => {
          more.replaceWith(errorView(statusOf(error)));
        });
      });
      nodes.push(more);
    }
  }
  return nodes;
}
