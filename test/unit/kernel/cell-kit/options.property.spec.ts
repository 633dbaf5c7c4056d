import fc from 'fast-check';
import { UserError } from '../../../../kernel/src/core/errors';
import { MAGIC_SPECS } from '../../../../kernel/src/magics/features';
import { parseArguments } from '../../../../kernel/src/cell-kit/options';
import { parseCell } from '../../../../kernel/src/cell-kit/parser';
import { IMagicSpec, MagicRegistry, magicPrefix } from '../../../../kernel/src/cell-kit/registry';

// The option parser against every magic's declared options, with magic lines built from those
// options' own spellings, values of every kind and noise: a parse is typed as declared, a refusal
// is a user error that reads as a sentence.

const OPTION_RUNS_PER_MAGIC = 1000;

const registry = new MagicRegistry(MAGIC_SPECS);
const withOptions = MAGIC_SPECS.filter(spec => spec.args.options.length > 0 || (spec.args.positionals?.length ?? 0) > 0);

function wordsFor(spec: IMagicSpec): fc.Arbitrary<string> {
  // A magic without options still meets dashes: an undeclared flag stands in for its own.
  const declared = spec.args.options.flatMap(option => [`--${option.name}`, ...(option.short ? [`-${option.short}`] : [])]);
  const flags = declared.length > 0 ? declared : ['--force', '-x'];
  const values = spec.args.options.flatMap(option => option.choices ?? []);
  const word = fc.oneof(
    fc.constantFrom(...flags),
    fc.constantFrom(...flags).chain(flag => fc.oneof(fc.integer(), fc.constantFrom(...values, 'x', '')).map(value => `${flag}=${value}`)),
    fc.integer({ min: -5, max: 1e6 }).map(String),
    fc.constantFrom('1e3', '0x10', '9007199254740993', '-', '--', '---', '-n', '--=', '"a b"', "'c d'", '"unclosed', "it's", '\\"'),
    values.length > 0 ? fc.constantFrom(...values) : fc.constant('bar'),
    fc.string({ maxLength: 6 })
  );
  return fc.array(word, { maxLength: 6 }).map(words => words.join(' '));
}

describe('magic options (properties)', () => {
  it.each(withOptions.map(spec => [`${magicPrefix(spec)}${spec.name}`, spec] as const))('%s: every line parses to the declared types or is refused with a sentence', (magic, spec) => {
    fc.assert(
      fc.property(wordsFor(spec), args => {
        let parsed;
        try {
          parsed = parseArguments(magic, args, spec.args);
        } catch (error) {
          expect(error).toBeInstanceOf(UserError);
          const message = (error as UserError).evalue;
          expect(message).toMatch(/^\S.*[.)"]$/s);
          // The user's own words come back quoted (a random word may be "NaN"); the rest is the kernel's text.
          const ownText = message.replace(/"([^"]*)"/g, (quoted, inner: string) => (args.includes(inner) ? '""' : quoted));
          expect(ownText).not.toMatch(/undefined|\[object Object\]|NaN/);
          return;
        }
        for (const [name, value] of Object.entries(parsed.options)) {
          const option = spec.args.options.find(candidate => candidate.name === name);
          expect(option).toBeDefined();
          if (option?.type === 'flag') {
            expect(value).toBe(true);
          } else if (option?.type === 'integer') {
            expect(Number.isSafeInteger(value)).toBe(true);
            expect(value as number).toBeGreaterThanOrEqual(option.min ?? Number.MIN_SAFE_INTEGER);
          } else if (option?.choices) {
            expect(option.choices).toContain(value);
          } else {
            expect(typeof value).toBe('string');
          }
        }
        expect(parsed.positionals.length).toBeLessThanOrEqual(spec.args.positionals?.length ?? 0);
      }),
      // A word the user typed that reads "NaN" (CI once drew it) comes back quoted, and is not the kernel's NaN.
      { numRuns: OPTION_RUNS_PER_MAGIC, examples: [['NaN'], ['--x undefined NaN']] }
    );
  });

  it.each(withOptions.map(spec => [`${magicPrefix(spec)}${spec.name}`, spec] as const))('%s: a whole cell with such a line is a command or a user error', (magic, spec) => {
    fc.assert(
      fc.property(wordsFor(spec), fc.string({ maxLength: 30 }), (args, body) => {
        try {
          expect(typeof parseCell(`${magic} ${args}\n${spec.body === 'json' ? '{}' : body}`, registry, 'scala').kind).toBe('string');
        } catch (error) {
          expect(error).toBeInstanceOf(UserError);
        }
      }),
      { numRuns: OPTION_RUNS_PER_MAGIC / 2 }
    );
  });
});
