import { LivyClient } from './client';
import { LivyError, LivyHttpError } from './errors';

/**
 * Whether a Livy answers, asked with a short deadline. Why not: nothing answered in time or at all
 * (`unreachable`), its certificate is not trusted (`tls`), or it answered with an error status
 * (`refused`: a proxy's 401, a failing Livy), where the fault is not the network path.
 */
export type Reachability = { reachable: true; version?: string } | { reachable: false; cause: 'unreachable' | 'tls' | 'refused'; problem: string };

// Long enough for a TLS handshake over a tunnel, short enough that %%info and the panel's
// "Connect" answer promptly when a blackholed address would hold a request for the full timeout.
export const PROBE_TIMEOUT_MS = 5000;

/**
 * GET /version under a deadline. A Livy older than 0.8 answers 404 there, which still counts as
 * an answer. An abort by `signal` (an interrupt) is rethrown; the deadline passing is a result.
 */
export async function probeLivy(client: LivyClient, signal?: AbortSignal, timeoutMs = PROBE_TIMEOUT_MS): Promise<Reachability> {
  const deadline = AbortSignal.timeout(timeoutMs);
  try {
    const info = await client.version(signal ? AbortSignal.any([signal, deadline]) : deadline);
    return { reachable: true, version: info.version };
  } catch (error) {
    if (signal?.aborted) {
      throw error;
    }
    if (error instanceof LivyHttpError && error.status === 404) {
      return { reachable: true };
    }
    if (deadline.aborted) {
      return { reachable: false, cause: 'unreachable', problem: `Livy at ${client.baseUrl} did not answer within ${timeoutMs / 1000} s.` };
    }
    if (error instanceof LivyError) {
      const cause = error instanceof LivyHttpError ? 'refused' : error.code === 'LIVY_TLS' ? 'tls' : 'unreachable';
      return { reachable: false, cause, problem: error.message };
    }
    throw error;
  }
}
