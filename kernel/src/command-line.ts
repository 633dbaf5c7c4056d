import { InstallScope, KERNEL_NAME } from './install';

/** What `emr-livy-kernel …` was asked to do. */
export type Command =
  { kind: 'run'; connectionFile: string } | { kind: 'install'; scope: InstallScope; name: string; jupyter: string } | { kind: 'uninstall'; name: string; jupyter: string } | { kind: 'help' };

export const USAGE = `Usage:
  emr-livy-kernel run --connection-file FILE   start the kernel (what kernel.json runs; -f FILE also works)
  emr-livy-kernel install [--user | --sys-prefix | --prefix PATH] [--name NAME] [--jupyter PATH]
                                               install the kernelspec (default --user, name ${KERNEL_NAME})
  emr-livy-kernel uninstall [--name NAME] [--jupyter PATH]
                                               remove the kernelspec

--jupyter defaults to $JUPYTER, then to "jupyter" on PATH.`;

export class UsageError extends Error {
  constructor(message: string) {
    super(`${message}\n\n${USAGE}`);
    this.name = 'UsageError';
  }
}

/** Splits `--flag=value` so every option can be read as separate words. */
function words(argv: readonly string[]): string[] {
  return argv.flatMap(arg => (/^--[^=]+=/.test(arg) ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg]));
}

class Options {
  private readonly _rest: string[];

  constructor(argv: readonly string[]) {
    this._rest = words(argv);
  }

  flag(...names: string[]): boolean {
    const at = this._rest.findIndex(word => names.includes(word));
    if (at < 0) {
      return false;
    }
    this._rest.splice(at, 1);
    return true;
  }

  value(...names: string[]): string | undefined {
    const at = this._rest.findIndex(word => names.includes(word));
    if (at < 0) {
      return undefined;
    }
    const value = this._rest[at + 1];
    if (value === undefined || value.startsWith('-')) {
      throw new UsageError(`${names[0]} needs a value.`);
    }
    this._rest.splice(at, 2);
    return value;
  }

  /** Fails on anything not consumed, so a typo is an error instead of being ignored. */
  done(): void {
    if (this._rest.length > 0) {
      throw new UsageError(`Unexpected argument: ${this._rest[0]}`);
    }
  }
}

export function parseCommandLine(argv: readonly string[], env: NodeJS.ProcessEnv): Command {
  const [verb, ...rest] = argv;
  const options = new Options(rest);
  const jupyter = (): string => options.value('--jupyter') ?? env.JUPYTER ?? 'jupyter';
  const name = (): string => options.value('--name') ?? KERNEL_NAME;
  let command: Command;
  switch (verb) {
    case 'run': {
      const connectionFile = options.value('--connection-file', '-f');
      if (!connectionFile) {
        throw new UsageError('run needs --connection-file FILE.');
      }
      command = { kind: 'run', connectionFile };
      break;
    }
    case 'install':
      command = { kind: 'install', scope: installScope(options), name: name(), jupyter: jupyter() };
      break;
    case 'uninstall':
      command = { kind: 'uninstall', name: name(), jupyter: jupyter() };
      break;
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      command = { kind: 'help' };
      break;
    default:
      throw new UsageError(`Unknown command: ${verb}`);
  }
  options.done();
  return command;
}

function installScope(options: Options): InstallScope {
  const scopes: InstallScope[] = [];
  if (options.flag('--user')) {
    scopes.push({ kind: 'user' });
  }
  if (options.flag('--sys-prefix')) {
    scopes.push({ kind: 'sys-prefix' });
  }
  const prefix = options.value('--prefix');
  if (prefix !== undefined) {
    scopes.push({ kind: 'prefix', path: prefix });
  }
  if (scopes.length > 1) {
    throw new UsageError('Choose one of --user, --sys-prefix and --prefix.');
  }
  // The user's own kernels directory needs no root, unlike Jupyter's system-wide default.
  return scopes[0] ?? { kind: 'user' };
}
