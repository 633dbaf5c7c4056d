import { ILivyEndpoint } from '../cell-kit/context';
import { IActiveSession } from '../livy/session-manager';
import { FINAL_STATEMENT_STATES, ILivyStatement, ISubmitStatementRequest } from '../livy/types';
import { Logger } from '../log';
import { CatalogBusyError } from './catalog-source';

const log = new Logger('catalog');

/** A catalog statement sent to the session, which a cell may still push aside. */
interface IYieldingStatement {
  endpoint: ILivyEndpoint;
  session: IActiveSession;
  /** The statement once Livy took it; undefined when the POST failed (nothing to cancel then). */
  submitted: Promise<ILivyStatement | undefined>;
  /** Fails the lookup at once, whatever Livy does with the statement afterwards. */
  abandon: (reason: Error) => void;
}

/**
 * The catalog's statements on the Spark session, which give way to cells. Livy runs a session's
 * statements one at a time, so a catalog statement in flight when a cell starts would hold the
 * cell's statement behind it (up to the lookup's bound). `giveWay` cancels each through Livy and
 * fails its lookup, which the cache forgets and asks again later.
 */
export class YieldingStatements {
  private readonly _inFlight = new Set<IYieldingStatement>();

  async run(endpoint: ILivyEndpoint, session: IActiveSession, request: ISubmitStatementRequest, signal: AbortSignal): Promise<ILivyStatement> {
    let abandon: (reason: Error) => void = () => undefined;
    const abandoned = new Promise<never>((_, reject) => (abandon = reject));
    const submitted = endpoint.runner.submit(session, request);
    const statement: IYieldingStatement = { endpoint, session, submitted: submitted.catch(() => undefined), abandon };
    this._inFlight.add(statement);
    try {
      // After a cell gave way the runner still polls the cancelled statement to its end, unseen.
      return await Promise.race([submitted.then(sent => endpoint.runner.wait(session, sent, { signal })), abandoned]);
    } finally {
      this._inFlight.delete(statement);
    }
  }

  /**
   * Cancels every catalog statement in flight and fails its lookup. Resolves once Livy has
   * answered each cancel (a statement still being POSTed is cancelled as soon as it has an id),
   * so the cell's statement, sent next, waits in Livy only for the cancel to take effect.
   */
  async giveWay(): Promise<void> {
    const inFlight = [...this._inFlight];
    this._inFlight.clear();
    await Promise.all(inFlight.map(statement => this._cancel(statement)));
  }

  private async _cancel({ endpoint, session, submitted, abandon }: IYieldingStatement): Promise<void> {
    abandon(new CatalogBusyError('a cell took the Spark session; the catalog asks again later'));
    const statement = await submitted;
    if (!statement || FINAL_STATEMENT_STATES.has(statement.state)) {
      return;
    }
    try {
      await endpoint.client.cancelStatement(session.ref, statement.id);
    } catch (error) {
      // The cell goes ahead: at worst its statement waits in Livy behind this one.
      log.debug(`Could not cancel catalog statement ${statement.id}.`, error);
    }
  }
}
