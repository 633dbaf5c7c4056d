import fc from 'fast-check';
import { IStatusChannel, StatusRequestError } from '../../../../src/connection/comm-channel';
import { renderEc2Clusters } from '../../../../src/panel/ec2-clusters';
import { renderEksClusters } from '../../../../src/panel/eks-clusters';
import { renderLivySessions } from '../../../../src/panel/livy-sessions';
import { ClusterPanelModel } from '../../../../src/panel/model';
import { PANEL_DEFAULTS } from '../settings';

// Everything the panel shows comes from AWS, Livy or the kernel, none of it trusted. Whatever text
// any field holds, and whatever URL a session reports, the panel makes no element from it and
// links only http(s) URLs.

const PANEL_RUNS = 150;

const hostile = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom('<img src=x onerror="alert(1)">', '<script>alert(2)</script>', '"><svg onload=alert(3)>', '&lt;b&gt;', '<a href="javascript:alert(4)">x</a>')
);
const url = fc.oneof(fc.constant(undefined), fc.constantFrom('javascript:alert(5)', 'data:text/html,<script>alert(6)</script>', 'http://127.0.0.1:4040', 'vbscript:x'), hostile);

const world = fc.record({
  cluster: fc.record({
    id: hostile,
    name: hostile,
    state: fc.oneof(hostile, fc.constantFrom('WAITING', 'RUNNING')),
    releaseLabel: hostile,
    applications: fc.array(hostile, { maxLength: 2 }),
    stateReason: hostile
  }),
  virtualCluster: fc.record({
    id: hostile,
    name: hostile,
    state: hostile,
    namespace: hostile,
    eksCluster: hostile,
    jobRuns: fc.array(fc.record({ id: hostile, name: hostile, state: hostile }), { maxLength: 2 })
  }),
  session: fc.record({ id: fc.nat(), name: hostile, kind: hostile, state: hostile, appId: hostile, sparkUiUrl: url, driverLogUrl: url }),
  livyUrl: hostile,
  failure: fc.oneof(fc.constant(undefined), hostile)
});

function channel(answers: Record<string, () => unknown>): IStatusChannel {
  return { request: async (method: string) => answers[method]() } as unknown as IStatusChannel;
}

async function draw(answers: Record<string, () => unknown>): Promise<HTMLElement> {
  const model = new ClusterPanelModel({
    channel: async () => channel(answers),
    notebookChannel: () => ({ channel: channel(answers), notebook: 'etl.ipynb' }),
    settings: () => PANEL_DEFAULTS,
    isVisible: () => true
  });
  const node = document.createElement('div');
  const loaded = new Promise<void>(resolve => model.changed.connect(() => !model.livy.loading && resolve()));
  void model.start();
  await loaded;
  node.replaceChildren(...renderEc2Clusters(model, Date.now()), ...renderEksClusters(model), ...renderLivySessions(model, async () => false));
  model.dispose();
  return node;
}

describe('cluster panel escaping (properties)', () => {
  it('makes no element from any text it is sent and links only http(s) URLs', async () => {
    await fc.assert(
      fc.asyncProperty(world, async ({ cluster, virtualCluster, session, livyUrl, failure }) => {
        const node = await draw({
          listClusters: () => {
            if (failure !== undefined) {
              throw new StatusRequestError('AWS_ACCESS_DENIED', failure);
            }
            return { clusters: [cluster] };
          },
          listVirtualClusters: () => ({ virtualClusters: [virtualCluster] }),
          listLivySessions: () => ({ url: livyUrl, sessions: [session] })
        });
        expect(node.querySelectorAll('img, script, svg, iframe, object, embed')).toHaveLength(0);
        for (const anchor of node.querySelectorAll('a')) {
          expect(anchor.getAttribute('href') ?? '').toMatch(/^https?:\/\//i);
        }
        // Shown as text, not dropped.
        expect(node.textContent).toContain(failure ?? cluster.name);
        expect(node.textContent).toContain(session.name);
      }),
      { numRuns: PANEL_RUNS }
    );
  });
});
