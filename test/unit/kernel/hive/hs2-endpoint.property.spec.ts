import fc from 'fast-check';
import { parseHs2Endpoint } from '../../../../kernel/src/hive/hs2-endpoint';

const RUNS = 1000;

describe('parseHs2Endpoint, any text', () => {
  it('gives an endpoint with a host and a valid port, or a reason, and never throws', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 60 }),
          fc.webUrl().map(url => url.replace(/^https?:/, 'hive2:'))
        ),
        text => {
          const parsed = parseHs2Endpoint(text);
          if ('problem' in parsed) {
            // Every reason says what is valid: the forms, or where credentials go.
            expect(parsed.problem).toMatch(/host:port|EMR_HIVESERVER2_PASSWORD/);
          } else {
            expect(parsed.host).not.toBe('');
            expect(Number.isInteger(parsed.port) && parsed.port > 0 && parsed.port < 65536).toBe(true);
          }
        }
      ),
      { numRuns: RUNS }
    );
  });

  it('never repeats a password written into the URL', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9]{6,20}$/), fc.boolean(), (password, jdbc) => {
        const text = jdbc ? `jdbc:hive2://primary:10000/default;user=ann;password=${password}` : `hive2://ann:${password}@primary:10000`;
        const parsed = parseHs2Endpoint(text);
        expect(JSON.stringify(parsed)).not.toContain(password);
      }),
      { numRuns: RUNS }
    );
  });
});
