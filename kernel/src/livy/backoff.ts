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

// 250 ms, not 500: a statement of a few seconds is seen on average maxMs / 2 after it ends, which
// at 500 ms was a tenth of a %%silver write of a million rows; four GETs a second cost Livy little.
export const STATEMENT_POLL: IBackoffOptions = { initialMs: 10, factor: 1.5, maxMs: 250 };
// A table's page is a statement of a few hundred ms that someone scrolling waits for: at
// STATEMENT_POLL's spacing (polls at 208, 322, 493 ms) one done at 330 ms is seen at 493 ms.
// Capped at 75 ms, it is seen ~40 ms after on average, for ~13 GETs a second while it runs.
export const PAGE_POLL: IBackoffOptions = { initialMs: 10, factor: 1.5, maxMs: 75 };
// A session takes 30 s to minutes to start; polling each second keeps its elapsed-time line moving.
export const SESSION_START_POLL: IBackoffOptions = { initialMs: 250, factor: 1.5, maxMs: 1000 };

/** The delay before poll number `attempt` (0-based). */
export function backoffDelay(options: IBackoffOptions, attempt: number): number {
  const delay = options.initialMs * Math.pow(options.factor, Math.max(0, attempt));
  return Math.min(options.maxMs, Math.round(delay));
}
