/**
 * How long to wait before each poll of something Livy is doing. Most statements finish in tens
 * of milliseconds to a few seconds, so the first polls come fast (sparkmagic's first poll waits
 * 200 ms, Zeppelin's 1 s); a long Spark job then costs one request per `maxMs` and is noticed at most `maxMs` after it ends.
 */
export interface IBackoffOptions {
  initialMs: number;
  factor: number;
  maxMs: number;
}

export const STATEMENT_POLL: IBackoffOptions = { initialMs: 10, factor: 1.5, maxMs: 500 };
// A session takes 30 s to minutes to start; polling each second keeps its elapsed-time line moving.
export const SESSION_START_POLL: IBackoffOptions = { initialMs: 250, factor: 1.5, maxMs: 1000 };

/** The delay before poll number `attempt` (0-based). */
export function backoffDelay(options: IBackoffOptions, attempt: number): number {
  const delay = options.initialMs * Math.pow(options.factor, Math.max(0, attempt));
  return Math.min(options.maxMs, Math.round(delay));
}
