import { Logger } from '../log';
import { abortable } from './abortable';
import { abortableSleep } from './abortable-sleep';
import { within } from './within';
import { backoffDelay, IBackoffOptions } from './backoff';
import { isSessionNotFound, LivyClient, sessionGoneState, SessionRef } from './client';
import { LivyAbortedError, LivyHttpError, SessionGoneError, SessionStartError } from './errors';
import { FINAL_SESSION_STATES, ICreateSessionRequest, ILivySession, SessionKind } from './types';

/** The session this kernel runs statements in. */
export interface IActiveSession {
  id: number;
  /** How routes address it: the unique name when Livy echoed one (ids restart at 0 when Livy restarts), else the id. */
  ref: SessionRef;
  name: string | null;
  kind: SessionKind;
  /** Created by this kernel, so deleted at shutdown and by %%cleanup; false for a reattached session. */
  ownedByKernel: boolean;
  /** The create request it was started with (none for a reattached session). */
  createRequest?: ICreateSessionRequest;
  /** From Livy's appInfo (YARN), or learnt later from the driver (local mode reports none). */
  links: ISessionLinks;
}

export interface ISessionLinks {
  appId?: string;
  sparkUiUrl?: string;
  driverLogUrl?: string;
}

export interface IStartingProgress {
  sessionId: number;
  state: string;
  elapsedMs: number;
}

export interface IEnsureOptions {
  signal?: AbortSignal;
  /** Called after each state poll while a new session starts. */
  onStarting?: (progress: IStartingProgress) => void;
}

export interface IEnsuredSession {
  session: IActiveSession;
  /** The previous session, when it was found gone and this one replaces it. */
  replaced?: { id: number; state: string };
  /** Set the first time a cell gets a session that was started for it: how long the start took. */
  startedMs?: number;
  /** Set when the session was started with the kernel, before any cell asked for it. */
  startedWithKernel?: boolean;
  /** Why the session started with the kernel could not be used (this one was started in its place). */
  earlierStartFailure?: string;
}

/** A session start in flight: one per manager, joined by every cell and completion that needs it. */
interface IStartInFlight {
  promise: Promise<IActiveSession>;
  /** Stops waiting for the session to become ready (discard, reattach, shutdown); the POST itself is not cut. */
  stop: AbortController;
  listeners: Set<(progress: IStartingProgress) => void>;
  startedAt: number;
  withKernel: boolean;
}

export interface ISessionManagerOptions {
  client: LivyClient;
  /** Start of every session name; a unique suffix follows (Livy rejects duplicate names). */
  namePrefix: string;
  /** The body sent to `POST /sessions`, before version-specific fields are added. */
  createRequest: ICreateSessionRequest;
  /** Livy deletes the session when no request touched it for this long: the orphan reaper if the kernel dies. 0 = off. */
  heartbeatTimeoutSeconds: number;
  /** Inactivity timeout sent to Livy 0.9+ (0.8 rejects the field); undefined = the server's default. */
  idleTimeout?: string;
  startTimeoutMs: number;
  keepOnShutdown: boolean;
  poll: IBackoffOptions;
  /** Interval of the heartbeat request while a session is held. */
  heartbeatIntervalMs?: number;
  /** Work worth doing in a session started with the kernel before any cell asks for it (run once it is up; must not throw). */
  prepareEarly?: (session: IActiveSession) => void;
}

const log = new Logger('livy-session');

function linksOf(info: ILivySession): ISessionLinks {
  return {
    appId: info.appId ?? undefined,
    sparkUiUrl: info.appInfo?.sparkUiUrl ?? undefined,
    driverLogUrl: info.appInfo?.driverLogUrl ?? undefined
  };
}

/**
 * A local-mode driver's UI address, from its log (Livy reports links only for YARN). Spark 3
 * logs "Start Jetty 127.0.0.1:4040 for SparkUI" with the port it asks for, then, if that one was
 * taken, "Successfully started service 'SparkUI' on port 4041."; older Sparks log "Bound SparkUI
 * to …, and started at URL".
 */
export function sparkUiFromLog(lines: readonly string[]): string | undefined {
  let host: string | undefined;
  let port: string | undefined;
  for (const line of lines) {
    const started = /Bound SparkUI to .*, and started at (https?:\/\/\S+)/.exec(line);
    if (started) {
      return started[1];
    }
    const jetty = /Start Jetty ([\w.-]+|\[[0-9a-fA-F:]+\]):(\d+) for SparkUI/.exec(line);
    if (jetty) {
      host = jetty[1] === '0.0.0.0' ? '127.0.0.1' : jetty[1];
      port ??= jetty[2];
    }
    const bound = /Successfully started service 'SparkUI' on port (\d+)/.exec(line);
    if (bound) {
      port = bound[1];
    }
  }
  return host && port ? `http://${host}:${port}` : undefined;
}

let nameCounter = 0;

/** A Livy session name no other kernel will pick: prefix, process id, time and randomness. */
export function uniqueSessionName(prefix: string): string {
  nameCounter += 1;
  const random = Math.random().toString(36).slice(2, 8);
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${nameCounter}${random}`;
}

/** Parses "0.9.0-incubating" into comparable numbers. */
export function parseLivyVersion(version: string): [number, number, number] | undefined {
  const match = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(version);
  return match ? [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)] : undefined;
}

export function versionAtLeast(version: string | undefined, major: number, minor: number): boolean {
  const parsed = version === undefined ? undefined : parseLivyVersion(version);
  return parsed !== undefined && (parsed[0] > major || (parsed[0] === major && parsed[1] >= minor));
}

/**
 * The kernel's one Livy session: started on the first cell that needs it, reused after, found
 * gone (deleted, dead, reaped) and replaced, reattached by id, deleted at shutdown.
 */
export class LivySessionManager {
  private _current: IActiveSession | undefined;
  private _lost: { id: number; state: string } | undefined;
  private _createRequest: ICreateSessionRequest;
  private _version: Promise<string | undefined> | undefined;
  private _heartbeat: NodeJS.Timeout | undefined;
  private readonly _owned = new Set<number>();
  private _lastActivity: number | undefined;
  private _start: IStartInFlight | undefined;
  /** The current session was started with the kernel and no cell has used it yet (%%configure may replace it freely). */
  private _unusedKernelStart = false;
  /** A start no cell has reported yet: its duration, and whether it began with the kernel. */
  private _unreported: { ms: number; withKernel: boolean } | undefined;
  private _startFailure: string | undefined;
  private _closed = false;

  constructor(private readonly _options: ISessionManagerOptions) {
    this._createRequest = { ..._options.createRequest };
  }

  get client(): LivyClient {
    return this._options.client;
  }

  get current(): IActiveSession | undefined {
    return this._current;
  }

  /** What the next new session will be created with (config, then %%configure). */
  get createRequest(): ICreateSessionRequest {
    return { ...this._createRequest };
  }

  set createRequest(request: ICreateSessionRequest) {
    this._createRequest = { ...request };
  }

  /** Epoch ms of the last request that counts as activity for Livy's idle timeout (a POST). */
  get lastActivity(): number | undefined {
    return this._lastActivity;
  }

  noteActivity(): void {
    this._lastActivity = Date.now();
  }

  get options(): Readonly<ISessionManagerOptions> {
    return this._options;
  }

  /** Livy's version from `GET /version`, or undefined for a Livy older than 0.8 (no such endpoint). */
  serverVersion(): Promise<string | undefined> {
    this._version ??= this._options.client.version().then(
      info => info.version,
      error => {
        if (error instanceof LivyHttpError && error.status === 404) {
          return undefined;
        }
        // Not cached: Livy may simply have been unreachable this time.
        this._version = undefined;
        throw error;
      }
    );
    return this._version;
  }

  /**
   * Starts the session in the background, before any cell asks for it, so the first cell waits
   * only for what remains of the start. A failure is logged and told to the first cell, which
   * then starts a session of its own.
   */
  startEarly(): void {
    if (this._current || this._start || this._closed) {
      return;
    }
    const start = this._begin(true);
    start.promise.then(
      session => {
        this._unusedKernelStart = this._current !== undefined;
        if (this._current === session && !this._closed) {
          this._options.prepareEarly?.(session);
        }
      },
      error => {
        if (error instanceof LivyAbortedError || this._closed) {
          return;
        }
        this._startFailure = error instanceof Error ? error.message : String(error);
        log.warn('The Livy session started with the kernel did not come up; the first cell starts one.', error);
      }
    );
  }

  /** Whether the session held or starting was started with the kernel and no cell has used it yet. */
  get unusedKernelStart(): boolean {
    return this._start?.withKernel ?? (this._unusedKernelStart && this._current !== undefined);
  }

  /**
   * The current session once it is ready, waiting at most `waitMs` for one that is starting; for
   * requests that must not start a session or wait long (completion).
   */
  async readySession(waitMs: number): Promise<IActiveSession | undefined> {
    const start = this._start;
    if (!start) {
      return this._current;
    }
    return within(start.promise, waitMs).catch(() => undefined);
  }

  /** The session to run the next statement in: the current one, the one starting, or a new one. */
  async ensure(options: IEnsureOptions = {}): Promise<IEnsuredSession> {
    if (this._current && !this._start) {
      return this._handOver(this._current);
    }
    const start = this._start ?? this._begin(false);
    const onStarting = options.onStarting;
    if (onStarting) {
      start.listeners.add(onStarting);
    }
    try {
      return this._handOver(await abortable(start.promise, options.signal));
    } finally {
      if (onStarting) {
        start.listeners.delete(onStarting);
      }
    }
  }

  /** What a cell is told along with its session: the first cell after a start hears how it went. */
  private _handOver(session: IActiveSession): IEnsuredSession {
    const ensured: IEnsuredSession = { session };
    if (this._lost) {
      ensured.replaced = this._lost;
      this._lost = undefined;
    }
    if (this._unreported) {
      ensured.startedMs = this._unreported.ms;
      ensured.startedWithKernel = this._unreported.withKernel || undefined;
      this._unreported = undefined;
    }
    if (this._startFailure) {
      ensured.earlierStartFailure = this._startFailure;
      this._startFailure = undefined;
    }
    this._unusedKernelStart = false;
    return ensured;
  }

  private _begin(withKernel: boolean): IStartInFlight {
    const stop = new AbortController();
    const listeners = new Set<(progress: IStartingProgress) => void>();
    const startedAt = Date.now();
    const promise = this._startSession({ signal: stop.signal, onStarting: progress => listeners.forEach(listener => listener(progress)) });
    const start: IStartInFlight = { promise, stop, listeners, startedAt, withKernel };
    this._start = start;
    promise.then(
      () => {
        this._unreported = { ms: Date.now() - startedAt, withKernel };
      },
      () => undefined
    );
    // Whoever waited may have left (an interrupt); the start's own outcome is handled above.
    void promise
      .catch(() => undefined)
      .finally(() => {
        if (this._start === start) {
          this._start = undefined;
        }
      });
    return start;
  }

  /** Stops a start in flight and waits (at most `waitMs`) until its session, if created, is held, so it can be deleted. */
  private async _cancelStart(waitMs = Number.POSITIVE_INFINITY): Promise<void> {
    const start = this._start;
    if (!start) {
      return;
    }
    this._start = undefined;
    start.stop.abort();
    const settled = start.promise.then(
      () => undefined,
      () => undefined
    );
    await (Number.isFinite(waitMs) ? within(settled, waitMs).catch(() => undefined) : settled);
    this._unreported = undefined;
  }

  /**
   * Drops the current session after Livy said it is gone; the next ensure() starts a new one
   * and reports this one as replaced.
   */
  forget(error: SessionGoneError): void {
    if (this._current?.id === error.sessionId) {
      log.warn(`Livy session ${error.sessionId} is gone (${error.state}); the next cell starts a new one.`);
      this._lost = { id: error.sessionId, state: error.state };
      this._current = undefined;
      this._stopHeartbeat();
    }
  }

  /** Adopts an existing session (`%connect --session ID`); the session this kernel started, if any, is deleted. */
  async reattach(sessionId: number): Promise<{ session: IActiveSession; deleted?: number }> {
    const info = await this._getOrGone(sessionId);
    await this._cancelStart();
    if (FINAL_SESSION_STATES.has(info.state)) {
      throw new SessionGoneError(info.id, info.state);
    }
    const deleted = this._current && this._current.id !== info.id ? await this._dropCurrent() : undefined;
    this._current = this._activeFrom(info, false);
    this._lost = undefined;
    this._startHeartbeat();
    return { session: this._current, deleted };
  }

  /** Deletes the current session if this kernel owns it, and lets the next cell start a new one. */
  async discard(): Promise<number | undefined> {
    await this._cancelStart();
    return this._dropCurrent();
  }

  /** Deletes the sessions this kernel created (all sessions on the endpoint with `everything`). */
  async cleanup(everything: boolean): Promise<number[]> {
    await this._cancelStart();
    const { sessions } = await this._options.client.listSessions(0, 1000);
    const targets = sessions.filter(session => everything || this._owned.has(session.id)).map(session => session.id);
    const deleted: number[] = [];
    for (const id of targets) {
      try {
        await this._options.client.deleteSession(id);
        deleted.push(id);
      } catch (error) {
        if (!isSessionNotFound(error)) {
          throw error;
        }
      }
      this._owned.delete(id);
      if (this._current?.id === id) {
        this._current = undefined;
        this._stopHeartbeat();
      }
    }
    return deleted;
  }

  /** At kernel shutdown: deletes the session unless configured to keep it; never throws. */
  async shutdown(timeoutMs: number): Promise<void> {
    this._closed = true;
    // A session still being created is deleted too, once Livy has said its id.
    await this._cancelStart(timeoutMs / 2);
    this._stopHeartbeat();
    const current = this._current;
    this._current = undefined;
    if (current?.ownedByKernel && !this._options.keepOnShutdown) {
      try {
        await this._options.client.deleteSession(current.ref, timeoutMs);
        log.info(`Deleted Livy session ${current.id} at shutdown.`);
      } catch (error) {
        // Best effort: the heartbeat timeout or Livy's idle timeout reaps what is left.
        log.warn(`Could not delete Livy session ${current.id} at shutdown; Livy's timeouts will reap it.`, error);
      }
    }
  }

  async sessionInfo(): Promise<ILivySession | undefined> {
    const current = this._current;
    if (!current) {
      return undefined;
    }
    const info = await this._getOrGone(current.id, current.ref);
    const version = await this.serverVersion();
    // Livy 0.8's GET /sessions/{id} puts the proxy user where the ttl belongs (its servlet passes
    // proxyUser as SessionInfo's ttl argument; fixed in 0.9), so the session's ttl is known only
    // from the request that started it, and not at all for a session this kernel attached to.
    if (versionAtLeast(version, 0, 8) && !versionAtLeast(version, 0, 9)) {
      return { ...info, ttl: current.createRequest?.ttl ?? null };
    }
    return info;
  }

  private async _dropCurrent(): Promise<number | undefined> {
    const current = this._current;
    this._current = undefined;
    this._stopHeartbeat();
    if (!current?.ownedByKernel) {
      return undefined;
    }
    try {
      await this._options.client.deleteSession(current.ref);
    } catch (error) {
      if (!isSessionNotFound(error)) {
        throw error;
      }
    }
    this._owned.delete(current.id);
    return current.id;
  }

  private async _startSession(options: IEnsureOptions): Promise<IActiveSession> {
    const request = await this._requestForServer();
    if (options.signal?.aborted) {
      // Stopped (a shutdown, a %%configure) before Livy was asked: nothing to create or delete.
      throw new LivyAbortedError();
    }
    const created = await this._options.client.createSession(request);
    log.info(`Created Livy session ${created.id} (${request.name}) at ${this._options.client.baseUrl}.`);
    this._owned.add(created.id);
    this.noteActivity();
    const session = this._activeFrom(created, true, request);
    // Held from creation on: an interrupted start leaves it starting, and the next cell uses it.
    this._current = session;
    this._startHeartbeat();
    await this._waitUntilReady(session, options);
    // Livy fills in the application's id and links (on YARN) only once the driver is up.
    try {
      session.links = linksOf(await this._options.client.getSession(session.ref));
      session.links.sparkUiUrl ??= sparkUiFromLog((await this._options.client.getSessionLog(session.ref, { from: 0, size: 500 })).log);
    } catch {
      // The links are a convenience; the session itself is ready.
    }
    return session;
  }

  private async _requestForServer(): Promise<ICreateSessionRequest> {
    const version = await this.serverVersion();
    const request: ICreateSessionRequest = { ...this._createRequest, name: this._createRequest.name ?? uniqueSessionName(this._options.namePrefix) };
    if (request.heartbeatTimeoutInSecond === undefined && this._options.heartbeatTimeoutSeconds > 0) {
      request.heartbeatTimeoutInSecond = this._options.heartbeatTimeoutSeconds;
    }
    // Livy answers 400 to fields it does not know: idleTimeout is 0.9+, ttl 0.8+.
    if (request.idleTimeout === undefined && this._options.idleTimeout !== undefined && versionAtLeast(version, 0, 9)) {
      request.idleTimeout = this._options.idleTimeout;
    }
    return request;
  }

  private async _waitUntilReady(session: IActiveSession, options: IEnsureOptions): Promise<void> {
    const started = Date.now();
    for (let attempt = 0; ; attempt += 1) {
      const { state } = await this._stateOrGone(session, options.signal);
      const elapsedMs = Date.now() - started;
      if (state === 'idle' || state === 'busy' || state === 'running') {
        return;
      }
      if (FINAL_SESSION_STATES.has(state)) {
        this._current = undefined;
        this._stopHeartbeat();
        throw new SessionStartError(session.id, state, await this._logTail(session));
      }
      options.onStarting?.({ sessionId: session.id, state, elapsedMs });
      if (elapsedMs > this._options.startTimeoutMs) {
        const logTail = await this._logTail(session);
        await this._dropCurrent().catch(() => undefined);
        throw new SessionStartError(session.id, `still ${state} after ${Math.round(elapsedMs / 1000)} s`, logTail);
      }
      await abortableSleep(backoffDelay(this._options.poll, attempt), options.signal);
    }
  }

  private async _stateOrGone(session: IActiveSession, signal?: AbortSignal): Promise<{ state: string }> {
    try {
      return await this._options.client.getSessionState(session.ref, signal);
    } catch (error) {
      if (isSessionNotFound(error)) {
        this._current = undefined;
        this._stopHeartbeat();
        throw new SessionStartError(session.id, 'deleted while starting', []);
      }
      throw error;
    }
  }

  private async _logTail(session: IActiveSession): Promise<string[]> {
    try {
      return (await this._options.client.getSessionLog(session.ref, { size: 30 })).log;
    } catch {
      return [];
    }
  }

  private async _getOrGone(id: number, ref: SessionRef = id): Promise<ILivySession> {
    try {
      return await this._options.client.getSession(ref);
    } catch (error) {
      if (isSessionNotFound(error)) {
        throw new SessionGoneError(id, 'not found');
      }
      throw error;
    }
  }

  private _activeFrom(info: ILivySession, owned: boolean, createRequest?: ICreateSessionRequest): IActiveSession {
    return { id: info.id, ref: info.name ?? info.id, name: info.name, kind: info.kind, ownedByKernel: owned, createRequest, links: linksOf(info) };
  }

  /**
   * Touches the session now and then while the kernel holds it: Livy's heartbeat watchdog then
   * reaps it only when the kernel is gone, and a session that died between cells is noticed.
   */
  private _startHeartbeat(): void {
    this._stopHeartbeat();
    if (this._options.heartbeatTimeoutSeconds <= 0) {
      return;
    }
    const interval = this._options.heartbeatIntervalMs ?? Math.max(5000, (this._options.heartbeatTimeoutSeconds * 1000) / 4);
    this._heartbeat = setInterval(() => void this._beat(), interval);
    this._heartbeat.unref();
  }

  private _stopHeartbeat(): void {
    if (this._heartbeat) {
      clearInterval(this._heartbeat);
      this._heartbeat = undefined;
    }
  }

  private async _beat(): Promise<void> {
    const session = this._current;
    if (!session) {
      return;
    }
    try {
      const { state } = await this._options.client.getSessionState(session.ref);
      if (FINAL_SESSION_STATES.has(state)) {
        this.forget(new SessionGoneError(session.id, state));
      }
    } catch (error) {
      // Only an answer about the session counts; an unreachable Livy is the next cell's news.
      const gone = sessionGoneState(error);
      if (gone !== undefined) {
        this.forget(new SessionGoneError(session.id, gone));
      }
    }
  }
}
