import fc from 'fast-check';
import { splitStatements } from '../../../../kernel/src/hive/statement-splitter';

const RUNS = 1000;

// Pieces of HiveQL in which a semicolon must not end the statement, and plain words.
const word = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,8}$/);
const noise = fc.stringMatching(/^[^'"`\\\n]{0,10}$/);
const singleQuoted = noise.map(text => `'${text.replace(/'/g, "\\'")};'`);
const doubleQuoted = noise.map(text => `"${text.replace(/"/g, '\\"')};"`);
const backQuoted = noise.map(text => `\`${text.replace(/`/g, '``')};\``);
const lineComment = noise.map(text => `-- ${text};\n`);
const blockComment = noise.map(text => `/* ${text.replace(/\*\//g, '')}; */`);
const piece = fc.oneof(word, singleQuoted, doubleQuoted, backQuoted, lineComment, blockComment);
// Every statement starts and ends with a word, so none is made of comments alone and none ends
// inside a line comment (which would hide the separator, as it does in the Hive CLI).
const statement = fc.tuple(word, fc.array(piece, { maxLength: 6 }), word).map(([first, rest, last]) => [first, ...rest, last].join(' '));

describe('splitStatements, any script', () => {
  it('gives back the statements a script was joined from, wherever the semicolons hide', () => {
    fc.assert(
      fc.property(fc.array(statement, { minLength: 1, maxLength: 5 }), fc.constantFrom(';', ';\n', ' ;\n\n'), (statements, separator) => {
        const script = statements.join(separator);
        expect(splitStatements(script).map(found => found.text)).toEqual(statements);
      }),
      { numRuns: RUNS }
    );
  });

  it('never throws, and gives non-empty statements on lines of the script', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), script => {
        const lines = script.split('\n').length;
        for (const found of splitStatements(script)) {
          expect(found.text).not.toBe('');
          expect(found.text).toBe(found.text.trim());
          expect(found.line).toBeGreaterThanOrEqual(0);
          expect(found.line).toBeLessThan(lines);
        }
      }),
      { numRuns: RUNS }
    );
  });
});
