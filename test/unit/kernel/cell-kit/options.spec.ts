import { UserError } from '../../../../kernel/src/core/errors';
import { IArgumentSpec, optionUsage, parseArguments, tokenize } from '../../../../kernel/src/cell-kit/options';

const SPEC: IArgumentSpec = {
  options: [
    { name: 'max-rows', short: 'n', type: 'integer', valueName: 'N', min: 0, description: 'rows to show' },
    { name: 'quiet', short: 'q', type: 'flag', description: 'show nothing' },
    { name: 'view', type: 'string', valueName: 'NAME', description: 'a view name' }
  ],
  positionals: [{ name: 'target', description: 'where' }]
};

describe('tokenize', () => {
  it('splits on whitespace and honours quotes and escapes', () => {
    expect(tokenize(`a  "b c" 'd "e"' f\\ g "h\\"i"`)).toEqual(['a', 'b c', 'd "e"', 'f g', 'h"i']);
    expect(tokenize('  ')).toEqual([]);
    expect(tokenize('""')).toEqual(['']);
  });

  it('rejects an unclosed quote', () => {
    expect(() => tokenize('a "b')).toThrow(/unclosed double quote/);
  });
});

describe('parseArguments', () => {
  it('reads long and short options, inline values and positionals', () => {
    expect(parseArguments('%%sql', '-n 5 --quiet --view=v1 target', SPEC)).toEqual({ options: { 'max-rows': 5, quiet: true, view: 'v1' }, positionals: ['target'] });
    expect(parseArguments('%%sql', '--max-rows=0', SPEC).options).toEqual({ 'max-rows': 0 });
  });

  it('names the unknown option and lists the valid ones', () => {
    let error: UserError | undefined;
    try {
      parseArguments('%%sql', '--limit 5', SPEC);
    } catch (caught) {
      error = caught as UserError;
    }
    expect(error).toBeInstanceOf(UserError);
    expect(error?.evalue).toBe('%%sql does not know the option --limit. Valid options for %%sql: -n/--max-rows N (rows to show); -q/--quiet (show nothing); --view NAME (a view name).');
  });

  it.each([
    ['-n', /-n\/--max-rows N needs a value/],
    ['-n five', /needs a whole number of at least 0, not "five"/],
    ['-n -1', /needs a whole number of at least 0, not "-1"/],
    ['--quiet=yes', /is a flag and takes no value/],
    ['a b', /takes at most 1 argument \(target\), but also got "b"/]
  ])('explains what is wrong with %j', (args, message) => {
    expect(() => parseArguments('%%sql', args, SPEC)).toThrow(message);
  });

  it('says when a magic takes no arguments at all', () => {
    expect(() => parseArguments('%%info', 'now', { options: [] })).toThrow('%%info takes no arguments, but got "now". %%info takes no options.');
  });

  it('accepts only the declared choices and shows them as the value in usage', () => {
    const spec: IArgumentSpec = { options: [{ name: 'chart', type: 'string', choices: ['bar', 'line'], description: 'a chart' }] };
    expect(parseArguments('%%sql', '--chart=line', spec).options).toEqual({ chart: 'line' });
    expect(() => parseArguments('%%sql', '--chart pie', spec)).toThrow('%%sql: --chart bar|line takes one of bar, line, not "pie".');
    expect(optionUsage(spec.options[0])).toBe('--chart bar|line');
  });
});
