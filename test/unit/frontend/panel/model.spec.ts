import { IAwsTarget, StatusMethod, StatusParams, StatusResult } from '@jupyterlab-emr/common';
import { IStatusChannel, StatusRequestError } from '../../../../src/connection/comm-channel';
import { ClusterPanelModel } from '../../../../src/panel/model';
import type { IPanelSettings } from '../../../../src/settings/settings';
import { PANEL_DEFAULTS } from '../settings';

// Each answer takes its own method's params; `never` admits them all, and request() passes them on unchecked.
type Answer = (params: never) => unknown;

/** The comm channel at its interface: answers per method, recording every request. */
class FakeChannel implements IStatusChannel {
  readonly requests: { method: StatusMethod; params: unknown; aws?: IAwsTarget }[] = [];
  constructor(public answers: Partial<Record<StatusMethod, Answer>>) {}
  async request<M extends StatusMethod>(method: M, params: StatusParams<M>, aws?: IAwsTarget): Promise<StatusResult<M>> {
    this.requests.push({ method, params, aws });
    const answer = this.answers[method];
    if (!answer) {
      throw new StatusRequestError('INTERNAL', `no answer for ${method}`);
    }
    return answer(params as never) as StatusResult<M>;
  }
  count(method: StatusMethod): number {
    return this.requests.filter(r => r.method === method).length;
  }
}

const cluster = (id: string) => ({ id, name: `cluster ${id}`, state: 'WAITING' });
const fail = (code: StatusRequestError['code'], message: string) => () => {
  throw new StatusRequestError(code, message);
};

const ANSWERS: Partial<Record<StatusMethod, Answer>> = {
  listClusters: ({ marker }) => (marker ? { clusters: [cluster('j-3')] } : { clusters: [cluster('j-1'), cluster('j-2')], marker: 'page-2' }),
  listVirtualClusters: () => ({ virtualClusters: [] }),
  listLivySessions: fail('LIVY_UNREACHABLE', 'Livy unreachable at http://127.0.0.1:8998 (ECONNREFUSED).'),
  describeCluster: ({ id }) => ({ cluster: cluster(id), instances: { kind: 'groups', groups: [] }, steps: [] })
};

const INTERVAL_S = 10;

const NOT_EMR = new StatusRequestError('NOT_EMR_NOTEBOOK', 'The active notebook, Untitled.ipynb, runs the Python 3 kernel.');

function setup(answers = ANSWERS, settings: Partial<IPanelSettings> = {}, notebook: FakeChannel | StatusRequestError = NOT_EMR, isVisible = () => true) {
  const channel = new FakeChannel({ ...answers });
  const model = new ClusterPanelModel({
    channel: async () => channel,
    notebookChannel: () => {
      if (notebook instanceof StatusRequestError) {
        throw notebook;
      }
      return { channel: notebook, notebook: 'etl.ipynb' };
    },
    settings: () => ({ ...PANEL_DEFAULTS, refreshIntervalSeconds: INTERVAL_S, region: 'eu-west-1', profile: 'analytics', ...settings }),
    isVisible
  });
  return { channel, model };
}

/** Lets the poll's timers and the fake channel's promises run. */
async function advance(ms: number): Promise<void> {
  await jest.advanceTimersByTimeAsync(ms);
}

describe('ClusterPanelModel', () => {
  beforeAll(() => Object.defineProperty(document, 'hidden', { configurable: true, get: () => false }));
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  it('loads every section on start, asking with the region, profile and filter from the settings', async () => {
    const { channel, model } = setup();
    void model.start();
    await advance(0);
    expect(channel.requests.map(r => r.method).sort()).toEqual(['listClusters', 'listLivySessions', 'listServerlessApplications', 'listVirtualClusters']);
    expect(channel.requests[0]).toMatchObject({ params: { filter: 'active' }, aws: { region: 'eu-west-1', profile: 'analytics' } });
    expect(model.ec2).toMatchObject({ loading: false, error: null, data: { clusters: [cluster('j-1'), cluster('j-2')], marker: 'page-2' } });
    expect(model.eks).toEqual({ loading: false, error: null, data: [] });
    model.dispose();
  });

  it("loads at once when the panel comes on screen, not at the standing-by timer's next tick", async () => {
    let visible = false;
    const { channel, model } = setup(ANSWERS, {}, NOT_EMR, () => visible);
    void model.start();
    await advance(0);
    expect(channel.count('listClusters')).toBe(0);
    visible = true;
    model.shown();
    await advance(0);
    expect(channel.count('listClusters')).toBe(1);
    expect(model.ec2.data?.clusters).toHaveLength(2);
    // Shown again within the interval: the data is fresh, nothing is asked.
    model.shown();
    await advance(0);
    expect(channel.count('listClusters')).toBe(1);
    model.dispose();
  });

  it('draws each section when its own answer comes: a slow Livy holds up no cluster', async () => {
    let answerLivy: (value: unknown) => void = () => undefined;
    const { model } = setup({ ...ANSWERS, listLivySessions: () => new Promise(resolve => (answerLivy = resolve)) });
    void model.start();
    await advance(0);
    expect(model.ec2).toMatchObject({ loading: false, data: { clusters: [cluster('j-1'), cluster('j-2')] } });
    expect(model.livy.loading).toBe(true);
    answerLivy({ url: 'http://livy:8998', sessions: [] });
    await advance(0);
    expect(model.livy).toEqual({ loading: false, error: null, data: { url: 'http://livy:8998', sessions: [] } });
    model.dispose();
  });

  it('refreshes on the interval from the settings', async () => {
    const { channel, model } = setup();
    void model.start();
    await advance(0);
    await advance(INTERVAL_S * 1000);
    expect(channel.count('listClusters')).toBe(2);
    await advance(INTERVAL_S * 1000);
    expect(channel.count('listClusters')).toBe(3);
    model.dispose();
  });

  it('shows Livy as unreachable at its URL without slowing the refresh down', async () => {
    const { channel, model } = setup();
    void model.start();
    await advance(0);
    expect(model.livy.error).toEqual({ code: 'LIVY_UNREACHABLE', message: 'Livy unreachable at http://127.0.0.1:8998 (ECONNREFUSED).' });
    await advance(INTERVAL_S * 1000);
    expect(channel.count('listClusters')).toBe(2);
    model.dispose();
  });

  it('backs off while EMR fails, keeps the code for the remedy, and returns to the interval when it recovers', async () => {
    // Lumino's backoff is random between the interval and three times the last wait; take the top.
    jest.spyOn(Math, 'random').mockReturnValue(0.999);
    const { channel, model } = setup({ ...ANSWERS, listClusters: fail('AWS_ACCESS_DENIED', 'Access denied: not authorized') });
    const times: number[] = [];
    model.changed.connect(() => times.push(Date.now()));
    void model.start();
    await advance(0);
    expect(model.ec2.error).toEqual({ code: 'AWS_ACCESS_DENIED', message: 'Access denied: not authorized' });
    await advance(30 * INTERVAL_S * 1000);
    // One refresh draws each section as it comes, all at the same (fake) moment: one time per refresh.
    const refreshes = [...new Set(times)];
    const gaps = refreshes.slice(1).map((time, i) => time - refreshes[i]);
    // Each wait at least as long as the one before, ending well beyond the interval, capped at ten.
    expect(gaps).toEqual([...gaps].sort((a, b) => a - b));
    expect(Math.max(...gaps)).toBe(10 * INTERVAL_S * 1000);
    const failedCalls = channel.count('listClusters');
    expect(failedCalls).toBeLessThan(30);

    channel.answers.listClusters = ANSWERS.listClusters;
    await advance(10 * INTERVAL_S * 1000);
    expect(channel.count('listClusters')).toBeGreaterThan(failedCalls);
    expect(model.ec2.error).toBeNull();
    const recovered = channel.count('listClusters');
    await advance(INTERVAL_S * 1000);
    expect(channel.count('listClusters')).toBe(recovered + 1);
    model.dispose();
  });

  it('reports KERNEL_UNAVAILABLE in every section when there is no kernel to ask', async () => {
    const model = new ClusterPanelModel({
      channel: () => Promise.reject(new StatusRequestError('KERNEL_UNAVAILABLE', 'No notebook with an emr-livy kernel is active.')),
      notebookChannel: () => {
        throw NOT_EMR;
      },
      settings: () => PANEL_DEFAULTS,
      isVisible: () => true
    });
    void model.start();
    await advance(0);
    for (const section of [model.ec2, model.eks, model.livy]) {
      expect(section.error?.code).toBe('KERNEL_UNAVAILABLE');
    }
    model.dispose();
  });

  it('appends the next page with the marker, and loads a cluster detail when expanded', async () => {
    const { channel, model } = setup();
    void model.start();
    await advance(0);
    await model.loadMore();
    expect(model.ec2.data?.clusters.map(c => c.id)).toEqual(['j-1', 'j-2', 'j-3']);
    expect(model.ec2.data?.marker).toBeUndefined();
    expect(channel.requests.find(r => r.method === 'listClusters' && (r.params as { marker?: string }).marker)).toBeTruthy();

    model.toggle('j-2');
    expect(model.details.get('j-2')?.loading).toBe(true);
    await advance(0);
    expect(model.details.get('j-2')?.data?.cluster.id).toBe('j-2');
    model.toggle('j-2');
    expect(model.isExpanded('j-2')).toBe(false);
    model.dispose();
  });

  it('lists all clusters after the filter changes', async () => {
    const { channel, model } = setup();
    void model.start();
    await advance(0);
    model.setFilter('all');
    await advance(0);
    expect(channel.requests.filter(r => r.method === 'listClusters').map(r => (r.params as { filter: string }).filter)).toEqual(['active', 'all']);
    model.dispose();
  });

  it("connects the active notebook's own kernel, not the panel's, with the panel's AWS target, then refreshes", async () => {
    const notebook = new FakeChannel({
      connectCluster: ({ clusterId }) => ({ clusterId, livyUrl: 'https://primary:8998', reachable: false, problem: 'getaddrinfo ENOTFOUND primary' })
    });
    const { channel, model } = setup(ANSWERS, {}, notebook);
    void model.start();
    await advance(0);
    const listed = channel.count('listClusters');
    const connecting = model.connectNotebook('j-1');
    expect(model.connection).toEqual({ clusterId: 'j-1', outcome: { loading: true, data: null, error: null } });
    await connecting;
    expect(notebook.requests).toEqual([{ method: 'connectCluster', params: { clusterId: 'j-1' }, aws: { region: 'eu-west-1', profile: 'analytics' } }]);
    expect(channel.count('connectCluster')).toBe(0);
    expect(model.connection?.outcome.data).toEqual({
      clusterId: 'j-1',
      livyUrl: 'https://primary:8998',
      reachable: false,
      problem: 'getaddrinfo ENOTFOUND primary',
      notebook: 'etl.ipynb'
    });
    await advance(0);
    expect(channel.count('listClusters')).toBe(listed + 1);
    model.dispose();
  });

  it('says so when the active notebook is not on emr-livy, and asks no kernel', async () => {
    const { channel, model } = setup();
    await model.connectNotebook('j-1');
    expect(model.connection).toEqual({ clusterId: 'j-1', outcome: { loading: false, data: null, error: NOT_EMR.status } });
    expect(channel.requests).toEqual([]);
    model.dispose();
  });

  describe('the second step of a refresh', () => {
    const pending = (id: string) => ({ ...cluster(id), detailsPending: true });
    const detailed = (id: string) => ({ ...cluster(id), releaseLabel: 'emr-7.9.0', instances: { kind: 'groups', groups: [] } });
    const ids = Array.from({ length: 10 }, (_, i) => `j-${i}`);

    /** clusterDetails answers held until the test lets each one go, in the order asked. */
    function heldDetails() {
      const held: { ids: string[]; answer: () => void; fail: (error: Error) => void }[] = [];
      const answer: Answer = ({ ids: asked }: { ids: string[] }) => new Promise((resolve, reject) => held.push({ ids: asked, answer: () => resolve({ clusters: asked.map(detailed) }), fail: reject }));
      return { held, answer };
    }

    it('draws the rows before any details come, then fills them in a batch at a time', async () => {
      const details = heldDetails();
      const { channel, model } = setup({ ...ANSWERS, listClusters: () => ({ clusters: ids.map(pending) }), clusterDetails: details.answer });
      void model.start();
      await advance(0);
      expect(model.ec2.loading).toBe(false);
      expect(model.ec2.data?.clusters.map(c => [c.id, c.detailsPending])).toEqual(ids.map(id => [id, true]));
      expect(details.held.map(h => h.ids)).toEqual([ids.slice(0, 8)]);
      expect(channel.requests.find(r => r.method === 'clusterDetails')?.aws).toEqual({ region: 'eu-west-1', profile: 'analytics' });

      details.held[0].answer();
      await advance(0);
      expect(model.ec2.data?.clusters.map(c => c.releaseLabel ?? 'pending')).toEqual([...ids.slice(0, 8).map(() => 'emr-7.9.0'), 'pending', 'pending']);
      expect(details.held.map(h => h.ids)).toEqual([ids.slice(0, 8), ids.slice(8)]);

      details.held[1].answer();
      await advance(0);
      expect(model.ec2.data?.clusters.every(c => c.releaseLabel === 'emr-7.9.0' && !c.detailsPending)).toBe(true);
      expect(channel.count('clusterDetails')).toBe(2);
      model.dispose();
    });

    it('asks nothing more for rows the list completed from its cache, and lets go of a row the kernel left out', async () => {
      const { channel, model } = setup({
        ...ANSWERS,
        listClusters: () => ({ clusters: [detailed('j-1'), pending('j-2'), pending('j-3')] }),
        clusterDetails: () => ({ clusters: [detailed('j-2')] })
      });
      void model.start();
      await advance(0);
      expect(channel.requests.filter(r => r.method === 'clusterDetails').map(r => r.params)).toEqual([{ ids: ['j-2', 'j-3'] }]);
      expect(model.ec2.data?.clusters.map(c => [c.id, c.releaseLabel, c.detailsPending])).toEqual([
        ['j-1', 'emr-7.9.0', undefined],
        ['j-2', 'emr-7.9.0', undefined],
        ['j-3', undefined, undefined]
      ]);
      model.dispose();
    });

    it('keeps the rows and says why when the details fail, and asks again at the next refresh', async () => {
      const details = heldDetails();
      const { channel, model } = setup({ ...ANSWERS, listClusters: () => ({ clusters: ids.map(pending) }), clusterDetails: details.answer });
      void model.start();
      await advance(0);
      details.held[0].fail(new StatusRequestError('AWS_THROTTLED', 'Rate exceeded'));
      await advance(0);
      expect(model.ec2.error).toBeNull();
      expect(model.ec2.data?.detailsError).toEqual({ code: 'AWS_THROTTLED', message: 'Rate exceeded' });
      expect(model.ec2.data?.clusters.every(c => c.detailsPending)).toBe(true);
      expect(channel.count('clusterDetails')).toBe(1);

      await advance(INTERVAL_S * 1000);
      expect(model.ec2.data?.detailsError).toBeUndefined();
      expect(channel.count('clusterDetails')).toBe(2);
      model.dispose();
    });

    it('fills the rows of a page that "Load more" brought', async () => {
      const { channel, model } = setup({
        ...ANSWERS,
        listClusters: ({ marker }: { marker?: string }) => (marker ? { clusters: [pending('j-3')] } : { clusters: [detailed('j-1')], marker: 'page-2' }),
        clusterDetails: ({ ids: asked }: { ids: string[] }) => ({ clusters: asked.map(detailed) })
      });
      void model.start();
      await advance(0);
      expect(channel.count('clusterDetails')).toBe(0);
      await model.loadMore();
      expect(channel.requests.filter(r => r.method === 'clusterDetails').map(r => r.params)).toEqual([{ ids: ['j-3'] }]);
      expect(model.ec2.data?.clusters.map(c => c.releaseLabel)).toEqual(['emr-7.9.0', 'emr-7.9.0']);
      model.dispose();
    });
  });
});
