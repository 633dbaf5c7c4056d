import { formatElapsed, sessionStartingBundle, statementDoneBundle, statementProgressBundle } from '../../../../kernel/src/bundles/progress';

describe('progress bundles', () => {
  it('say how long a session has been starting', () => {
    expect(sessionStartingBundle(4, 'starting', 12_400)['text/plain']).toBe('Starting Spark session 4 (starting)… 12 s');
  });

  it("draw a bar from Livy's progress, clamped to 0..1", () => {
    expect(statementProgressBundle({ statementId: 1, state: 'running', progress: 0.5, elapsedMs: 3000 })['text/plain']).toBe('[##########..........] 50% · 3 s');
    expect(statementProgressBundle({ statementId: 1, state: 'running', progress: 7, elapsedMs: 0 })['text/plain']).toMatch(/^\[#{20}\] 100%/);
    expect(statementProgressBundle({ statementId: 1, state: 'running', progress: Number.NaN, elapsedMs: 0 })['text/plain']).toMatch(/^\[\.{20}\] 0%/);
  });

  it('link the Spark UI, escaped', () => {
    const html = String(statementProgressBundle({ statementId: 1, state: 'running', progress: 0, elapsedMs: 0, sparkUiUrl: 'http://h:4040/?a=1&b="x"' })['text/html']);
    expect(html).toContain('<a href="http://h:4040/?a=1&amp;b=&quot;x&quot;" target="_blank" rel="noopener noreferrer">Spark UI</a>');
    expect(String(statementDoneBundle('cancelled', 65_000)['text/plain'])).toBe('Statement cancelled after 1 min 05 s');
  });

  it('format elapsed time in seconds, then minutes', () => {
    expect([formatElapsed(0), formatElapsed(59_999), formatElapsed(60_000), formatElapsed(3_725_000)]).toEqual(['0 s', '59 s', '1 min 00 s', '62 min 05 s']);
  });
});
