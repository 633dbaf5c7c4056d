import { ISettingsReply, SETTINGS_COMM_TARGET } from '@jupyterlab-emr/common';
import { KernelHarness } from '../../helpers/kernel-harness';
import { loadStackEnv } from '../../helpers/stack-env';

// JupyterLab's SQL result settings reach a real kernel process over a signed comm, on top of the
// kernel's own configuration (here from its environment, as Jupyter would start it).
describe('emr-livy kernel process: the emr-livy.settings comm', () => {
  let kernel: KernelHarness;

  beforeAll(async () => {
    kernel = await KernelHarness.start({ env: { ...loadStackEnv(), EMR_LIVY_SQL_LIMIT: '300', EMR_LIVY_SQL_CHART_FULL_DATA: 'false' } });
  }, 60_000);

  afterAll(async () => {
    await kernel?.stop();
  });

  /** The comm_msg the kernel sent in answer to one request (its parent). */
  async function replyTo(sent: Promise<{ header: { msg_id: string } }>): Promise<ISettingsReply> {
    const request = await sent;
    const { message } = await kernel.client.waitFor(({ channel, message: m }) => channel === 'iopub' && m.header.msg_type === 'comm_msg' && m.parent_header.msg_id === request.header.msg_id, 30_000);
    expect(message.content.comm_id).toBe('settings-1');
    return message.content.data as unknown as ISettingsReply;
  }

  it('answers the open message with the settings in force: the config, then what JupyterLab sent', async () => {
    const reply = await replyTo(kernel.client.send('shell', 'comm_open', { comm_id: 'settings-1', target_name: SETTINGS_COMM_TARGET, data: { sql: { defaultChart: 'bar' } } }));
    expect(reply).toEqual({ sql: { defaultLimit: 300, defaultChart: 'bar', chartOverFullData: false, catalogCompletion: true }, problems: [] });
  }, 60_000);

  it('applies a later change, names a refused value, and lets an unset key fall back to the config', async () => {
    const reply = await replyTo(kernel.client.send('shell', 'comm_msg', { comm_id: 'settings-1', data: { sql: { defaultLimit: -5, chartOverFullData: true } } }));
    expect(reply).toEqual({
      sql: { defaultLimit: 300, defaultChart: 'auto', chartOverFullData: true, catalogCompletion: true },
      problems: ['defaultLimit must be a whole number of at least 1, not -5']
    });
  }, 60_000);
});
