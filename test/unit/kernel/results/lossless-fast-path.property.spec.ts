import fc from 'fast-check';
import { parseLosslessJson } from '../../../../kernel/src/json/lossless-json';

// parseLosslessJson takes JSON.parse's fast path when no number in the text could lose digits. A
// string of sixteen digits in the same text forces the exact parser, so the two can be compared.
const FORCE_EXACT = '"0000000000000000"';

const literal = fc
  .tuple(fc.boolean(), fc.stringMatching(/^(0|[1-9]\d{0,19})$/), fc.option(fc.stringMatching(/^\d{1,19}$/), { nil: undefined }), fc.option(fc.integer({ min: -400, max: 400 }), { nil: undefined }))
  .map(([negative, whole, fraction, exponent]) => `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}${exponent !== undefined ? `e${exponent}` : ''}`);

describe('parseLosslessJson fast path (property)', () => {
  it('gives what the exact parser gives for any number literals', () => {
    fc.assert(
      fc.property(fc.array(literal, { minLength: 1, maxLength: 8 }), literals => {
        const fast = parseLosslessJson(`[${literals.join(',')}]`) as unknown[];
        const exact = (parseLosslessJson(`[${literals.join(',')},${FORCE_EXACT}]`) as unknown[]).slice(0, -1);
        expect(fast.map(String)).toEqual(exact.map(String));
        expect(fast.map(value => typeof value)).toEqual(exact.map(value => typeof value));
      }),
      { numRuns: 2000 }
    );
  });
});
