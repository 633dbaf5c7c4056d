import { IAddressableTablePayload, RESULT_VIEW_COMM_TARGET, ResultViewReply, TABLE_MIME_TYPE } from '@jupyterlab-emr/common';
import { KernelHarness } from '../../../helpers/kernel-harness';
import { loadStackEnv } from '../../../helpers/stack-env';

// The result-view comm in a real kernel process on the stack's Livy, as JupyterLab drives it: an
// execute_request carrying the cell's id, a comm to the emr-livy.result-view target, a page
// request and its reply, and the same cell run again letting the old result go.
describe('emr-livy kernel process: the emr-livy.result-view comm', () => {
  let kernel: KernelHarness;

  beforeAll(async () => {
    kernel = await KernelHarness.start({ env: { ...loadStackEnv(), EMR_LIVY_SESSION_NAME_PREFIX: 'it-result-view-comm' } });
  }, 60_000);

  afterAll(async () => {
    await kernel?.stop();
  });

  async function runCell(code: string, cellId: string): Promise<IAddressableTablePayload> {
    const request = await kernel.client.send('shell', 'execute_request', { code, stop_on_error: false, silent: false, store_history: true }, 'valid', { cellId });
    const reply = await kernel.client.replyTo(request, 600_000);
    expect(reply.content.status).toBe('ok');
    await kernel.client.idleAfter(request, 60_000);
    const result = kernel.client.for(request).find(({ message }) => message.header.msg_type === 'execute_result');
    return (result?.message.content.data as Record<string, unknown>)[TABLE_MIME_TYPE] as IAddressableTablePayload;
  }

  async function ask(data: Record<string, unknown>): Promise<ResultViewReply> {
    const sent = await kernel.client.send('shell', 'comm_msg', { comm_id: 'view-1', data: data as never });
    const { message } = await kernel.client.waitFor(({ channel, message: m }) => channel === 'iopub' && m.header.msg_type === 'comm_msg' && m.parent_header.msg_id === sent.header.msg_id, 300_000);
    return message.content.data as unknown as ResultViewReply;
  }

  it('pages a retained result, and lets it go when its cell runs again', async () => {
    const first = await runCell('%%sql --no-chart\nSELECT id, id * 2 AS twice FROM range(100000)', 'cell-a');
    expect(first).toMatchObject({ rowCount: 100_000, truncated: true, retained: { cached: false } });
    await kernel.client.send('shell', 'comm_open', { comm_id: 'view-1', target_name: RESULT_VIEW_COMM_TARGET, data: {} });
    const page = await ask({ requestId: 'p1', method: 'page', params: { resultId: first.retained?.id, view: { filters: [] }, offset: 50_000, rows: 3 } });
    expect(page).toEqual({
      requestId: 'p1',
      ok: true,
      result: {
        offset: 50_000,
        rowCount: 100_000,
        rows: [
          [50_000, 100_000],
          [50_001, 100_002],
          [50_002, 100_004]
        ]
      }
    });
    const second = await runCell('%%sql --no-chart --cache\nSELECT id FROM range(5000)', 'cell-a');
    expect(second.retained).toMatchObject({ cached: true });
    expect(await ask({ requestId: 'p2', method: 'page', params: { resultId: first.retained?.id, view: { filters: [] }, offset: 0, rows: 3 } })).toMatchObject({
      requestId: 'p2',
      ok: false,
      gone: true
    });
    const cached = await ask({ requestId: 'p3', method: 'page', params: { resultId: second.retained?.id, view: { sort: { column: 'id', descending: true }, filters: [] }, offset: 0, rows: 1 } });
    expect(cached).toEqual({ requestId: 'p3', ok: true, result: { offset: 0, rowCount: 5000, rows: [[4999]] } });
  }, 900_000);
});
