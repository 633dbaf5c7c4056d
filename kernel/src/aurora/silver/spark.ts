import { UserError } from '../../core/errors';
import { ICellContext, ILivyEndpoint } from '../../cell-kit/context';
import { ensureSession, runStatement } from '../../cell-kit/run-statement';
import { runWithDefinitions } from '../../cell-kit/session-definitions';
import { IScalaDefinition } from '../../scala/scala-object';
import { IAuroraKernel } from '../aurora-service';
import { ISilverCommand } from '../cell-commands';
import { allEngines } from '../engines/registry';
import { ISparkField } from '../sql-dialect';
import { marker, readMarker } from './session-code';

// Every step that talks to the notebook's session (the source, a new table's schema, the load, the
// cleanup) goes through this one class, so how a statement's answer or failure reads is said once.

/** One %%silver run's Spark side: statements in the notebook's session, their text never shown. */
export class SilverSpark {
  constructor(
    private readonly _endpoint: ILivyEndpoint,
    private readonly _cell: ICellContext,
    private readonly _kernel: IAuroraKernel
  ) {}

  /** Starts the notebook's session if it has none (a %%silver cell may be the first of the day). */
  async ready(): Promise<void> {
    await ensureSession(this._endpoint, this._cell);
  }

  /** Whether a session exists: only one that does can hold a run's view or password, and a cleanup must not start one. */
  get hasSession(): boolean {
    return this._endpoint.sessions.current !== undefined;
  }

  /**
   * Runs Scala and returns what it printed; a Scala or Spark failure comes back as its message.
   * The objects in `definitions` are defined in the session first, if it lacks them.
   */
  async run(code: string, progress: boolean, cell = this._cell, definitions: IScalaDefinition[] = []): Promise<SparkAnswer> {
    const request = { code, kind: 'spark' } as const;
    const statement =
      definitions.length > 0
        ? await runWithDefinitions(this._endpoint, cell, this._kernel.settings, request, definitions, { progress })
        : await runStatement(this._endpoint, cell, this._kernel.settings, request, { progress });
    const output = statement.output;
    if (output?.status === 'error') {
      return { failure: sparkFailure(output.evalue) };
    }
    const text = output?.data?.['text/plain'];
    return { text: typeof text === 'string' ? text : '' };
  }

  /** Runs a statement that must not be cancelled with the cell (a cleanup after an interrupt); its failure is ignored. */
  async runUncancelled(code: string): Promise<void> {
    await this.run(code, false, { sink: this._cell.sink, signal: new AbortController().signal }).catch(() => undefined);
  }
}

/** What a statement printed, or why it failed. */
export type SparkAnswer = { text: string } | { failure: string };

// The JDBC driver's own words are what tells the user what to fix: a constraint, a type, a login.
const DRIVER_MESSAGE = /(?:PSQLException|SQL\w*Exception|BatchUpdateException|ClassNotFoundException)[^:\n]*:\s*([^\n]+)/g;

// Made when asked, so an engine registered after this module loaded is known too.
const missingDriver = (): RegExp =>
  new RegExp(
    `ClassNotFoundException[^:\\n]*:\\s*(${allEngines()
      .map(engine => engine.jdbc.driverClass.replace(/\./g, '\\.'))
      .join('|')})`
  );

/** The cause of a failed Spark statement in one line: the database driver's message when there is one. */
export function sparkFailure(evalue: string): string {
  const missing = missingDriver().exec(evalue);
  if (missing) {
    const engine = allEngines().find(candidate => candidate.jdbc.driverClass === missing[1])?.name;
    return (
      `the JDBC driver ${missing[1]} is not on the executors' classpath. Point "aurora.jdbcJars" in the kernel config (or EMR_AURORA_JDBC_JARS) at its jar, ` +
      `such as {"${engine}": "s3://my-bucket/jars/driver.jar"}, or start the session with it: %%configure -f {"jars": ["…"]}`
    );
  }
  const driverMessages = [...evalue.matchAll(DRIVER_MESSAGE)].map(match => match[1].trim());
  const text = driverMessages.length > 0 ? driverMessages[driverMessages.length - 1] : evalue.trim().split('\n')[0];
  return text.length > 600 ? `${text.slice(0, 600)}…` : text;
}

/** The error for rows that could not be made: the query failed, or --from names nothing the session has. */
export function sourceError(command: ISilverCommand, failure: string): UserError {
  const what = command.from !== undefined ? `--from ${command.from} is neither a temporary view, a table nor a DataFrame value of the session (${failure})` : `the query failed: ${failure}`;
  return new UserError(`%%silver: ${what}. Nothing was written.`, 'SilverSourceError');
}

function isSparkField(value: unknown): value is ISparkField {
  const field = value as ISparkField;
  return typeof field === 'object' && field !== null && typeof field.name === 'string' && typeof field.nullable === 'boolean' && field.type !== undefined;
}

/** The rows' schema a statement printed after the run's SCHEMA marker. */
export function readSchema(text: string, id: string): ISparkField[] {
  const json = readMarker(text, marker(id, 'SCHEMA'));
  const fields = json ? (JSON.parse(json) as { fields?: unknown }).fields : undefined;
  if (!Array.isArray(fields) || !fields.every(isSparkField)) {
    throw new UserError(`%%silver: the session did not report the result's schema (it printed: ${text.slice(0, 200)}). Nothing was written.`, 'SilverSourceError');
  }
  return fields;
}
