import { KernelError } from '../core/errors';
import { IActiveSession } from '../livy/session-manager';
import { ILivyStatement, ISubmitStatementRequest } from '../livy/types';
import { IScalaDefinition } from '../scala/scala-object';
import { ICellContext, IHandlerSettings, ILivyEndpoint } from './context';
import { ensureSession, IRunOptions, runStatement } from './run-statement';

/**
 * What each session is known to hold, per session object: a new session (a restart, one
 * started after the old was found gone, %connect elsewhere) is a new object and knows nothing.
 */
const defined = new WeakMap<IActiveSession, Set<string>>();

/** The names a failed statement's compiler error says are missing ("not found: value X"). */
export function missingNames(statement: ILivyStatement, definitions: readonly IScalaDefinition[]): IScalaDefinition[] {
  const output = statement.output;
  if (output?.status !== 'error') {
    return [];
  }
  const text = [output.evalue, ...(output.traceback ?? [])].join('\n');
  // Scala 2.12/2.13 REPL: "error: not found: value X"; Scala 3: "Not found: X".
  const names = new Set([...text.matchAll(/\b[Nn]ot found: (?:value |object )?([A-Za-z_][A-Za-z0-9_]*)/g)].map(match => match[1]));
  return definitions.filter(definition => names.has(definition.name));
}

/** Thrown when the kernel's own Scala object does not compile or run in the session: a bug or an unexpected Spark. */
export class SessionDefinitionError extends KernelError {
  constructor(names: string[], sessionId: number | undefined, statement: ILivyStatement) {
    const output = statement.output;
    const reason = output?.status === 'error' ? `${output.ename}: ${output.evalue}` : `statement ${statement.id} ended ${statement.state} without output`;
    super(
      'SessionDefinitionError',
      `The kernel could not define its helper ${names.join(', ')} in Livy session ${sessionId ?? '?'} (${reason}). ` +
        'This is a bug in the kernel or an incompatibility with this Spark version; the statement was not run. Report it with the kernel log.',
      output?.status === 'error' ? (output.traceback ?? []).map(line => line.replace(/\n$/, '')) : []
    );
  }
}

/**
 * Runs a statement that calls the given Scala objects, defining those the session does not hold
 * yet in one hidden statement first (no progress bar, no output). A statement that still fails
 * because an object is missing (the session lost it: Livy recovered the session, or the statement
 * went to a new session) gets the objects defined and runs once more; the second answer stands.
 */
export async function runWithDefinitions(
  endpoint: ILivyEndpoint,
  cell: ICellContext,
  settings: IHandlerSettings,
  request: ISubmitStatementRequest,
  definitions: readonly IScalaDefinition[],
  options: IRunOptions
): Promise<ILivyStatement> {
  const session = await ensureSession(endpoint, cell);
  await define(
    endpoint,
    cell,
    settings,
    definitions.filter(definition => !defined.get(session)?.has(definition.name))
  );
  const first = await runStatement(endpoint, cell, settings, request, options);
  const missing = missingNames(first, definitions);
  if (missing.length === 0) {
    return first;
  }
  const current = endpoint.sessions.current;
  for (const definition of missing) {
    if (current) {
      defined.get(current)?.delete(definition.name);
    }
  }
  await define(endpoint, cell, settings, missing);
  return runStatement(endpoint, cell, settings, request, options);
}

async function define(endpoint: ILivyEndpoint, cell: ICellContext, settings: IHandlerSettings, definitions: readonly IScalaDefinition[]): Promise<void> {
  if (definitions.length === 0) {
    return;
  }
  const code = definitions.map(definition => definition.code).join('\n');
  const statement = await runStatement(endpoint, cell, settings, { code, kind: 'spark' }, { progress: false });
  // The session it ran in: runStatement moves to a new session when the old one was found gone.
  const session = endpoint.sessions.current;
  if (statement.output?.status !== 'ok') {
    throw new SessionDefinitionError(
      definitions.map(definition => definition.name),
      session?.id,
      statement
    );
  }
  if (session) {
    const names = defined.get(session) ?? new Set<string>();
    definitions.forEach(definition => names.add(definition.name));
    defined.set(session, names);
  }
}
