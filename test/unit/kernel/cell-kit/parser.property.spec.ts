import fc from 'fast-check';
import { UserError } from '../../../../kernel/src/core/errors';
import { MAGIC_SPECS } from '../../../../kernel/src/magics/features';
import { tokenize } from '../../../../kernel/src/cell-kit/options';
import { parseCell } from '../../../../kernel/src/cell-kit/parser';
import { MagicRegistry } from '../../../../kernel/src/cell-kit/registry';

const registry = new MagicRegistry(MAGIC_SPECS);

/** Cells that look like what people type: a magic-ish first line, then code. */
const cell = fc
  .tuple(fc.constantFrom('', '%%', '%', '%%sql', '%%configure', '%connect', '%livy.sql', '%%info', '%%sqll'), fc.string({ maxLength: 30 }), fc.string({ maxLength: 60 }))
  .map(([magic, args, body]) => `${magic}${args}\n${body}`);

describe('parseCell (properties)', () => {
  it('either reads a command or explains the problem as a user error; it never fails as a bug', () => {
    fc.assert(
      fc.property(fc.oneof(cell, fc.string()), code => {
        try {
          expect(typeof parseCell(code, registry, 'scala').kind).toBe('string');
        } catch (error) {
          expect(error).toBeInstanceOf(UserError);
        }
      }),
      { numRuns: 2000 }
    );
  });

  it('hands the body of a code cell over untouched', () => {
    fc.assert(
      fc.property(fc.string(), body => {
        const command = parseCell(`%%pyspark\n${body}`, registry, 'scala');
        expect(command).toEqual({ kind: 'code', language: 'pyspark', code: body, bodyLine: 1 });
      })
    );
  });
});

describe('tokenize (properties)', () => {
  it('gives back any list of words once each is quoted', () => {
    fc.assert(
      fc.property(fc.array(fc.string()), words => {
        const line = words.map(word => `"${word.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(' ');
        expect(tokenize(line)).toEqual(words);
      })
    );
  });
});
