import { StatusChannel, StatusRequestError } from '../../../../src/connection/comm-channel';

describe('StatusChannel', () => {
  it('matches replies to requests by id, carries the error code of a failed one, and sends the panel’s AWS target', async () => {
    const sent: Record<string, unknown>[] = [];
    const channel = new StatusChannel(data => sent.push(data));
    const clusters = channel.request('listClusters', { filter: 'active' }, { region: 'us-west-2' });
    const other = channel.request('listClusters', { filter: 'all' });
    expect(sent[0]).toMatchObject({ method: 'listClusters', params: { filter: 'active' }, aws: { region: 'us-west-2' } });
    expect(sent[1]).not.toHaveProperty('aws');
    expect(sent[0].requestId).not.toEqual(sent[1].requestId);
    channel.receive({ requestId: sent[1].requestId, method: 'listClusters', ok: false, error: { code: 'AWS_NO_CREDENTIALS', message: 'no credentials' } });
    channel.receive({ requestId: sent[0].requestId, method: 'listClusters', ok: true, result: { clusters: [] } });
    // A reply in another shape (an older kernel) or to no request settles nothing.
    channel.receive({ requestId: sent[0].requestId, ok: true });
    await expect(clusters).resolves.toEqual({ clusters: [] });
    const error = await other.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StatusRequestError);
    expect((error as StatusRequestError).status).toEqual({ code: 'AWS_NO_CREDENTIALS', message: 'no credentials' });
  });

  it('fails what is in flight when the comm closes, and every later request, as KERNEL_UNAVAILABLE', async () => {
    const channel = new StatusChannel(() => undefined);
    const pending = channel.request('listClusters', { filter: 'active' });
    channel.close('The kernel is gone.');
    await expect(pending).rejects.toMatchObject({ code: 'KERNEL_UNAVAILABLE', message: 'The kernel is gone.' });
    await expect(channel.request('listClusters', { filter: 'active' })).rejects.toMatchObject({ code: 'KERNEL_UNAVAILABLE', message: 'The kernel is gone.' });
    expect(channel.isClosed).toBe(true);
  });
});
