import { ICellServices } from '../cell-kit/context';
import { UserError } from '../core/errors';
import { ICredentialSources, IConnectionParams, resolveConnection } from './credentials';
import { IDatabase } from './database';
import { databaseUserError } from './database-errors';
import { AuroraEngine, IAuroraSettings, IAuroraTarget } from './targets';

/** Opens a connection with resolved parameters; the real one is pg / mysql2, tests pass fakes. */
export type DatabaseOpener = (params: IConnectionParams) => Promise<IDatabase>;

/** What %%aurora and %%silver use: named targets, their credentials, connections and JDBC jars. */
export interface IAuroraService {
  /** The target named, or the default one; a user error naming the known targets otherwise. */
  target(name?: string): IAuroraTarget;
  /** Every configured target, for the side panel's catalog. */
  targets(): readonly IAuroraTarget[];
  resolve(target: IAuroraTarget): Promise<IConnectionParams>;
  /** Opens a connection; failures become one paragraph with the remedy. */
  open(params: IConnectionParams): Promise<IDatabase>;
  jdbcJar(engine: AuroraEngine): string | undefined;
  /** Registers another form of a credential (as sent to Spark) with the redactor. */
  protect(secret: string): void;
}

/** What %%aurora and %%silver run with: the toolkit's services and the database targets. */
export type IAuroraKernel = ICellServices & { aurora: IAuroraService };

export class AuroraService implements IAuroraService {
  constructor(
    private readonly _settings: IAuroraSettings,
    private readonly _sources: ICredentialSources,
    private readonly _opener: DatabaseOpener
  ) {}

  target(name?: string): IAuroraTarget {
    const { targets, defaultTarget } = this._settings;
    const wanted = name ?? defaultTarget;
    const found = wanted === undefined ? targets[0] : targets.find(target => target.name === wanted);
    if (found) {
      return found;
    }
    const known = targets.length > 0 ? `The targets are ${targets.map(target => target.name).join(', ')}.` : 'No target is configured.';
    throw new UserError(
      `${wanted === undefined ? 'There is no Aurora target to use' : `There is no Aurora target "${wanted}"`}. ${known} ` +
        'Define targets under "aurora.targets" in the kernel config file or in EMR_AURORA_TARGETS (kernel/README.md shows how), then restart the kernel.',
      'AuroraTargetError'
    );
  }

  targets(): readonly IAuroraTarget[] {
    return this._settings.targets;
  }

  resolve(target: IAuroraTarget): Promise<IConnectionParams> {
    return resolveConnection(target, this._sources);
  }

  async open(params: IConnectionParams): Promise<IDatabase> {
    try {
      return await this._opener(params);
    } catch (error) {
      throw databaseUserError(error, params, 'connecting');
    }
  }

  jdbcJar(engine: AuroraEngine): string | undefined {
    return this._settings.jdbcJars[engine];
  }

  protect(secret: string): void {
    this._sources.redactor.register(secret);
  }
}
