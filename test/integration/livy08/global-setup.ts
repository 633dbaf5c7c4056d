import { loadStackEnv } from '../../helpers/stack-env';

// The version suite needs the stack's second Livy, 0.8.0; anything else is a failure naming the
// fix, never a skip.
export default async function globalSetup(): Promise<void> {
  const env = loadStackEnv();
  const url = env.LIVY08_URL;
  if (!url) {
    throw new Error(".stack/env.sh has no LIVY08_URL: bring the stack up with this checkout's `stack/run up`.");
  }
  let version: unknown;
  try {
    const response = await fetch(`${url}/version`, { signal: AbortSignal.timeout(5000) });
    if (!response.ok) {
      throw new Error(`GET /version answered ${response.status}`);
    }
    version = ((await response.json()) as { version?: unknown }).version;
  } catch (error) {
    throw new Error(`Livy 0.8 at ${url} does not answer (${String(error)}); start it with \`stack/run up livy08\`.`, { cause: error });
  }
  if (typeof version !== 'string' || !version.startsWith('0.8.')) {
    throw new Error(`the Livy at ${url} reports version ${String(version)}, not 0.8.x: the version suite would test the wrong server.`);
  }
}
