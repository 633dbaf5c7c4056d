import { IClusterDetail } from '@jupyterlab-emr/common';

/** Whether a group or fleet has reached what was asked of it: the end of following a resize. */
export function isSettled(detail: IClusterDetail, id: string): boolean {
  const { instances } = detail;
  if (instances.kind === 'groups') {
    const group = instances.groups.find(g => g.id === id);
    return group !== undefined && group.state === 'RUNNING' && group.running === group.requested;
  }
  if (instances.kind === 'fleets') {
    const fleet = instances.fleets.find(f => f.id === id);
    return fleet !== undefined && fleet.state === 'RUNNING' && fleet.onDemand.provisioned === fleet.onDemand.target && fleet.spot.provisioned === fleet.spot.target;
  }
  return false;
}
