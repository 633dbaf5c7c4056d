import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { IMessage } from '../../../kernel/src/protocol/messages';
import { KernelHarness } from '../../helpers/kernel-harness';
import { SilentEndpoint } from '../../helpers/silent-endpoint';

// A Livy that accepts the connection and never answers (a hung gateway), reached by %connect in a
// real kernel process. The request timeout is an hour, so only the interrupt can end the cell
// (found by the UI responsiveness test: before, %connect waited out the whole timeout).

describe('%connect to a Livy that never answers', () => {
  let silent: SilentEndpoint;
  let kernel: KernelHarness;
  let configHome: string;

  beforeAll(async () => {
    silent = await SilentEndpoint.start();
    configHome = await fs.mkdtemp(path.join(os.tmpdir(), 'emr-livy-silent-'));
    kernel = await KernelHarness.start({
      env: { XDG_CONFIG_HOME: configHome, EMR_LIVY_CONFIG: '', LIVY_URL: '', EMR_LIVY_REQUEST_TIMEOUT_MS: String(3_600_000) }
    });
  }, 60_000);

  afterAll(async () => {
    await kernel?.stop();
    await silent?.stop();
    await fs.rm(configHome, { recursive: true, force: true });
  });

  const execute = (code: string): Promise<IMessage> => kernel.client.send('shell', 'execute_request', { code, stop_on_error: false });

  it('ends as interrupted, lets go of the connection, switches nowhere, and the kernel runs the next cell', async () => {
    const request = await execute(`%connect ${silent.url}`);
    await waitFor(() => silent.connections.length > 0);
    expect(silent.openConnections).toBe(1);

    await kernel.client.send('control', 'interrupt_request', {});
    const reply = await kernel.client.replyTo(request, 30_000);
    expect(reply.content).toMatchObject({ status: 'error', ename: 'KeyboardInterrupt' });
    await kernel.client.idleAfter(request, 30_000);
    await waitFor(() => silent.openConnections === 0);

    // Still on no Livy at all: the interrupted %connect did not switch.
    const info = await execute('%%info');
    const infoReply = await kernel.client.replyTo(info, 30_000);
    expect(JSON.stringify(infoReply.content)).not.toContain(silent.url);
    const help = await execute('%%help');
    expect((await kernel.client.replyTo(help, 30_000)).content.status).toBe('ok');
  }, 90_000);
});

/** Polls a condition the test's own server updates (no Livy, so the stack's eventually() is not needed). */
async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) {
    await new Promise(resolve => setTimeout(resolve, 50));
  }
}
