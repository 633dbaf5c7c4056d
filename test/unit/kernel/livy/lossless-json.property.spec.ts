import fc from 'fast-check';
import { LosslessNumber, parseLosslessJson } from '../../../../kernel/src/livy/lossless-json';

describe('parseLosslessJson (properties)', () => {
  it('agrees with JSON.parse on any JSON whose numbers a double holds', () => {
    fc.assert(
      fc.property(fc.jsonValue(), value => {
        const text = JSON.stringify(value);
        expect(parseLosslessJson(text)).toEqual(JSON.parse(text));
      })
    );
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
