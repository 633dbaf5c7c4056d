import { DescribeClusterCommand, EMRClient, ListInstanceFleetsCommand, ListInstanceGroupsCommand, ModifyInstanceFleetCommand, ModifyInstanceGroupsCommand } from '@aws-sdk/client-emr';
import { IResizeResult } from '@jupyterlab-emr/common';
import { StatusError } from './aws-errors';

type EmrSend = Pick<EMRClient, 'send'>;

// EMR refuses a resize of a cluster in these states; saying so before the call names the state.
const RESIZABLE_CLUSTER_STATES = new Set(['RUNNING', 'WAITING']);
// A group or fleet already changing takes no new target until it settles.
const SETTLED_STATES = new Set(['RUNNING']);

function notResizable(message: string): never {
  throw new StatusError('CLUSTER_NOT_RESIZABLE', message);
}

function count(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 0) {
    throw new StatusError('INVALID_REQUEST', `${name} must be a whole number of 0 or more.`);
  }
  return value;
}

/**
 * Changes a cluster's task (and core) capacity. What EMR would refuse for a reason the panel can
 * name (an ended cluster, the primary group, a group still resizing) is refused here with that
 * reason; what AWS refuses (permissions, limits) comes back as AWS said it.
 */
export class InstanceResizer {
  constructor(private readonly _emr: EmrSend) {}

  /** A group's new instance count. Core groups may grow; shrinking one needs `shrinkCore` (HDFS lives there). */
  async resizeGroup(clusterId: string, groupId: string, target: number, shrinkCore = false): Promise<IResizeResult> {
    count(target, 'The instance count');
    await this._requireResizableCluster(clusterId);
    const { InstanceGroups: groups = [] } = await this._emr.send(new ListInstanceGroupsCommand({ ClusterId: clusterId }));
    const group = groups.find(g => g.Id === groupId) ?? notResizable(`EMR cluster ${clusterId} has no instance group ${groupId}.`);
    const role = group.InstanceGroupType ?? 'UNKNOWN';
    const from = group.RequestedInstanceCount ?? 0;
    if (role === 'MASTER') {
      notResizable(`The primary group of ${clusterId} cannot be resized; only core and task groups can.`);
    }
    this._requireSettled(`Instance group ${group.Name ?? groupId}`, group.Status?.State);
    if (role === 'CORE' && target < from && !shrinkCore) {
      throw new StatusError('INVALID_REQUEST', `Shrinking core group ${group.Name ?? groupId} from ${from} to ${target} removes HDFS nodes; it must be confirmed.`);
    }
    await this._emr.send(new ModifyInstanceGroupsCommand({ ClusterId: clusterId, InstanceGroups: [{ InstanceGroupId: groupId, InstanceCount: target }] }));
    return { clusterId, id: groupId, role, from: String(from), to: String(target) };
  }

  /** A task fleet's new on-demand and spot target capacities. */
  async resizeFleet(clusterId: string, fleetId: string, onDemand: number, spot: number): Promise<IResizeResult> {
    count(onDemand, 'The on-demand capacity');
    count(spot, 'The spot capacity');
    await this._requireResizableCluster(clusterId);
    const { InstanceFleets: fleets = [] } = await this._emr.send(new ListInstanceFleetsCommand({ ClusterId: clusterId }));
    const fleet = fleets.find(f => f.Id === fleetId) ?? notResizable(`EMR cluster ${clusterId} has no instance fleet ${fleetId}.`);
    const role = fleet.InstanceFleetType ?? 'UNKNOWN';
    if (role !== 'TASK') {
      notResizable(`Only a task fleet's capacity can be changed from the panel; ${fleet.Name ?? fleetId} is the ${role.toLowerCase()} fleet.`);
    }
    this._requireSettled(`Instance fleet ${fleet.Name ?? fleetId}`, fleet.Status?.State);
    await this._emr.send(new ModifyInstanceFleetCommand({ ClusterId: clusterId, InstanceFleet: { InstanceFleetId: fleetId, TargetOnDemandCapacity: onDemand, TargetSpotCapacity: spot } }));
    const capacity = (d: number | undefined, s: number | undefined): string => `on-demand ${d ?? 0}, spot ${s ?? 0}`;
    return { clusterId, id: fleetId, role, from: capacity(fleet.TargetOnDemandCapacity, fleet.TargetSpotCapacity), to: capacity(onDemand, spot) };
  }

  private async _requireResizableCluster(clusterId: string): Promise<void> {
    const { Cluster: cluster } = await this._emr.send(new DescribeClusterCommand({ ClusterId: clusterId }));
    const state = cluster?.Status?.State ?? 'UNKNOWN';
    if (!RESIZABLE_CLUSTER_STATES.has(state)) {
      notResizable(`EMR cluster ${clusterId}${cluster?.Name ? ` (${cluster.Name})` : ''} is ${state}; only a RUNNING or WAITING cluster can be resized.`);
    }
  }

  private _requireSettled(what: string, state: string | undefined): void {
    if (!SETTLED_STATES.has(state ?? '')) {
      notResizable(`${what} is ${state ?? 'in an unknown state'}; wait until it is RUNNING before changing it again.`);
    }
  }
}
