import { StatusError } from '../../../../kernel/src/aws/aws-errors';
import { InstanceResizer } from '../../../../kernel/src/aws/emr-resize';
import { fakeSdkClient } from '../../../helpers/fake-sdk-client';

function group(id: string, role: string, requested: number, state = 'RUNNING') {
  return { Id: id, Name: `${role.toLowerCase()} group`, InstanceGroupType: role, RequestedInstanceCount: requested, RunningInstanceCount: requested, Status: { State: state } };
}

function emr(clusterState: string, groups: unknown[], fleets: unknown[] = []) {
  return fakeSdkClient({
    DescribeClusterCommand: () => ({ Cluster: { Id: 'j-1', Name: 'etl', Status: { State: clusterState } } }),
    ListInstanceGroupsCommand: () => ({ InstanceGroups: groups }),
    ListInstanceFleetsCommand: () => ({ InstanceFleets: fleets }),
    ModifyInstanceGroupsCommand: () => ({}),
    ModifyInstanceFleetCommand: () => ({})
  });
}

async function refusal(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e
  );
  expect(error).toBeInstanceOf(StatusError);
  return error as StatusError;
}

describe('InstanceResizer', () => {
  it('sets a task group to the new count and says from what', async () => {
    const client = emr('WAITING', [group('ig-T', 'TASK', 3)]);
    expect(await new InstanceResizer(client).resizeGroup('j-1', 'ig-T', 5)).toEqual({ clusterId: 'j-1', id: 'ig-T', role: 'TASK', from: '3', to: '5' });
    expect(client.calls.at(-1)).toEqual({ command: 'ModifyInstanceGroupsCommand', input: { ClusterId: 'j-1', InstanceGroups: [{ InstanceGroupId: 'ig-T', InstanceCount: 5 }] } });
  });

  it('grows a core group, but shrinks one only when the HDFS warning was confirmed', async () => {
    const client = emr('RUNNING', [group('ig-C', 'CORE', 2)]);
    await new InstanceResizer(client).resizeGroup('j-1', 'ig-C', 4);
    expect(await refusal(new InstanceResizer(client).resizeGroup('j-1', 'ig-C', 1))).toMatchObject({ code: 'INVALID_REQUEST', message: expect.stringContaining('removes HDFS nodes') });
    expect(client.calls.filter(c => c.command === 'ModifyInstanceGroupsCommand')).toHaveLength(1);
    await new InstanceResizer(client).resizeGroup('j-1', 'ig-C', 1, true);
    expect(client.calls.filter(c => c.command === 'ModifyInstanceGroupsCommand')).toHaveLength(2);
  });

  it.each([
    ['an ended cluster', 'TERMINATED', group('ig-T', 'TASK', 3), 'ig-T', /is TERMINATED; only a RUNNING or WAITING cluster/],
    ['the primary group', 'WAITING', group('ig-M', 'MASTER', 1), 'ig-M', /primary group .* cannot be resized/],
    ['a group still resizing', 'WAITING', group('ig-T', 'TASK', 3, 'RESIZING'), 'ig-T', /is RESIZING; wait until it is RUNNING/],
    ['a group the cluster does not have', 'WAITING', group('ig-T', 'TASK', 3), 'ig-NONE', /has no instance group ig-NONE/]
  ])('refuses %s before calling ModifyInstanceGroups', async (_, state, g, id, message) => {
    const client = emr(state, [g]);
    expect(await refusal(new InstanceResizer(client).resizeGroup('j-1', id, 4))).toMatchObject({ code: 'CLUSTER_NOT_RESIZABLE', message: expect.stringMatching(message) });
    expect(client.calls.map(c => c.command)).not.toContain('ModifyInstanceGroupsCommand');
  });

  it('refuses a count that is not a whole number of 0 or more', async () => {
    expect(await refusal(new InstanceResizer(emr('WAITING', [])).resizeGroup('j-1', 'ig-T', -1))).toMatchObject({ code: 'INVALID_REQUEST' });
  });

  it("changes a task fleet's target capacities, and refuses the core fleet", async () => {
    const fleets = [
      { Id: 'if-T', Name: 'Task fleet', InstanceFleetType: 'TASK', TargetOnDemandCapacity: 0, TargetSpotCapacity: 4, Status: { State: 'RUNNING' } },
      { Id: 'if-C', Name: 'Core fleet', InstanceFleetType: 'CORE', TargetOnDemandCapacity: 2, TargetSpotCapacity: 0, Status: { State: 'RUNNING' } }
    ];
    const client = emr('WAITING', [], fleets);
    expect(await new InstanceResizer(client).resizeFleet('j-1', 'if-T', 2, 8)).toMatchObject({ role: 'TASK', from: 'on-demand 0, spot 4', to: 'on-demand 2, spot 8' });
    expect(client.calls.at(-1)?.input).toEqual({ ClusterId: 'j-1', InstanceFleet: { InstanceFleetId: 'if-T', TargetOnDemandCapacity: 2, TargetSpotCapacity: 8 } });
    expect(await refusal(new InstanceResizer(client).resizeFleet('j-1', 'if-C', 3, 0))).toMatchObject({ code: 'CLUSTER_NOT_RESIZABLE', message: expect.stringContaining('core fleet') });
  });
});
