import { randomBytes } from 'crypto';
import { KernelHarness } from '../../helpers/kernel-harness';
import { loadStackEnv } from '../../helpers/stack-env';

// SQL completion from a real kernel process over its ZeroMQ sockets (complete_request on shell),
// with the stack's PostgreSQL as the %%aurora target: no Livy session is involved.
const suffix = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
const table = `kernel_completion_${suffix}`;

describe('SQL completion through the kernel process', () => {
  let kernel: KernelHarness;

  async function complete(code: string, cursor: number): Promise<{ matches: string[]; cursor_start: number; cursor_end: number }> {
    const request = await kernel.client.send('shell', 'complete_request', { code, cursor_pos: cursor });
    return (await kernel.client.replyTo(request, 30_000)).content as { matches: string[]; cursor_start: number; cursor_end: number };
  }

  beforeAll(async () => {
    kernel = await KernelHarness.start({ env: { ...loadStackEnv() } });
    const created = await kernel.execute(`%%aurora --target silver-pg\nCREATE TABLE ${table} (order_id bigint, quantity integer, quoted_at timestamp)`);
    expect(created.reply.status).toBe('ok');
  });

  afterAll(async () => {
    await kernel?.execute(`%%aurora --target silver-pg\nDROP TABLE IF EXISTS ${table}`);
    await kernel?.stop();
  });

  it("offers a PostgreSQL table's columns after its alias, and the table after FROM", async () => {
    const code = `%%aurora --target silver-pg\nSELECT k.qu FROM ${table} k`;
    const cursor = '%%aurora --target silver-pg\nSELECT k.qu'.length;
    expect(await complete(code, cursor)).toMatchObject({ matches: ['quantity', 'quoted_at'], cursor_start: cursor - 2, cursor_end: cursor });
    const from = `%%aurora --target silver-pg\nSELECT * FROM kernel_completion_${suffix.slice(0, 2)}`;
    expect((await complete(from, from.length)).matches).toContain(table);
  });
});
