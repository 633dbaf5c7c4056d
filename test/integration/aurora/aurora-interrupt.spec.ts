import { randomBytes } from 'crypto';
import { IDatabase } from '../../../kernel/src/aurora/database';
import { AuroraEngine } from '../../../kernel/src/aurora/targets';
import { eventually } from '../../helpers/livy-stack';
import { AuroraKernel } from './aurora-kernel';
import { openStackDatabase } from './stack-database';

// Interrupting a %%aurora cell through a real kernel process: the statement must stop on the
// stack's PostgreSQL / MariaDB itself (found by the UI responsiveness test: before, the stop
// button left a pg_sleep running and the cell waited for it to end).

interface IEngineCase {
  engine: AuroraEngine;
  target: string;
  /** Sleeps far longer than the test may run, in a column named after the marker. */
  endless: (marker: string) => string;
  /** The statements on the server whose text holds the marker, other than the asking one. */
  running: (marker: string) => string;
}

const CASES: IEngineCase[] = [
  {
    engine: 'postgres',
    target: 'silver-pg',
    endless: marker => `SELECT pg_sleep(3600) AS ${marker}`,
    running: marker => `SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND pid <> pg_backend_pid() AND query LIKE '%${marker}%'`
  },
  {
    engine: 'mysql',
    target: 'silver-mysql',
    endless: marker => `SELECT SLEEP(3600) AS ${marker}`,
    running: marker => `SELECT count(*) FROM information_schema.processlist WHERE id <> connection_id() AND info LIKE '%${marker}%'`
  }
];

describe.each(CASES)('interrupting an Aurora statement on $target', ({ engine, target, endless, running }) => {
  let kernel: AuroraKernel;
  let watcher: IDatabase;

  beforeAll(async () => {
    kernel = await AuroraKernel.start();
    watcher = await openStackDatabase(engine);
  }, 60_000);

  afterAll(async () => {
    await watcher?.close();
    await kernel?.stop();
  });

  const runningCount = async (marker: string): Promise<number> => Number((await watcher.query(running(marker))).rows[0][0]);

  it('stops the statement on the server, ends the cell as interrupted, and the next cell runs', async () => {
    const marker = `it_interrupt_${randomBytes(4).toString('hex')}`;
    const client = kernel.harness.client;
    const request = await client.send('shell', 'execute_request', { code: `%%aurora --target ${target}\n${endless(marker)}`, stop_on_error: false });
    await eventually('the statement to run on the server', 60_000, async () => ((await runningCount(marker)) === 1 ? true : undefined));

    await client.send('control', 'interrupt_request', {});
    // The sleep lasts an hour: a reply within the test's limit means the interrupt ended it.
    const reply = await client.replyTo(request, 60_000);
    expect(reply.content).toMatchObject({ status: 'error', ename: 'KeyboardInterrupt' });
    await client.idleAfter(request, 60_000);
    const shown = client.for(request).filter(({ message }) => ['execute_result', 'display_data'].includes(message.header.msg_type));
    expect(shown).toEqual([]);
    expect(await runningCount(marker)).toBe(0);

    const next = await kernel.execute(`%%aurora --target ${target}\nSELECT 6 * 7 AS answer`);
    expect(next.reply.status).toBe('ok');
    expect(JSON.stringify(next.outputs.map(message => message.content))).toContain('42');
  }, 120_000);
});
