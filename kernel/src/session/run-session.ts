import { UserError } from '../core/errors';
import { SessionGoneError } from '../livy/errors';
import { IActiveSession, versionAtLeast } from '../livy/session-manager';
import { ICreateSessionRequest, ILivySession } from '../livy/types';
import { formatElapsed } from '../bundles/progress';
import { infoBundle, IInfoSessionRow } from '../bundles/info';
import { MimeBundle } from '../core/output-sink';
import { probeLivy } from '../livy/reachability';
import { SessionCommand } from './session-commands';
import { ICellContext, ICellServices, ILivyEndpoint, ISwitchOptions } from '../cell-kit/context';
import { ensureSession, runStatement } from '../cell-kit/run-statement';
import { prepareServerlessConnect } from './connect-serverless';

type Command<K extends SessionCommand['kind']> = Extract<SessionCommand, { kind: K }>;

export async function runConnect(command: Command<'connect'>, cell: ICellContext, kernel: ICellServices): Promise<void> {
  let endpoint: ILivyEndpoint;
  if (command.target) {
    let url: string;
    let via = '';
    let note = '';
    let clusterId: string | undefined;
    let access: Pick<ISwitchOptions, 'sigv4' | 'sessionConf'> = {};
    if (command.target.kind === 'serverless') {
      const prepared = await prepareServerlessConnect(command.target.applicationId, cell, kernel);
      ({ via, note } = prepared);
      url = prepared.access.url;
      access = { sigv4: prepared.access.sigv4, sessionConf: prepared.access.sessionConf };
    } else if (command.target.kind === 'cluster') {
      clusterId = command.target.clusterId;
      const cluster = await kernel.clusters.livyUrl(command.target.clusterId);
      url = cluster.url;
      via = ` (EMR cluster ${command.target.clusterId}${cluster.clusterName ? `, ${cluster.clusterName}` : ''}${cluster.state ? `, ${cluster.state}` : ''})`;
    } else {
      url = command.target.url;
    }
    const switched = await kernel.connection.switchTo(url, { clusterId, signal: cell.signal, ...access });
    endpoint = switched.endpoint;
    const version = await endpoint.sessions.serverVersion();
    const released = switched.released !== undefined ? ` Session ${switched.released} on the previous Livy was deleted.` : '';
    const next = command.sessionId === undefined ? ' The next cell starts a session.' : '';
    cell.sink.stream('stdout', `Connected to Livy ${version ?? '(version unknown, before 0.8)'} at ${url}${via}.${released}${next}${note}\n`);
  } else {
    endpoint = kernel.connection.require();
  }
  if (command.sessionId !== undefined) {
    const { session, deleted } = await endpoint.sessions.reattach(command.sessionId);
    const info = await endpoint.sessions.sessionInfo();
    const dropped = deleted !== undefined ? ` Session ${deleted}, which this kernel had started, was deleted.` : '';
    cell.sink.stream(
      'stdout',
      `Attached to Livy session ${session.id}${session.name ? ` (${session.name})` : ''}, ${info?.state ?? 'state unknown'}, kind ${session.kind}. ` +
        `Its variables and views are available to the next cells. The kernel did not start it, so it does not delete it at shutdown.${dropped}\n`
    );
  }
}

/** `conf` merges key by key; every other field replaces the configured default. */
function mergeRequests(base: ICreateSessionRequest, override: ICreateSessionRequest): ICreateSessionRequest {
  const merged: ICreateSessionRequest = { ...base, ...override };
  if (base.conf || override.conf) {
    merged.conf = { ...base.conf, ...override.conf };
  }
  return merged;
}

export async function runConfigure(command: Command<'configure'>, cell: ICellContext, kernel: ICellServices): Promise<void> {
  const endpoint = kernel.connection.require();
  const { sessions } = endpoint;
  const version = await sessions.serverVersion();
  if (command.request.idleTimeout !== undefined && !versionAtLeast(version, 0, 9)) {
    throw new UserError(
      `Livy ${version ?? 'before 0.8'} does not know "idleTimeout" (it came in 0.9) and would refuse the session. ` +
        `${versionAtLeast(version, 0, 8) ? 'On Livy 0.8, "ttl" is the inactivity timeout: use {"ttl": "2h"}. ' : ''}Nothing was changed.`
    );
  }
  if (command.request.ttl !== undefined && !versionAtLeast(version, 0, 8)) {
    throw new UserError(`Livy ${version ?? 'before 0.8'} does not know "ttl" (it came in 0.8) and would refuse the session. Nothing was changed.`);
  }
  const request = mergeRequests(sessions.options.createRequest, command.request);
  // A session the kernel started on its own, before any cell, holds nothing of the user's: the
  // settings replace it without -f, as they would have applied had it not been started early.
  if (sessions.unusedKernelStart) {
    sessions.createRequest = request;
    const deleted = await sessions.discard();
    const dropped = deleted !== undefined ? `Deleted session ${deleted}, which the kernel had started before any cell ran.` : 'Stopped the session the kernel was starting.';
    cell.sink.stream('stdout', `${dropped} Starting one with these settings:\n${JSON.stringify(request, null, 2)}\n`);
    await ensureSession(endpoint, cell);
    return;
  }
  const running = sessions.current;
  if (running && !command.force) {
    throw new UserError(
      `Livy session ${running.id} is already running, and these settings apply only when a session starts. Write %%configure -f to restart it ` +
        'with them (everything defined in it is lost). Nothing was changed.'
    );
  }
  sessions.createRequest = request;
  const settings = JSON.stringify(request, null, 2);
  if (!running) {
    cell.sink.stream('stdout', `Saved. The next cell starts a session with these settings:\n${settings}\n`);
    return;
  }
  const deleted = await sessions.discard();
  const dropped = deleted !== undefined ? `Deleted session ${deleted}.` : `Left session ${running.id} running (this kernel did not start it).`;
  cell.sink.stream('stdout', `${dropped} Starting a new one with these settings:\n${settings}\n`);
  await ensureSession(endpoint, cell);
}

export async function runCleanup(command: Command<'cleanup'>, cell: ICellContext, kernel: ICellServices): Promise<void> {
  const deleted = await kernel.connection.require().sessions.cleanup(command.everything);
  const which = command.everything ? 'on this Livy' : 'started by this kernel';
  cell.sink.stream('stdout', deleted.length === 0 ? `No sessions ${which} to delete.\n` : `Deleted Livy session${deleted.length === 1 ? '' : 's'} ${deleted.join(', ')} (${which}).\n`);
}

function requireSession(endpoint: ILivyEndpoint, magic: string): IActiveSession {
  const session = endpoint.sessions.current;
  if (!session) {
    throw new UserError(`${magic} needs a Livy session, and this notebook has none yet: run a cell to start one, or %connect --session ID to attach to one.`);
  }
  return session;
}

export async function runLogs(command: Command<'logs'>, cell: ICellContext, kernel: ICellServices): Promise<void> {
  const endpoint = kernel.connection.require();
  const session = requireSession(endpoint, '%%logs');
  const { log, total } = await endpoint.client.getSessionLog(session.ref, { size: command.lines });
  const header = `Last ${log.length} of ${total} log lines kept by Livy for session ${session.id}:\n`;
  cell.sink.stream('stdout', `${header}${log.join('\n')}\n`);
}

/** How long the session may sit idle before Livy deletes it, from what this Livy version and session tell. */
function idleTimeoutText(info: ILivySession, version: string | undefined, serverIdleTimeout: string | undefined): string {
  const activity = 'only statements, cancels and completions count as activity';
  if (versionAtLeast(version, 0, 9) && info.idleTimeout) {
    return `${info.idleTimeout} without activity (this session's idleTimeout; ${activity})`;
  }
  if (versionAtLeast(version, 0, 8) && !versionAtLeast(version, 0, 9) && info.ttl) {
    return `${info.ttl} without activity (this session's ttl, Livy 0.8's inactivity timeout; ${activity})`;
  }
  if (serverIdleTimeout) {
    return `${serverIdleTimeout} without activity (the server's livy.server.session.timeout, as configured for this kernel; ${activity})`;
  }
  return `the server's livy.server.session.timeout without activity (1 h unless the server sets it; Livy does not report it, ` + `so set EMR_LIVY_SERVER_IDLE_TIMEOUT to show it here; ${activity})`;
}

/** Local-mode Livy reports no application links; the driver knows its own UI address. */
async function askSparkUiUrl(endpoint: ILivyEndpoint, cell: ICellContext, kernel: ICellServices): Promise<string | undefined> {
  try {
    const statement = await runStatement(endpoint, cell, kernel.settings, { code: 'sc.uiWebUrl', kind: 'spark' }, { progress: false });
    const text = statement.output?.status === 'ok' ? String(statement.output.data['text/plain'] ?? '') : '';
    return /Some\((https?:\/\/[^)\s]+)\)/.exec(text)?.[1];
  } catch {
    return undefined;
  }
}

/** %%info on a Livy that does not answer: where the notebook points and why nothing more is known. */
function unreachableInfo(endpoint: ILivyEndpoint, problem: string): MimeBundle {
  const held = endpoint.sessions.current;
  const rows: [string, string][] = [
    ...clusterRow(endpoint),
    ['State', `unreachable: ${problem}`],
    ['Remedy', 'Check that Livy runs there and that its port is reachable from the Jupyter server (SSH tunnel, VPN); or %connect to another Livy'],
    ['Session', held ? `${held.id}, not checked (Livy does not answer)` : 'none yet; the next cell starts one once Livy answers']
  ];
  return infoBundle({ endpoint: endpoint.url, session: rows, settings: (held?.createRequest ?? endpoint.sessions.createRequest) as Record<string, unknown> });
}

function clusterRow(endpoint: ILivyEndpoint): [string, string][] {
  return endpoint.clusterId ? [['EMR cluster', endpoint.clusterId]] : [];
}

export async function runInfo(_command: Command<'info'>, cell: ICellContext, kernel: ICellServices): Promise<void> {
  const endpoint = kernel.connection.require();
  const { sessions } = endpoint;
  // Only a Livy nobody answers for gets this answer; a TLS or credentials problem fails the cell
  // below with its own remedy.
  const reach = await probeLivy(endpoint.client, cell.signal);
  if (!reach.reachable && reach.cause === 'unreachable') {
    cell.sink.display(unreachableInfo(endpoint, reach.problem));
    return;
  }
  const version = await sessions.serverVersion();
  const rows: [string, string][] = [];
  let info: ILivySession | undefined;
  try {
    info = await sessions.sessionInfo();
  } catch (error) {
    if (!(error instanceof SessionGoneError)) {
      throw error;
    }
    sessions.forget(error);
    rows.push(['Session', `${error.sessionId} is gone (${error.state}); the next cell starts a fresh one`]);
  }
  const session = sessions.current;
  if (info && session) {
    if (!session.links.sparkUiUrl && info.state === 'idle') {
      session.links.sparkUiUrl = info.appInfo?.sparkUiUrl ?? (await askSparkUiUrl(endpoint, cell, kernel));
    }
    const lastActivity = sessions.lastActivity;
    rows.push(
      ['Session', `${info.id}${info.name ? ` (${info.name})` : ''}, ${session.ownedByKernel ? 'started by this kernel' : 'attached with %connect --session'}`],
      ['State', info.state],
      ['Kind', info.kind],
      ['Application', info.appId ?? 'none reported (local mode)'],
      ['Spark UI', session.links.sparkUiUrl ?? info.appInfo?.sparkUiUrl ?? 'unknown'],
      ['Driver log', info.appInfo?.driverLogUrl ?? 'not reported by Livy; %%logs shows the driver output Livy keeps'],
      ['Idle timeout', idleTimeoutText(info, version, kernel.settings.serverIdleTimeout)]
    );
    if (lastActivity !== undefined) {
      rows.push(['Last activity', `${formatElapsed(Date.now() - lastActivity)} ago`]);
    }
    if (info.heartbeatTimeoutInSecond) {
      rows.push(['Heartbeat', `Livy deletes the session ${info.heartbeatTimeoutInSecond} s after this kernel stops calling (it calls while running)`]);
    }
    if (!session.ownedByKernel || sessions.options.keepOnShutdown) {
      rows.push(['At shutdown', 'kept (this kernel does not delete it)']);
    }
  } else if (!info && rows.length === 0) {
    rows.push(['Session', 'none yet; the next cell starts one']);
  }
  const { sessions: all } = await endpoint.client.listSessions(0, 1000);
  const table: IInfoSessionRow[] = all.map(item => ({ id: item.id, name: item.name, state: item.state, kind: item.kind, owner: item.owner, current: item.id === session?.id }));
  const settings = (session?.createRequest ?? sessions.createRequest) as Record<string, unknown>;
  cell.sink.display(infoBundle({ endpoint: endpoint.url, livyVersion: version, session: [...clusterRow(endpoint), ...rows], settings, sessions: table }));
}
