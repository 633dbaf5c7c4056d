import { loadStackEnv } from '../../helpers/stack-env';

// The Livy tier needs a Livy that answers; anything else is a failure naming the fix, never a skip.
export default async function globalSetup(): Promise<void> {
  const env = loadStackEnv();
  try {
    const response = await fetch(`${env.LIVY_URL}/version`, { signal: AbortSignal.timeout(5000) });
    if (!response.ok) {
      throw new Error(`GET /version answered ${response.status}`);
    }
  } catch (error) {
    throw new Error(`Livy at ${env.LIVY_URL} does not answer (${String(error)}); start it with \`stack/run up livy\`.`, { cause: error });
  }
}
