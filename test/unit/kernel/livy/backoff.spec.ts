import fc from 'fast-check';
import { backoffDelay, SESSION_START_POLL, STATEMENT_POLL } from '../../../../kernel/src/livy/backoff';

describe('backoffDelay', () => {
  it('polls a statement within 10-20 ms first, then backs off to the cap', () => {
    const delays = Array.from({ length: 30 }, (_, attempt) => backoffDelay(STATEMENT_POLL, attempt));
    expect(delays[0]).toBeGreaterThanOrEqual(10);
    expect(delays[0]).toBeLessThanOrEqual(20);
    expect(delays[29]).toBe(STATEMENT_POLL.maxMs);
    // A long statement is seen within a quarter second of its end.
    expect(STATEMENT_POLL.maxMs).toBeLessThanOrEqual(250);
    // Several polls land in the first quarter second, where most small statements finish.
    let elapsed = 0;
    const early = delays.filter(delay => (elapsed += delay) <= 250).length;
    expect(early).toBeGreaterThanOrEqual(5);
  });

  it('never shrinks and never passes the cap, for any schedule', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.double({ min: 1, max: 4, noNaN: true }), fc.integer({ min: 1, max: 60_000 }), (initialMs, factor, maxMs) => {
        const options = { initialMs, factor, maxMs };
        let previous = 0;
        for (let attempt = 0; attempt < 50; attempt += 1) {
          const delay = backoffDelay(options, attempt);
          expect(delay).toBeLessThanOrEqual(maxMs);
          expect(delay).toBeGreaterThanOrEqual(previous);
          previous = delay;
        }
      })
    );
  });

  it('polls a starting session about once a second at most', () => {
    expect(backoffDelay(SESSION_START_POLL, 100)).toBeLessThanOrEqual(1000);
  });
});
