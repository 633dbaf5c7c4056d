import { SendQueue } from '../../../../kernel/src/protocol/send-queue';

describe('SendQueue', () => {
  it('never starts a send while another is pending, and keeps the order', async () => {
    const log: string[] = [];
    let pending = 0;
    const queue = new SendQueue<number>(async item => {
      pending += 1;
      expect(pending).toBe(1);
      log.push(`start ${item}`);
      await new Promise(resolve => setTimeout(resolve, 3 - item));
      log.push(`end ${item}`);
      pending -= 1;
    });
    await Promise.all([0, 1, 2].map(item => queue.push(item)));
    expect(log).toEqual(['start 0', 'end 0', 'start 1', 'end 1', 'start 2', 'end 2']);
  });

  it('reports a failed send to its caller and carries on with the next one', async () => {
    const sent: number[] = [];
    const queue = new SendQueue<number>(async item => {
      if (item === 1) {
        throw new Error('EHOSTUNREACH');
      }
      sent.push(item);
    });
    const results = await Promise.allSettled([0, 1, 2].map(item => queue.push(item)));
    expect(results.map(result => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(sent).toEqual([0, 2]);
    await expect(queue.drain()).resolves.toBeUndefined();
  });
});
