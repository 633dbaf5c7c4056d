import { IClusterDetail, IInstanceFleet, IInstanceGroup } from '@jupyterlab-emr/common';

import { el } from './dom';
import { ClusterPanelModel } from './model';
import { errorView, stateBadge } from './state-view';

const CLASS = 'jp-emr-Ec2Clusters';

/** One number the user may change in a resize dialog, with its value now. */
export interface ICapacityField {
  label: string;
  current: number;
}

/** The dialogs a resize asks through; the plugin passes JupyterLab's, tests their own. */
export interface IResizeDialogs {
  /** The new values, in the fields' order, or undefined when cancelled. The dialog shows each change as from → to. */
  askTargets(title: string, fields: ICapacityField[]): Promise<number[] | undefined>;
  /** Asked again before a core group shrinks: its nodes hold HDFS blocks. */
  confirmCoreShrink(group: string, from: number, to: number): Promise<boolean>;
}

// EMR's role names, in the order a cluster is built: the primary node, then HDFS, then compute only.
const ROLES: Record<string, { label: string; order: number }> = {
  MASTER: { label: 'Primary', order: 0 },
  CORE: { label: 'Core', order: 1 },
  TASK: { label: 'Task', order: 2 }
};

export function roleLabel(role: string): string {
  return ROLES[role]?.label ?? role;
}

export function byRole<T extends { role: string }>(items: T[]): T[] {
  return [...items].sort((a, b) => (ROLES[a.role]?.order ?? 9) - (ROLES[b.role]?.order ?? 9));
}

function market(value: string): string {
  return value === 'ON_DEMAND' ? 'on-demand' : value.toLowerCase();
}

function resizeButton(name: string, onClick: () => Promise<void>): HTMLElement {
  const button = el('button', `jp-Button jp-mod-minimal jp-mod-styled ${CLASS}-resize`, 'Resize…');
  button.title = `Change the size of ${name}`;
  button.setAttribute('aria-label', `Resize ${name}`);
  button.addEventListener('click', () => void onClick());
  return button;
}

async function resizeGroup(model: ClusterPanelModel, dialogs: IResizeDialogs, clusterId: string, group: IInstanceGroup): Promise<void> {
  const name = group.name ?? group.id;
  const answer = await dialogs.askTargets(`Resize ${roleLabel(group.role).toLowerCase()} group ${name}`, [{ label: `${group.instanceType} instances`, current: group.requested }]);
  if (!answer || answer[0] === group.requested) {
    return;
  }
  const shrinkCore = group.role === 'CORE' && answer[0] < group.requested;
  if (shrinkCore && !(await dialogs.confirmCoreShrink(name, group.requested, answer[0]))) {
    return;
  }
  await model.resizeGroup(clusterId, group.id, answer[0], shrinkCore);
}

async function resizeFleet(model: ClusterPanelModel, dialogs: IResizeDialogs, clusterId: string, fleet: IInstanceFleet): Promise<void> {
  const answer = await dialogs.askTargets(`Resize task fleet ${fleet.name ?? fleet.id}`, [
    { label: 'On-demand capacity', current: fleet.onDemand.target },
    { label: 'Spot capacity', current: fleet.spot.target }
  ]);
  if (!answer || (answer[0] === fleet.onDemand.target && answer[1] === fleet.spot.target)) {
    return;
  }
  await model.resizeFleet(clusterId, fleet.id, answer[0], answer[1]);
}

function groupRow(model: ClusterPanelModel, clusterId: string, group: IInstanceGroup, dialogs?: IResizeDialogs): HTMLElement {
  const canResize = dialogs && (group.role === 'CORE' || group.role === 'TASK');
  const row = el('tr', '', undefined, [
    el('td', `${CLASS}-role`, roleLabel(group.role)),
    el('td', '', group.instanceType),
    el('td', '', market(group.market)),
    el('td', '', `${group.running} / ${group.requested}`),
    el('td', '', undefined, [stateBadge(group.state)]),
    el('td', '', undefined, [canResize ? resizeButton(group.name ?? group.id, () => resizeGroup(model, dialogs, clusterId, group)) : null])
  ]);
  row.title = group.name ?? group.id;
  row.dataset.instanceId = group.id;
  return row;
}

function fleetRow(model: ClusterPanelModel, clusterId: string, fleet: IInstanceFleet, dialogs?: IResizeDialogs): HTMLElement {
  const row = el('tr', '', undefined, [
    el('td', `${CLASS}-role`, roleLabel(fleet.role)),
    el('td', '', fleet.instanceTypes.join(', ')),
    el('td', '', `on-demand ${fleet.onDemand.provisioned} / ${fleet.onDemand.target}, spot ${fleet.spot.provisioned} / ${fleet.spot.target}`),
    el('td', '', `${fleet.onDemand.provisioned + fleet.spot.provisioned} / ${fleet.onDemand.target + fleet.spot.target}`),
    el('td', '', undefined, [stateBadge(fleet.state)]),
    el('td', '', undefined, [dialogs && fleet.role === 'TASK' ? resizeButton(fleet.name ?? fleet.id, () => resizeFleet(model, dialogs, clusterId, fleet)) : null])
  ]);
  row.title = fleet.name ?? fleet.id;
  row.dataset.instanceId = fleet.id;
  return row;
}

/** How the last resize of this cluster goes: asked, refused, or followed until the group settles. */
function resizeNotice(model: ClusterPanelModel, clusterId: string): HTMLElement | null {
  const resize = model.resizes.get(clusterId);
  if (!resize) {
    return null;
  }
  const { outcome } = resize;
  if (outcome.error) {
    return errorView(outcome.error);
  }
  if (!outcome.data) {
    return el('p', `${CLASS}-resizing jp-mod-loading`, 'Asking EMR to resize…');
  }
  const { role, from, to } = outcome.data;
  const change = `${roleLabel(role)} ${resize.name}: ${from} → ${to}`;
  const notice = el(
    'p',
    `${CLASS}-resizing ${resize.settled ? 'jp-mod-settled' : 'jp-mod-following'}`,
    resize.settled ? `${change}, done.` : resize.gaveUp ? `${change}; EMR is still changing it, see the EMR console.` : `${change}; EMR is changing it…`
  );
  notice.setAttribute('role', 'status');
  return notice;
}

/** A cluster's instance groups or fleets by role (primary, core, task), with resize where EMR allows it. */
export function instancesView(model: ClusterPanelModel, detail: IClusterDetail, dialogs?: IResizeDialogs): HTMLElement {
  const { instances } = detail;
  if (instances.kind === 'unavailable') {
    return el('p', `${CLASS}-note`, instances.reason);
  }
  const clusterId = detail.cluster.id;
  const fleets = instances.kind === 'fleets';
  const head = el(
    'tr',
    '',
    undefined,
    ['Role', fleets ? 'Types' : 'Type', fleets ? 'Capacity (provisioned / target)' : 'Market', 'Running / requested', 'State', ''].map(h => el('th', '', h))
  );
  const rows = fleets ? byRole(instances.fleets).map(f => fleetRow(model, clusterId, f, dialogs)) : byRole(instances.groups).map(g => groupRow(model, clusterId, g, dialogs));
  return el('div', `${CLASS}-roles`, undefined, [el('table', `${CLASS}-instances`, undefined, [head, ...rows]), resizeNotice(model, clusterId)]);
}
