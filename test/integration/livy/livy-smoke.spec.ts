import { eventually, livyRest } from '../../helpers/livy-stack';

// Livy on the real local stack, no fakes. Livy is its own tier: the Maven repository this project
// reaches does not serve Livy 0.8/0.9 (see stack/README.md), so this tier runs only where a Livy
// distribution was installed (LIVY_DIST_DIR), and scripts/test says when it did not run.
// One session serves all checks: sessions are slow on two cores (30-90 s to idle).
const STATEMENT_MS = 150_000;
const QUERY_MS = 60_000;

type Json = Record<string, unknown>;

/** Livy's answer to a request the smoke test expects to succeed. */
async function livy(method: string, route: string, body?: Json): Promise<Json> {
  const { status, json } = await livyRest(method, route, body);
  if (status >= 400) {
    throw new Error(`Livy ${method} ${route} -> ${status}: ${JSON.stringify(json)}`);
  }
  return json;
}

async function sessionLog(id: number): Promise<string> {
  const log = await livy('GET', `/sessions/${id}/log?from=0&size=500`);
  return ((log.log as string[]) ?? []).join('\n');
}

describe('Livy', () => {
  let sessionId: number | undefined;

  beforeAll(async () => {
    const created = await livy('POST', '/sessions', { kind: 'spark', name: `smoke-${process.pid}-${Date.now()}` });
    const id = created.id as number;
    sessionId = id;
    await eventually(`session ${id} to become idle`, 300_000, async () => {
      const { state } = await livy('GET', `/sessions/${id}/state`);
      if (state === 'idle') {
        return state;
      }
      if (['dead', 'error', 'killed', 'success'].includes(state as string)) {
        throw new Error(`session ${id} is ${String(state)}:\n${await sessionLog(id)}`);
      }
      return undefined;
    });
  }, 330_000);

  afterAll(async () => {
    if (sessionId !== undefined) {
      await livy('DELETE', `/sessions/${sessionId}`);
    }
  }, QUERY_MS);

  async function run(code: string, kind: string): Promise<Json> {
    const statement = await livy('POST', `/sessions/${sessionId}/statements`, { code, kind });
    return eventually(`statement ${String(statement.id)}`, STATEMENT_MS - 10_000, async () => {
      const current = await livy('GET', `/sessions/${sessionId}/statements/${String(statement.id)}`);
      return current.state === 'available' ? (current.output as Json) : undefined;
    });
  }

  it(
    'runs Scala on Spark',
    async () => {
      const output = await run('spark.range(10).count()', 'spark');
      expect(output.status).toBe('ok');
      expect((output.data as Json)['text/plain']).toMatch(/= 10\b/);
    },
    STATEMENT_MS
  );

  it(
    'runs a sql statement against the Hive catalog',
    async () => {
      const output = await run('SELECT 1 AS one, current_database() AS db', 'sql');
      expect(output.status).toBe('ok');
      const table = (output.data as Json)['application/json'] as { data: unknown[][] };
      expect(table.data).toEqual([[1, 'default']]);
    },
    STATEMENT_MS
  );

  it(
    'leaves no linkage errors in the session log',
    async () => {
      expect(await sessionLog(sessionId as number)).not.toMatch(/NoSuchMethodError|AbstractMethodError|ClassNotFoundException/);
    },
    QUERY_MS
  );
});
