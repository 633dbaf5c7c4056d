import { IStatusChannel, StatusRequestError } from '../../../../src/connection/comm-channel';
import { renderEc2Clusters } from '../../../../src/panel/ec2-clusters';
import { IResizeDialogs } from '../../../../src/panel/instance-roles';
import { renderEksClusters } from '../../../../src/panel/eks-clusters';
import { renderLivySessions } from '../../../../src/panel/livy-sessions';
import { ClusterPanelModel } from '../../../../src/panel/model';
import { REMEDIES } from '../../../../src/panel/remedies';
import { PANEL_DEFAULTS } from '../settings';

const HOSTILE = '<img src=x onerror="alert(1)">';
const NOW = Date.parse('2026-01-15T12:30:00Z');

function channel(answers: Record<string, (params?: unknown) => unknown>): IStatusChannel {
  return { request: async (method: string, params: unknown) => answers[method](params) } as unknown as IStatusChannel;
}

async function renderedPanel(answers: Record<string, (params?: unknown) => unknown>, dialogs?: IResizeDialogs, settings = PANEL_DEFAULTS) {
  const model = new ClusterPanelModel({
    channel: async () => channel(answers),
    notebookChannel: () => ({ channel: channel(answers), notebook: 'etl.ipynb' }),
    settings: () => settings,
    isVisible: () => true
  });
  // The sections as cluster-panel.ts draws them (its SidePanel is ESM-only, which jest cannot load).
  const node = document.createElement('div');
  const draw = () => node.replaceChildren(...renderEc2Clusters(model, NOW, dialogs), ...renderEksClusters(model), ...renderLivySessions(model, async () => true));
  model.changed.connect(draw);
  const loaded = new Promise<void>(resolve => model.changed.connect(() => !model.livy.loading && resolve()));
  void model.start();
  await loaded;
  return { model, panel: { node, dispose: () => undefined } };
}

describe('the cluster panel views', () => {
  it('draws clusters as text with a state tone, uptime and a remedy for each failed section', async () => {
    const { model, panel } = await renderedPanel({
      listClusters: () => ({
        clusters: [{ id: 'j-1', name: HOSTILE, state: 'TERMINATED_WITH_ERRORS', createdAt: '2026-01-15T10:00:00Z', releaseLabel: 'emr-7.9.0', applications: ['Spark 3.5.5'] }]
      }),
      listVirtualClusters: () => {
        throw new StatusRequestError('AWS_ACCESS_DENIED', 'Access denied: emr-containers:ListVirtualClusters');
      },
      listLivySessions: () => {
        throw new StatusRequestError('LIVY_UNREACHABLE', 'Livy unreachable at http://127.0.0.1:8998 (ECONNREFUSED).');
      }
    });
    const node = panel.node;
    expect(node.querySelector('img')).toBeNull();
    expect(node.querySelector('.jp-emr-Ec2Clusters-name')?.textContent).toBe(HOSTILE);
    expect(node.querySelector('.jp-emr-StateBadge')?.className).toContain('jp-mod-failed');
    expect(node.querySelector('.jp-emr-Ec2Clusters-meta')?.textContent).toBe('emr-7.9.0 · Spark 3.5.5 · up 2h 30m');
    const errors = [...node.querySelectorAll<HTMLElement>('.jp-emr-StateView.jp-mod-error')];
    expect(errors.map(e => e.dataset.code)).toEqual(['AWS_ACCESS_DENIED', 'LIVY_UNREACHABLE']);
    expect(errors[1].textContent).toContain('Livy unreachable at http://127.0.0.1:8998');
    expect(errors[1].textContent).toContain(REMEDIES.LIVY_UNREACHABLE);
    // An ended cluster offers nothing to connect to or open.
    expect(node.querySelector('.jp-emr-Ec2Clusters-actions')).toBeNull();
    model.dispose();
    panel.dispose();
  });

  it('expands a cluster into its instance groups and steps', async () => {
    const { model, panel } = await renderedPanel({
      listClusters: () => ({ clusters: [{ id: 'j-1', name: 'etl', state: 'WAITING' }] }),
      listVirtualClusters: () => ({ virtualClusters: [] }),
      listLivySessions: () => ({ url: 'http://livy:8998', sessions: [] }),
      describeCluster: () => ({
        cluster: { id: 'j-1', name: 'etl', state: 'WAITING' },
        instances: { kind: 'groups', groups: [{ id: 'ig', role: 'CORE', instanceType: 'r5.xlarge', running: 2, requested: 3, market: 'SPOT', state: 'RUNNING' }] },
        steps: [{ id: 's-1', name: 'load', state: 'RUNNING' }]
      })
    });
    panel.node.querySelector<HTMLButtonElement>('.jp-emr-Ec2Clusters-toggle')!.click();
    await new Promise(resolve => setTimeout(resolve, 0));
    const cells = [...panel.node.querySelectorAll('.jp-emr-Ec2Clusters-instances td')].map(td => td.textContent);
    expect(cells).toEqual(['Core', 'r5.xlarge', 'spot', '2 / 3', 'RUNNING', '']);
    expect(panel.node.querySelector('.jp-emr-Ec2Clusters-step')?.textContent).toBe('RUNNINGload');
    expect(panel.node.querySelector('.jp-emr-EksClusters-list')).toBeNull();
    expect(panel.node.textContent).toContain('No EMR on EKS virtual clusters in this region.');
    expect(panel.node.textContent).toContain('No Livy sessions.');
    model.dispose();
    panel.dispose();
  });
});

describe('the Livy section', () => {
  it('marks a busy session with the jobs it runs, each linked to its Spark UI page', async () => {
    const { model, panel } = await renderedPanel({
      listClusters: () => ({ clusters: [] }),
      listVirtualClusters: () => ({ virtualClusters: [] }),
      listLivySessions: () => ({
        url: 'http://livy:8998',
        sessions: [
          { id: 3, name: 'nb', kind: 'spark', state: 'busy', runningJobs: [{ jobId: 7, description: `count at <console>:27 ${HOSTILE}`, url: 'http://127.0.0.1:4041/jobs/job/?id=7' }] },
          { id: 4, name: 'other', kind: 'spark', state: 'idle' }
        ]
      })
    });
    const jobs = [...panel.node.querySelectorAll('.jp-emr-LivySessions-job')];
    expect(jobs.map(job => job.textContent)).toEqual([`Job 7 running: count at <console>:27 ${HOSTILE}`]);
    expect(jobs[0].closest('[data-session-id]')?.getAttribute('data-session-id')).toBe('3');
    expect(jobs[0].querySelector('a')?.href).toBe('http://127.0.0.1:4041/jobs/job/?id=7');
    expect(panel.node.querySelector('img')).toBeNull();
    model.dispose();
    panel.dispose();
  });
});

describe("a cluster's actions", () => {
  const running = { id: 'j-1', name: 'etl', state: 'WAITING', releaseLabel: 'emr-7.9.0', masterAddress: 'ec2-1-2-3-4.compute-1.amazonaws.com' };
  const quiet = { listVirtualClusters: () => ({ virtualClusters: [] }), listLivySessions: () => ({ url: 'http://livy:8998', sessions: [] }) };

  it("links the cluster's Spark history server, YARN and Livy UIs on EMR's ports, in a new tab", async () => {
    const { model, panel } = await renderedPanel({ listClusters: () => ({ clusters: [running] }), ...quiet });
    const links = [...panel.node.querySelectorAll<HTMLAnchorElement>('.jp-emr-Ec2Clusters-actions a')];
    expect(links.map(a => [a.textContent, a.href])).toEqual([
      ['Spark history', 'http://ec2-1-2-3-4.compute-1.amazonaws.com:18080/'],
      ['YARN', 'http://ec2-1-2-3-4.compute-1.amazonaws.com:8088/cluster'],
      ['Livy UI', 'https://ec2-1-2-3-4.compute-1.amazonaws.com:8998/ui']
    ]);
    for (const anchor of links) {
      expect(anchor.target).toBe('_blank');
      expect(anchor.rel.split(' ')).toContain('noopener');
    }
    model.dispose();
  });

  it('shows no links while the cluster has no primary node address, nor for one that is not a host name', async () => {
    const { model, panel } = await renderedPanel({
      listClusters: () => ({
        clusters: [
          { ...running, masterAddress: undefined },
          { ...running, id: 'j-2', masterAddress: 'evil.test/x?"' }
        ]
      }),
      ...quiet
    });
    expect(panel.node.querySelectorAll('.jp-emr-Ec2Clusters-actions a')).toHaveLength(0);
    expect(panel.node.querySelectorAll('.jp-emr-Ec2Clusters-connect')).toHaveLength(2);
    model.dispose();
  });

  it('connects the active notebook and says where it runs now, and that Livy does not answer there yet', async () => {
    const { model, panel } = await renderedPanel({
      listClusters: () => ({ clusters: [running] }),
      ...quiet,
      connectCluster: () => ({ clusterId: 'j-1', livyUrl: 'https://ec2-1-2-3-4.compute-1.amazonaws.com:8998', reachable: false, problem: 'getaddrinfo ENOTFOUND', releasedSession: 3 })
    });
    panel.node.querySelector<HTMLButtonElement>('.jp-emr-Ec2Clusters-connect')!.click();
    expect(panel.node.querySelector('.jp-emr-Ec2Clusters-connection')?.textContent).toBe('Connecting the active notebook…');
    expect(panel.node.querySelector<HTMLButtonElement>('.jp-emr-Ec2Clusters-connect')!.disabled).toBe(true);
    await new Promise(resolve => setTimeout(resolve, 0));
    const notice = panel.node.querySelector('.jp-emr-Ec2Clusters-connection');
    expect(notice?.className).toContain('jp-mod-unanswered');
    expect(notice?.textContent).toBe(
      'etl.ipynb now runs on https://ec2-1-2-3-4.compute-1.amazonaws.com:8998. Livy does not answer there yet (getaddrinfo ENOTFOUND); the next cell tries again. ' +
        'Its session 3 on the previous Livy was deleted.'
    );
    model.dispose();
  });

  it('shows why a connect was refused, with the remedy', async () => {
    const { model, panel } = await renderedPanel({
      listClusters: () => ({ clusters: [running] }),
      ...quiet,
      connectCluster: () => {
        throw new StatusRequestError('KERNEL_BUSY', 'A cell is running in this notebook.');
      }
    });
    await model.connectNotebook('j-1');
    const error = panel.node.querySelector<HTMLElement>('.jp-emr-Ec2Clusters-cluster .jp-emr-StateView.jp-mod-error');
    expect(error?.dataset.code).toBe('KERNEL_BUSY');
    expect(error?.textContent).toContain(REMEDIES.KERNEL_BUSY);
    model.dispose();
  });
});

describe('node roles, load and resize', () => {
  const MIN = 60_000;
  const waiting = { id: 'j-1', name: 'etl', state: 'WAITING' };
  const quiet = { listVirtualClusters: () => ({ virtualClusters: [] }), listLivySessions: () => ({ url: 'http://livy:8998', sessions: [] }) };
  const group = (id: string, role: string, requested: number, running = requested, state = 'RUNNING') => ({
    id,
    name: `${role.toLowerCase()} nodes`,
    role,
    instanceType: 'r5.xlarge',
    market: 'ON_DEMAND',
    requested,
    running,
    state
  });
  const detail = (groups: unknown[]) => ({ cluster: waiting, instances: { kind: 'groups', groups }, steps: [] });
  const series = (metric: string, unit: string, values: number[]) => ({ metric, label: metric, unit, points: values.map((v, i) => [NOW - (values.length - i) * 5 * MIN, v]) });
  const load = {
    clusterId: 'j-1',
    from: new Date(NOW - 180 * MIN).toISOString(),
    to: new Date(NOW).toISOString(),
    periodSeconds: 300,
    series: [series('YARNMemoryAvailablePercentage', 'percent', [20, 50, 96]), series('IsIdle', 'count', [0, 1, 1]), series('TaskNodesRunning', 'count', [])],
    idleSince: new Date(NOW - 45 * MIN).toISOString()
  };

  function dialogs(answer: number[] | undefined, shrinkOk = true) {
    return {
      askTargets: jest.fn(async () => answer),
      confirmCoreShrink: jest.fn(async () => shrinkOk)
    };
  }

  async function expanded(answers: Record<string, (params?: unknown) => unknown>, resizeDialogs?: IResizeDialogs, settings = PANEL_DEFAULTS) {
    const rendered = await renderedPanel({ listClusters: () => ({ clusters: [waiting] }), clusterLoad: () => load, ...quiet, ...answers }, resizeDialogs, settings);
    rendered.panel.node.querySelector<HTMLButtonElement>('.jp-emr-Ec2Clusters-toggle')!.click();
    await new Promise(resolve => setTimeout(resolve, 0));
    return rendered;
  }

  it('lists groups in role order, primary, core, task, with a resize button on core and task only', async () => {
    const { model, panel } = await expanded({ describeCluster: () => detail([group('ig-t', 'TASK', 3), group('ig-m', 'MASTER', 1), group('ig-c', 'CORE', 2)]) }, dialogs(undefined));
    const rows = [...panel.node.querySelectorAll<HTMLElement>('.jp-emr-Ec2Clusters-instances tr[data-instance-id]')];
    expect(rows.map(r => r.querySelector('td')?.textContent)).toEqual(['Primary', 'Core', 'Task']);
    expect(rows.map(r => r.querySelector('.jp-emr-Ec2Clusters-resize')?.getAttribute('aria-label') ?? null)).toEqual([null, 'Resize core nodes', 'Resize task nodes']);
    model.dispose();
  });

  it("shows a fleet's provisioned and target capacities", async () => {
    const fleet = {
      id: 'if-t',
      name: 'spot pool',
      role: 'TASK',
      state: 'RUNNING',
      instanceTypes: ['r5.xlarge', 'r6g.xlarge'],
      onDemand: { provisioned: 1, target: 2 },
      spot: { provisioned: 4, target: 4 }
    };
    const { model, panel } = await expanded({ describeCluster: () => ({ cluster: waiting, instances: { kind: 'fleets', fleets: [fleet] }, steps: [] }) });
    const cells = [...panel.node.querySelectorAll('.jp-emr-Ec2Clusters-instances td')].map(td => td.textContent);
    expect(cells).toEqual(['Task', 'r5.xlarge, r6g.xlarge', 'on-demand 1 / 2, spot 4 / 4', '5 / 6', 'RUNNING', '']);
    model.dispose();
  });

  it('draws each metric as a sparkline with its latest value, and says how long the cluster has been idle', async () => {
    const { model, panel } = await expanded({ describeCluster: () => detail([]) });
    const rows = [...panel.node.querySelectorAll<HTMLElement>('.jp-emr-LoadCharts-row')];
    expect(rows.map(r => r.dataset.metric)).toEqual(['YARNMemoryAvailablePercentage', 'IsIdle', 'TaskNodesRunning']);
    expect(rows.map(r => r.querySelector('.jp-emr-LoadCharts-value')?.textContent)).toEqual(['96 %', '1', 'no data']);
    const line = rows[0].querySelector('polyline')!.getAttribute('points')!.split(' ');
    expect(line).toHaveLength(3);
    // Percentages span 0-100: 96 % is near the top of the 28-high box, 20 % near the bottom.
    expect(Number(line[2].split(',')[1])).toBeLessThan(3);
    expect(Number(line[0].split(',')[1])).toBeGreaterThan(20);
    expect(rows[2].querySelector('polyline')).toBeNull();
    expect(panel.node.querySelector('.jp-emr-LoadCharts-idle')?.textContent).toMatch(/^Idle for 45 min: /);
    model.dispose();
  });

  it('gives no idle notice before IsIdle has held for 30 minutes, or for as long as the setting says', async () => {
    const early = await expanded({ describeCluster: () => detail([]), clusterLoad: () => ({ ...load, idleSince: new Date(NOW - 25 * MIN).toISOString() }) });
    expect(early.panel.node.querySelector('.jp-emr-LoadCharts-row')).not.toBeNull();
    expect(early.panel.node.querySelector('.jp-emr-LoadCharts-idle')).toBeNull();
    early.model.dispose();
    const patient = await expanded({ describeCluster: () => detail([]) }, undefined, { ...PANEL_DEFAULTS, idleNoticeMinutes: 60 });
    expect(patient.panel.node.querySelector('.jp-emr-LoadCharts-row')).not.toBeNull();
    expect(patient.panel.node.querySelector('.jp-emr-LoadCharts-idle')).toBeNull();
    patient.model.dispose();
  });

  it('resizes a task group after the dialog, then follows it until EMR reports it settled', async () => {
    // After the resize, EMR first reports the group resizing, then settled at 5.
    let looksSinceResize: number | undefined;
    const asked: unknown[] = [];
    const ask = dialogs([5]);
    const { model, panel } = await expanded(
      {
        describeCluster: () => {
          if (looksSinceResize === undefined) {
            return detail([group('ig-t', 'TASK', 3)]);
          }
          return detail([looksSinceResize++ === 0 ? group('ig-t', 'TASK', 5, 3, 'RESIZING') : group('ig-t', 'TASK', 5)]);
        },
        resizeInstanceGroup: params => {
          asked.push(params);
          looksSinceResize = 0;
          return { clusterId: 'j-1', id: 'ig-t', role: 'TASK', from: '3', to: '5' };
        }
      },
      ask
    );
    jest.useFakeTimers();
    try {
      panel.node.querySelector<HTMLButtonElement>('.jp-emr-Ec2Clusters-resize')!.click();
      await jest.advanceTimersByTimeAsync(0);
      expect(ask.askTargets).toHaveBeenCalledWith('Resize task group task nodes', [{ label: 'r5.xlarge instances', current: 3 }]);
      expect(ask.confirmCoreShrink).not.toHaveBeenCalled();
      expect(asked).toEqual([{ clusterId: 'j-1', groupId: 'ig-t', count: 5, shrinkCore: false }]);
      expect(panel.node.querySelector('.jp-emr-Ec2Clusters-resizing')?.textContent).toBe('Task task nodes: 3 → 5; EMR is changing it…');
      await jest.advanceTimersByTimeAsync(5_000);
      expect(panel.node.querySelector('.jp-emr-Ec2Clusters-resizing')?.textContent).toBe('Task task nodes: 3 → 5, done.');
      expect(panel.node.querySelector('.jp-emr-Ec2Clusters-instances tr[data-instance-id] td:nth-child(4)')?.textContent).toBe('5 / 5');
    } finally {
      jest.useRealTimers();
      model.dispose();
    }
  });

  it('asks again before a core group shrinks, and asks EMR nothing when the user declines', async () => {
    const asked: unknown[] = [];
    const ask = dialogs([1], false);
    const { model, panel } = await expanded({ describeCluster: () => detail([group('ig-c', 'CORE', 2)]), resizeInstanceGroup: params => asked.push(params) }, ask);
    panel.node.querySelector<HTMLButtonElement>('.jp-emr-Ec2Clusters-resize')!.click();
    await new Promise(resolve => setTimeout(resolve, 0));
    expect(ask.confirmCoreShrink).toHaveBeenCalledWith('core nodes', 2, 1);
    expect(asked).toEqual([]);
    model.dispose();
  });

  it("shows AWS's refusal of a resize with the remedy", async () => {
    const { model, panel } = await expanded(
      {
        describeCluster: () => detail([group('ig-t', 'TASK', 3)]),
        resizeInstanceGroup: () => {
          throw new StatusRequestError('AWS_ACCESS_DENIED', 'Access denied: User is not authorized to perform: elasticmapreduce:ModifyInstanceGroups');
        }
      },
      dialogs([4])
    );
    panel.node.querySelector<HTMLButtonElement>('.jp-emr-Ec2Clusters-resize')!.click();
    await new Promise(resolve => setTimeout(resolve, 0));
    const error = panel.node.querySelector<HTMLElement>('.jp-emr-Ec2Clusters-roles .jp-emr-StateView.jp-mod-error');
    expect(error?.dataset.code).toBe('AWS_ACCESS_DENIED');
    expect(error?.textContent).toContain('elasticmapreduce:ModifyInstanceGroups');
    expect(error?.textContent).toContain(REMEDIES.AWS_ACCESS_DENIED);
    model.dispose();
  });
});

describe('remedies', () => {
  it('are one sentence each', () => {
    for (const remedy of Object.values(REMEDIES)) {
      expect(remedy).toMatch(/^[A-Z][^]*\.$/);
      expect(remedy.split(/\.\s+[A-Z]/)).toHaveLength(1);
    }
  });

  it('name both places an endpoint override comes from, the variable and the kernel config', () => {
    // The kernel reads AWS_ENDPOINT_URL (and its per-service forms) and then "emr.endpoint"
    // (awsEndpointOverride): a user who set only the latter must recognise it in the remedy.
    expect(REMEDIES.ENDPOINT_UNREACHABLE).toContain('AWS_ENDPOINT_URL');
    expect(REMEDIES.ENDPOINT_UNREACHABLE).toContain('"emr.endpoint"');
    expect(REMEDIES.ENDPOINT_UNREACHABLE).toContain('kernel config');
  });
});
