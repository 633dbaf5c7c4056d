import { randomBytes } from 'crypto';
import { ICellExecutor } from '../../../../kernel/src/core/cell-layer';
import { expectOk, runCell } from '../../../helpers/cell-runner';
import { eventually, stackExecutor } from '../../../helpers/livy-stack';

// SQL completion from the kernel's catalog, through the cell layer on the stack's Livy, Spark
// metastore and PostgreSQL: names come from the real catalogs, and DDL run in a cell refreshes them.
const suffix = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;

async function matches(executor: ICellExecutor, code: string, cursor = code.length): Promise<string[]> {
  return (await executor.complete(code, cursor)).matches;
}

/**
 * Completes until the answer holds `expected`: the first completion of a catalog may give up on
 * its round trip (completionTimeoutMs) and answer with keywords while the lookup goes on to fill
 * the cache, which on a loaded machine takes a few tries.
 */
function completesWith(executor: ICellExecutor, code: string, expected: string, cursor = code.length): Promise<string[]> {
  return eventually(`completion of ${JSON.stringify(code.slice(0, cursor))} to offer ${expected}`, 60_000, async () => {
    const found = await matches(executor, code, cursor);
    return found.includes(expected) ? found : undefined;
  });
}

describe('catalog completion on Livy', () => {
  let executor: ICellExecutor;
  const accounts = `accounts_${suffix}`;
  const accountLog = `account_log_${suffix}`;
  const orders = `orders_${suffix}`;

  beforeAll(async () => {
    executor = stackExecutor('catalog-completion');
    // The session, and the table the second test reads (stack/hive/seed-metastore.sql makes the same one).
    expectOk(await runCell(executor, '%%sql\nCREATE DATABASE IF NOT EXISTS silver'));
    expectOk(await runCell(executor, '%%sql\nCREATE TABLE IF NOT EXISTS silver.events (event_id BIGINT, status STRING, started_at TIMESTAMP, day DATE) USING parquet PARTITIONED BY (day)'));
    expectOk(await runCell(executor, `%%sql\nCREATE TABLE ${accountLog} (id BIGINT) USING parquet`));
  });

  afterAll(async () => {
    await runCell(executor, `%%sql\nDROP TABLE IF EXISTS ${accounts}`);
    await runCell(executor, `%%sql\nDROP TABLE IF EXISTS ${accountLog}`);
    await runCell(executor, `%%aurora --target silver-pg\nDROP TABLE IF EXISTS ${orders}`);
    await executor.shutdown(false);
  });

  it('completes after FROM a table created in an earlier cell', async () => {
    // The current database's tables are cached before the table exists, so only the CREATE's
    // refresh can make it appear.
    const before = await completesWith(executor, '%%sql\nSELECT * FROM acc', accountLog);
    expect(before).not.toContain(accounts);
    expectOk(await runCell(executor, `%%sql\nCREATE TABLE ${accounts} (id BIGINT, owner STRING) USING parquet`));
    const code = '%%sql\nSELECT * FROM acc';
    expect(await completesWith(executor, code, accounts)).toContain(accountLog);
    const completion = await executor.complete(code, code.length);
    expect(completion.cursorStart).toBe(code.length - 3);
  });

  it("completes a column after the table's alias, the table named after the cursor", async () => {
    const code = '%%sql\nSELECT s.st FROM silver.events s';
    const cursor = '%%sql\nSELECT s.st'.length;
    expect(await completesWith(executor, code, 'status', cursor)).toEqual(['started_at', 'status']);
    const completion = await executor.complete(code, cursor);
    expect(completion.cursorStart).toBe(cursor - 2);
    expect(completion.cursorEnd).toBe(cursor);
  });

  it("completes a PostgreSQL table's columns in an %%aurora cell", async () => {
    expectOk(await runCell(executor, `%%aurora --target silver-pg\nCREATE TABLE ${orders} (order_id bigint, note text, noted_at timestamp)`));
    expect(await completesWith(executor, `%%aurora --target silver-pg\nSELECT o.no FROM ${orders} o`, 'note', `%%aurora --target silver-pg\nSELECT o.no`.length)).toEqual(['note', 'noted_at']);
    expect(await matches(executor, `%%aurora --target silver-pg\nSELECT * FROM orders_${suffix.slice(0, 3)}`)).toContain(orders);
    // PostgreSQL's words, not Spark's.
    expect(await matches(executor, '%%aurora --target silver-pg\nSELECT * FROM t WHERE a ILI')).toEqual(['ILIKE']);
  });
});
