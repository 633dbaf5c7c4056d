import fc from 'fast-check';
import { splitCellMagic } from '@jupyterlab-emr/common';

const name = fc.stringMatching(/^[a-z][a-z0-9_.-]{0,12}$/);
const args = fc.stringMatching(/^[^\n]{0,20}$/);

describe('splitCellMagic (properties)', () => {
  it('keeps the body of a %% cell whole, whatever it holds, and counts the line it starts on', () => {
    fc.assert(
      fc.property(fc.nat(3), name, args, fc.string(), (blank, magic, rest, body) => {
        const split = splitCellMagic(`${'\n'.repeat(blank)}%%${magic} ${rest}\n${body}`);
        expect(split).toMatchObject({ form: 'cell', name: magic, args: rest.trim(), body, bodyLineOffset: blank + 1 });
      })
    );
  });

  it('leaves any cell whose first non-blank line does not start with % as plain code', () => {
    fc.assert(
      fc.property(
        fc.string().filter(code => !/^\s*%/.test(code)),
        code => {
          expect(splitCellMagic(code)).toEqual({ form: 'none', name: '', args: '', body: code, bodyLineOffset: 0 });
        }
      )
    );
  });
});
