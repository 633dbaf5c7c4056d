import fc from 'fast-check';

import { formatSqlCell } from '../../../../src/commands/format-sql';
import { COMMANDS_DEFAULTS } from '../settings';

const BODIES = ['select 1', 'select a, b from t where a > 1 order by b', 'insert into t select * from u'];
const optionText = fc.string({ unit: fc.constantFrom(' ', '-', 'o', 'n', '=', '1', 'x', '%', '\t', '"') });

describe('formatSqlCell (properties)', () => {
  it('never changes the magic line, whatever options it carries', () => {
    fc.assert(
      fc.property(fc.constantFrom('%%sql', '%%hive'), optionText, fc.constantFrom(...BODIES), (magic, options, body) => {
        const magicLine = options === '' ? magic : `${magic} ${options}`;
        expect(formatSqlCell(`${magicLine}\n${body}`, COMMANDS_DEFAULTS).split('\n')[0]).toBe(magicLine);
      })
    );
  });

  it('returns any cell that does not start with %%sql or %%hive unchanged', () => {
    fc.assert(
      fc.property(
        fc.string().filter(source => !/^%%(sql|hive)(\s|$)/.test(source)),
        source => {
          expect(formatSqlCell(source, COMMANDS_DEFAULTS)).toBe(source);
        }
      )
    );
  });

  it('is idempotent: formatting formatted SQL changes nothing', () => {
    fc.assert(
      fc.property(fc.constantFrom('%%sql', '%%hive'), fc.constantFrom(...BODIES), (magic, body) => {
        const once = formatSqlCell(`${magic}\n${body}`, COMMANDS_DEFAULTS);
        expect(formatSqlCell(once, COMMANDS_DEFAULTS)).toBe(once);
      })
    );
  });
});
