import { CellLanguage } from '@jupyterlab-emr/common';
import { UserError } from '../core/errors';
import { IArgumentSpec, IParsedArguments } from './options';

/** What a magic's builder gets from the parser. */
export interface IMagicInput {
  /** The magic as the user wrote it (`%%sql`, `%livy.sql`), for messages. */
  label: string;
  args: IParsedArguments;
  body: string;
  bodyLine: number;
}

/** What every command a magic builds carries: the kind its handler is found by. */
export interface IMagicCommand {
  kind: string;
}

/**
 * One magic, declared once: the parser, %%help and completion all read this. Generic over the
 * command it builds, so a feature declares its magic without knowing the other features' commands.
 */
export interface IMagicSpec<C extends IMagicCommand = IMagicCommand> {
  name: string;
  aliases: readonly string[];
  /** What the cell body holds: code, a JSON document, or nothing (the magic line is the whole cell). */
  body: 'code' | 'json' | 'none';
  /** The language of the body, which is_complete, completion and Format SQL go by. */
  language: CellLanguage;
  /** Written `%name` rather than `%%name` (both work for magics without a body). */
  lineMagic?: boolean;
  summary: string;
  /** Longer help: an example or what to know. */
  details?: string;
  args: IArgumentSpec;
  build(input: IMagicInput): C;
}

/** How a magic is written in help and completion: `%connect`, `%%sql`. */
export function magicPrefix(spec: Pick<IMagicSpec, 'lineMagic'>): '%' | '%%' {
  return spec.lineMagic ? '%' : '%%';
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

export class MagicRegistry<C extends IMagicCommand = IMagicCommand> {
  private readonly _specs: IMagicSpec<C>[] = [];
  private readonly _byName = new Map<string, IMagicSpec<C>>();

  constructor(specs: readonly IMagicSpec<C>[]) {
    for (const spec of specs) {
      this._specs.push(spec);
      for (const name of [spec.name, ...spec.aliases]) {
        if (this._byName.has(name)) {
          throw new Error(`Two magics are named ${name}.`);
        }
        this._byName.set(name, spec);
      }
    }
  }

  get specs(): readonly IMagicSpec<C>[] {
    return this._specs;
  }

  /** Every name a magic answers to, aliases included. */
  get names(): string[] {
    return [...this._byName.keys()];
  }

  find(name: string): IMagicSpec<C> | undefined {
    return this._byName.get(name.toLowerCase());
  }

  /** Like find, but an unknown name is a user error naming the closest magics and %%help. */
  get(name: string, label: string): IMagicSpec<C> {
    const spec = this.find(name);
    if (spec) {
      return spec;
    }
    const close = this.names.filter(candidate => editDistance(candidate, name.toLowerCase()) <= 2);
    const suggestion = close.length > 0 ? ` Did you mean ${close.map(candidate => `${magicPrefix(this._byName.get(candidate) as IMagicSpec<C>)}${candidate}`).join(' or ')}?` : '';
    throw new UserError(`Unknown magic ${label}.${suggestion} The magics are ${this._specs.map(spec => `${magicPrefix(spec)}${spec.name}`).join(', ')}; %%help explains each.`);
  }
}
