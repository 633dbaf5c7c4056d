import { UserError } from '../core/errors';

/** One option a magic accepts, declared once: parsing, errors and %%help all read it. */
export interface IOptionSpec {
  /** Long name without dashes: `force` for `--force`. */
  name: string;
  /** One-letter alias without the dash: `f` for `-f`. */
  short?: string;
  type: 'flag' | 'string' | 'integer';
  /** For string and integer options: what the value is, shown in help (`N`, `ID`). */
  valueName?: string;
  description: string;
  /** Smallest accepted integer. */
  min?: number;
  /** For string options: the only values accepted; help and errors list them. */
  choices?: readonly string[];
}

export interface IPositionalSpec {
  name: string;
  description: string;
}

export interface IArgumentSpec {
  options: readonly IOptionSpec[];
  /** Positional arguments, in order; all optional. */
  positionals?: readonly IPositionalSpec[];
}

export type OptionValues = Record<string, string | number | boolean | undefined>;

export interface IParsedArguments {
  options: OptionValues;
  positionals: string[];
}

/** Splits a magic line into words, honouring single and double quotes and backslash escapes. */
export function tokenize(text: string): string[] {
  const words: string[] = [];
  let current = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (quote) {
      if (char === quote) {
        quote = undefined;
      } else if (char === '\\' && quote === '"' && i + 1 < text.length) {
        i += 1;
        current += text[i];
      } else {
        current += char;
      }
      continue;
    }
    if (/\s/.test(char)) {
      if (inWord) {
        words.push(current);
        current = '';
        inWord = false;
      }
      continue;
    }
    inWord = true;
    if (char === '"' || char === "'") {
      quote = char;
    } else if (char === '\\' && i + 1 < text.length) {
      i += 1;
      current += text[i];
    } else {
      current += char;
    }
  }
  if (quote) {
    throw new UserError(`The magic line has an unclosed ${quote === '"' ? 'double' : 'single'} quote.`);
  }
  if (inWord) {
    words.push(current);
  }
  return words;
}

/** `-f/--force`, `-n/--lines N`: how an option reads in help and errors. */
export function optionUsage(option: IOptionSpec): string {
  const names = [option.short ? `-${option.short}` : undefined, `--${option.name}`].filter(Boolean).join('/');
  return option.type === 'flag' ? names : `${names} ${option.choices?.join('|') ?? option.valueName ?? 'VALUE'}`;
}

function validOptions(magic: string, spec: IArgumentSpec): string {
  if (spec.options.length === 0) {
    return `${magic} takes no options.`;
  }
  return `Valid options for ${magic}: ${spec.options.map(option => `${optionUsage(option)} (${option.description})`).join('; ')}.`;
}

/** Parses the words after a magic's name against its declared options; errors list the valid ones. */
export function parseArguments(magic: string, args: string, spec: IArgumentSpec): IParsedArguments {
  const words = tokenize(args);
  const options: OptionValues = {};
  const positionals: string[] = [];
  for (let i = 0; i < words.length; i += 1) {
    const word = words[i];
    if (!word.startsWith('-') || word === '-' || /^-\d/.test(word)) {
      positionals.push(word);
      continue;
    }
    const [flagPart, inlineValue] = word.startsWith('--') && word.includes('=') ? [word.slice(0, word.indexOf('=')), word.slice(word.indexOf('=') + 1)] : [word, undefined];
    const option = word.startsWith('--')
      ? spec.options.find(candidate => `--${candidate.name}` === flagPart)
      : spec.options.find(candidate => candidate.short !== undefined && `-${candidate.short}` === flagPart);
    if (!option) {
      throw new UserError(`${magic} does not know the option ${flagPart}. ${validOptions(magic, spec)}`);
    }
    if (option.type === 'flag') {
      if (inlineValue !== undefined) {
        throw new UserError(`${magic}: ${optionUsage(option)} is a flag and takes no value.`);
      }
      options[option.name] = true;
      continue;
    }
    const value = inlineValue ?? words[i + 1];
    if (inlineValue === undefined) {
      i += 1;
    }
    if (value === undefined) {
      throw new UserError(`${magic}: ${optionUsage(option)} needs a value.`);
    }
    options[option.name] = option.type === 'integer' ? parseInteger(magic, option, value) : parseChoice(magic, option, value);
  }
  const allowed = spec.positionals?.length ?? 0;
  if (positionals.length > allowed) {
    const extra = positionals[allowed];
    throw new UserError(
      allowed === 0
        ? `${magic} takes no arguments, but got "${extra}". ${validOptions(magic, spec)}`
        : `${magic} takes at most ${allowed} argument${allowed === 1 ? '' : 's'} (${spec.positionals?.map(p => p.name).join(', ')}), but also got "${extra}".`
    );
  }
  return { options, positionals };
}

function parseInteger(magic: string, option: IOptionSpec, value: string): number {
  const number = Number(value);
  if (!/^-?\d+$/.test(value) || !Number.isSafeInteger(number) || (option.min !== undefined && number < option.min)) {
    const bound = option.min !== undefined ? ` of at least ${option.min}` : '';
    throw new UserError(`${magic}: ${optionUsage(option)} needs a whole number${bound}, not "${value}".`);
  }
  return number;
}

function parseChoice(magic: string, option: IOptionSpec, value: string): string {
  if (option.choices && !option.choices.includes(value)) {
    throw new UserError(`${magic}: ${optionUsage(option)} takes one of ${option.choices.join(', ')}, not "${value}".`);
  }
  return value;
}
