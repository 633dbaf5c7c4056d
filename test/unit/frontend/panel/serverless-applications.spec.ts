import { IServerlessApplication } from '@jupyterlab-emr/common';
import { IStatusChannel, StatusRequestError } from '../../../../src/connection/comm-channel';
import { ClusterPanelModel } from '../../../../src/panel/model';
import { REMEDIES } from '../../../../src/panel/remedies';
import { renderServerlessApplications } from '../../../../src/panel/serverless-applications';
import { PANEL_DEFAULTS } from '../settings';

const HOSTILE = '<img src=x onerror="alert(1)">';

const STOPPED: IServerlessApplication = {
  id: '00fabcdefghij123',
  name: 'notebooks-interactive',
  state: 'STOPPED',
  releaseLabel: 'emr-7.9.0',
  type: 'Spark',
  architecture: 'ARM64',
  livyEndpoint: true,
  jobRuns: [
    { id: 'jr-2', name: 'weekly-compact', state: 'FAILED' },
    { id: 'jr-1', name: HOSTILE, state: 'SUCCESS' }
  ]
};

type Answers = Record<string, (params?: unknown) => unknown>;

/** The panel's model on a fake channel, with the EMR Serverless section drawn as cluster-panel.ts draws it. */
async function serverlessSection(answers: Answers) {
  const calls: { method: string; params: unknown }[] = [];
  const channel = {
    request: async (method: string, params: unknown) => {
      calls.push({ method, params });
      return answers[method]?.(params) ?? (method === 'listServerlessApplications' ? undefined : {});
    }
  } as unknown as IStatusChannel;
  const model = new ClusterPanelModel({
    channel: async () => channel,
    notebookChannel: () => ({ channel, notebook: 'etl.ipynb' }),
    settings: () => PANEL_DEFAULTS,
    isVisible: () => true
  });
  const node = document.createElement('div');
  model.changed.connect(() => node.replaceChildren(...renderServerlessApplications(model)));
  const loaded = new Promise<void>(resolve => model.changed.connect(() => !model.serverless.loading && resolve()));
  void model.start();
  await loaded;
  return { model, node, calls };
}

describe('the EMR Serverless section', () => {
  it('lists applications with state, type, release and architecture, and their job runs as text', async () => {
    const { model, node } = await serverlessSection({ listServerlessApplications: () => ({ applications: [STOPPED] }) });
    expect(node.querySelector('.jp-emr-ServerlessApplications-name')?.textContent).toBe('notebooks-interactive');
    expect(node.querySelector('.jp-emr-ServerlessApplications-id')?.textContent).toBe('00fabcdefghij123');
    expect(node.querySelector('.jp-emr-ServerlessApplications-meta')?.textContent).toBe('Spark · emr-7.9.0 · arm64');
    expect(node.querySelector('.jp-emr-ServerlessApplications-head .jp-emr-StateBadge')?.textContent).toBe('STOPPED');
    const runs = [...node.querySelectorAll('.jp-emr-ServerlessApplications-run')].map(run => run.textContent);
    expect(runs).toEqual(['FAILEDweekly-compact', `SUCCESS${HOSTILE}`]);
    expect(node.querySelector('img')).toBeNull();
    expect(node.querySelector<HTMLButtonElement>('.jp-emr-ServerlessApplications-connect')?.title).toContain('starting the application first');
    model.dispose();
  });

  it('offers no Connect where the Livy endpoint is off, and says so', async () => {
    const { model, node } = await serverlessSection({ listServerlessApplications: () => ({ applications: [{ ...STOPPED, livyEndpoint: false }] }) });
    expect(node.querySelector('.jp-emr-ServerlessApplications-connect')).toBeNull();
    expect(node.textContent).toContain('Livy endpoint off');
    model.dispose();
  });

  it('says so when the region has none, and shows a failed listing with its remedy', async () => {
    const empty = await serverlessSection({ listServerlessApplications: () => ({ applications: [] }) });
    expect(empty.node.textContent).toBe('No EMR Serverless applications in this region.');
    empty.model.dispose();
    const denied = await serverlessSection({
      listServerlessApplications: () => {
        throw new StatusRequestError('AWS_ACCESS_DENIED', 'not authorized to perform: emr-serverless:ListApplications');
      }
    });
    const error = denied.node.querySelector<HTMLElement>('.jp-emr-StateView.jp-mod-error');
    expect(error?.dataset.code).toBe('AWS_ACCESS_DENIED');
    expect(error?.textContent).toContain('emr-serverless:ListApplications');
    expect(error?.textContent).toContain(REMEDIES.AWS_ACCESS_DENIED);
    denied.model.dispose();
  });

  it("Connect asks the active notebook's kernel, shows the start, then the outcome", async () => {
    let answer: (value: unknown) => void = () => undefined;
    const { model, node, calls } = await serverlessSection({
      listServerlessApplications: () => ({ applications: [STOPPED] }),
      listLivySessions: () => ({ url: 'https://00fabcdefghij123.livy.emr-serverless-services.us-east-1.amazonaws.com', sessions: [] }),
      connectServerlessApplication: () => new Promise(resolve => (answer = resolve))
    });
    node.querySelector<HTMLButtonElement>('.jp-emr-ServerlessApplications-connect')!.click();
    await new Promise(resolve => setTimeout(resolve, 0));
    expect(calls.filter(call => call.method === 'connectServerlessApplication').map(call => call.params)).toEqual([{ applicationId: '00fabcdefghij123' }]);
    expect(node.querySelector('.jp-emr-ServerlessApplications-connection')?.textContent).toBe('Starting notebooks-interactive (it is STOPPED), then connecting the active notebook…');
    expect(node.querySelector<HTMLButtonElement>('.jp-emr-ServerlessApplications-connect')?.disabled).toBe(true);
    answer({
      applicationId: STOPPED.id,
      applicationName: STOPPED.name,
      foundState: 'STOPPED',
      started: true,
      livyUrl: 'https://00fabcdefghij123.livy.emr-serverless-services.us-east-1.amazonaws.com',
      reachable: true,
      livyVersion: '0.8.0'
    });
    await new Promise(resolve => setTimeout(resolve, 0));
    const notice = node.querySelector('.jp-emr-ServerlessApplications-connection');
    expect(notice?.className).toContain('jp-mod-connected');
    expect(notice?.textContent).toBe(
      'etl.ipynb now runs on notebooks-interactive (https://00fabcdefghij123.livy.emr-serverless-services.us-east-1.amazonaws.com). ' +
        'The application was STOPPED and is started. Its Livy 0.8.0 answers signed requests; the next cell starts a session.'
    );
    model.dispose();
  });

  it('shows a refused Connect with its remedy', async () => {
    const { model, node } = await serverlessSection({
      listServerlessApplications: () => ({ applications: [STOPPED] }),
      connectServerlessApplication: () => {
        throw new StatusRequestError('APPLICATION_NOT_CONNECTABLE', 'EMR Serverless application 00fabcdefghij123 (notebooks-interactive) is terminated.');
      }
    });
    await model.connectServerless(STOPPED.id);
    const error = node.querySelector<HTMLElement>('.jp-emr-StateView.jp-mod-error');
    expect(error?.dataset.code).toBe('APPLICATION_NOT_CONNECTABLE');
    expect(error?.textContent).toContain('is terminated.');
    expect(error?.textContent).toContain(REMEDIES.APPLICATION_NOT_CONNECTABLE);
    model.dispose();
  });
});
