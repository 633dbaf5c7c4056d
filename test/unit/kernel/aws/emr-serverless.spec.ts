import { startApplicationIfStopped } from '../../../../kernel/src/aws/emr-serverless';
import { serverlessLivyUrl } from '../../../../kernel/src/aws/emr-serverless-livy';
import { UserError } from '../../../../kernel/src/core/errors';
import { fakeSdkClient } from '../../../helpers/fake-sdk-client';

/** An application whose GetApplication answers walk through `states`, the last one repeating. */
function application(states: string[], extra: Record<string, unknown> = {}) {
  let next = 0;
  return fakeSdkClient({
    GetApplicationCommand: () => ({ application: { applicationId: '00fabcdefghij123', name: 'notebooks', state: states[Math.min(next++, states.length - 1)], ...extra } }),
    StartApplicationCommand: () => ({})
  });
}

const FAST = { timeoutMs: 1000, pollMs: 1 };

describe('startApplicationIfStopped', () => {
  it('starts a stopped application and waits through STARTING, telling each state', async () => {
    const client = application(['STOPPED', 'STARTING', 'STARTING', 'STARTED']);
    const seen: string[] = [];
    const outcome = await startApplicationIfStopped(client, '00fabcdefghij123', { ...FAST, onProgress: state => seen.push(state) });
    expect(outcome).toMatchObject({ foundState: 'STOPPED', started: true, application: { state: 'STARTED' } });
    expect(client.calls.map(call => call.command)).toEqual(['GetApplicationCommand', 'StartApplicationCommand', 'GetApplicationCommand', 'GetApplicationCommand', 'GetApplicationCommand']);
    expect(seen).toEqual(['STARTING', 'STARTING']);
  });

  it('leaves a started application alone', async () => {
    const client = application(['STARTED']);
    const outcome = await startApplicationIfStopped(client, '00fabcdefghij123', FAST);
    expect(outcome).toMatchObject({ foundState: 'STARTED', started: false });
    expect(client.calls.map(call => call.command)).toEqual(['GetApplicationCommand']);
  });

  it('waits for a stopping application to stop, then starts it once', async () => {
    const client = application(['STOPPING', 'STOPPED', 'STARTING', 'STARTED']);
    const outcome = await startApplicationIfStopped(client, '00fabcdefghij123', FAST);
    expect(outcome).toMatchObject({ foundState: 'STOPPING', started: true });
    expect(client.calls.filter(call => call.command === 'StartApplicationCommand')).toHaveLength(1);
  });

  it('gives up after the bound, naming the state and the setting to raise', async () => {
    const client = application(['STOPPED', 'STARTING']);
    const error = await startApplicationIfStopped(client, '00fabcdefghij123', { timeoutMs: 30, pollMs: 5 }).catch(e => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).evalue).toMatch(/00fabcdefghij123 \(notebooks\) was still STARTING after \d+ s/);
    expect((error as UserError).evalue).toContain('EMR_SERVERLESS_START_TIMEOUT_S');
  });

  it('refuses a terminated application and one without a Livy endpoint, each with its remedy', async () => {
    const terminated = await startApplicationIfStopped(application(['TERMINATED']), '00fabcdefghij123', FAST).catch(e => e);
    expect((terminated as UserError).evalue).toContain('is terminated. Create a new application');
    const noLivy = application(['STOPPED'], { interactiveConfiguration: { livyEndpointEnabled: false } });
    const refused = await startApplicationIfStopped(noLivy, '00fabcdefghij123', FAST).catch(e => e);
    expect((refused as UserError).evalue).toContain('livyEndpointEnabled=true');
    expect(noLivy.calls.map(call => call.command)).toEqual(['GetApplicationCommand']);
  });

  it('stops waiting when the cell is interrupted', async () => {
    const controller = new AbortController();
    const client = application(['STOPPED', 'STARTING']);
    const waiting = startApplicationIfStopped(client, '00fabcdefghij123', { timeoutMs: 60_000, pollMs: 50, signal: controller.signal, onProgress: () => controller.abort() });
    await expect(waiting).rejects.toMatchObject({ name: 'LivyAbortedError' });
  });
});

describe('serverlessLivyUrl', () => {
  it("is AWS's Livy endpoint name for the application and region, unless the map names another", () => {
    expect(serverlessLivyUrl('00fabcdefghij123', 'eu-west-1', {})).toBe('https://00fabcdefghij123.livy.emr-serverless-services.eu-west-1.amazonaws.com');
    expect(serverlessLivyUrl('00fabcdefghij123', 'eu-west-1', { '00fabcdefghij123': 'http://127.0.0.1:9999' })).toBe('http://127.0.0.1:9999');
  });
});
