import { IClusterSummary, IStatusError } from '@jupyterlab-emr/common';

import { el } from './dom';
import { formatUptime } from './format';
import { byRole, roleLabel } from './instance-roles';

const CLASS = 'jp-emr-Ec2Clusters';
// The kernel keeps a cluster's groups for a minute or more when nothing says they changed; past
// this age the row says how old its counts are instead of passing them off as of this refresh.
const SHOW_AGE_AFTER_MS = 60_000;

/** "Primary 1/1 · Core 2/2 · Task 3/5 spot": running / requested per role, from the list itself. */
export function instanceCountsText(cluster: IClusterSummary): string | undefined {
  const { instances } = cluster;
  if (!instances) {
    return undefined;
  }
  if (instances.kind === 'unavailable') {
    return 'Instances not available';
  }
  if (instances.kind === 'fleets') {
    return byRole(instances.fleets)
      .map(f => `${roleLabel(f.role)} ${f.onDemand.provisioned + f.spot.provisioned}/${f.onDemand.target + f.spot.target}`)
      .join(' · ');
  }
  return byRole(instances.groups)
    .map(g => `${roleLabel(g.role)} ${g.running}/${g.requested}${g.market === 'SPOT' ? ' spot' : ''}`)
    .join(' · ');
}

/**
 * A row listed before its instances: a quiet mark where the counts will be, or why they stopped
 * coming (the next refresh asks again).
 */
function pendingCountsView(detailsError: IStatusError | undefined): HTMLElement {
  const line = el('div', `${CLASS}-meta ${CLASS}-counts jp-mod-pending`, detailsError ? 'Nodes not listed yet' : 'Nodes …');
  line.title = detailsError ? `The instance groups could not be asked: ${detailsError.message}` : 'Asking EMR for the instance groups';
  return line;
}

/** The row's line of node counts by role, saying how old they are when they are not fresh. */
export function instanceCountsView(cluster: IClusterSummary, now: number, detailsError?: IStatusError): HTMLElement | null {
  const text = instanceCountsText(cluster);
  if (!text) {
    return cluster.detailsPending ? pendingCountsView(detailsError) : null;
  }
  const asOf = cluster.instancesAsOf ? Date.parse(cluster.instancesAsOf) : NaN;
  const old = !Number.isNaN(asOf) && now - asOf >= SHOW_AGE_AFTER_MS;
  const line = el('div', `${CLASS}-meta ${CLASS}-counts${old ? ' jp-mod-aged' : ''}`, old ? `${text} · as of ${formatUptime(cluster.instancesAsOf, undefined, now)} ago` : text);
  line.title = [
    'Nodes running / requested per role',
    cluster.instances?.kind === 'unavailable' ? cluster.instances.reason : undefined,
    Number.isNaN(asOf) ? undefined : `listed at ${new Date(asOf).toLocaleTimeString()}`
  ]
    .filter(Boolean)
    .join('; ');
  return line;
}
