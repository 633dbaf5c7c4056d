import { UserError } from '../../core/errors';
import { IAuroraEngine } from './engine';
import { MYSQL_ENGINE } from './mysql';
import { POSTGRES_ENGINE } from './postgres';

const ENGINES = new Map<string, IAuroraEngine>();

/** Adds an engine under its name; the list below is the kernel's, a test may add its own. */
export function registerEngine(engine: IAuroraEngine): void {
  ENGINES.set(engine.name, engine);
}

// The kernel's engines: a new one is its module plus a line here.
[POSTGRES_ENGINE, MYSQL_ENGINE].forEach(registerEngine);

export function engineNames(): string[] {
  return [...ENGINES.keys()];
}

export function allEngines(): IAuroraEngine[] {
  return [...ENGINES.values()];
}

/** The engine of a target's `engine` value; an unknown one is refused, naming the ones there are. */
export function engineFor(name: string): IAuroraEngine {
  const engine = ENGINES.get(name);
  if (!engine) {
    throw new UserError(`Aurora has no engine "${name}"; the engines are ${engineNames().join(', ')}.`, 'AuroraEngineError');
  }
  return engine;
}

/** The engine a secret's or target's `engine` text names ("aurora-postgresql", "mariadb"), or undefined. */
export function engineOf(value: unknown): string | undefined {
  if (typeof value !== 'string') {
    return undefined;
  }
  const text = value.toLowerCase();
  return allEngines().find(engine => engine.matchesSecret(text))?.name;
}
