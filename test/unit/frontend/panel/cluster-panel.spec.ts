import { IStatusChannel, StatusRequestError } from '../../../../src/connection/comm-channel';
import { renderEc2Clusters } from '../../../../src/panel/ec2-clusters';
import { renderEksClusters } from '../../../../src/panel/eks-clusters';
import { renderLivySessions } from '../../../../src/panel/livy-sessions';
import { ClusterPanelModel } from '../../../../src/panel/model';
import { REMEDIES } from '../../../../src/panel/remedies';
import { PANEL_DEFAULTS } from '../settings';

const HOSTILE = '<img src=x onerror="alert(1)">';

function channel(answers: Record<string, () => unknown>): IStatusChannel {
  return { request: async (method: string) => answers[method]() } as unknown as IStatusChannel;
}

async function renderedPanel(answers: Record<string, () => unknown>) {
  const model = new ClusterPanelModel({
    channel: async () => channel(answers),
    notebookChannel: () => ({ channel: channel(answers), notebook: 'etl.ipynb' }),
    settings: () => PANEL_DEFAULTS,
    isVisible: () => true
  });
  // The sections as cluster-panel.ts draws them (its SidePanel is ESM-only, which jest cannot load).
  const node = document.createElement('div');
  const draw = () => node.replaceChildren(...renderEc2Clusters(model, Date.parse('2026-01-15T12:30:00Z')), ...renderEksClusters(model), ...renderLivySessions(model, async () => true));
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
    expect(cells).toEqual(['CORE', 'r5.xlarge', '2 / 3', 'SPOT']);
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
