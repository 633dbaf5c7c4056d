import fc from 'fast-check';
import { LosslessNumber, parseLosslessJson } from '../../../../kernel/src/json/lossless-json';

describe('parseLosslessJson (properties)', () => {
  it('agrees with JSON.parse on any JSON whose numbers a double holds', () => {
    // JavaScript prints doubles below 1e21 as plain integers ("123456789012345680000"), which no
    // double holds exactly; those are the lossless parser's business (next property), not this one's.
    const longInteger = /(^|[^\d.eE])-?\d{16,}(?![\d.eE])/;
    fc.assert(
      fc.property(
        fc.jsonValue().filter(value => !longInteger.test(JSON.stringify(value))),
        value => {
          const text = JSON.stringify(value);
          expect(parseLosslessJson(text)).toEqual(JSON.parse(text));
        }
      ),
      { numRuns: 1000 }
    );
  });

  it('keeps a long integer exactly as written when no double is exactly it', () => {
    expect(String((parseLosslessJson('[123456789012345680000]') as unknown[])[0])).toBe('123456789012345680000');
  });

  it('gives back the exact digits of any integer', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), big => {
        const parsed = parseLosslessJson(`[${big.toString()}]`) as unknown[];
        // A plain number is only given when the double is exactly that integer.
        const exact = parsed[0] instanceof LosslessNumber ? BigInt(parsed[0].text) : BigInt(parsed[0] as number);
        expect(exact).toBe(big);
      })
    );
  });

  it('throws only its own syntax error on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string(), text => {
        try {
          parseLosslessJson(text);
        } catch (error) {
          expect((error as Error).name).toBe('JsonSyntaxError');
        }
      })
    );
  });
});
