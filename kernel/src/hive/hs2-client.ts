import * as net from 'net';
import { ITablePayload } from '@jupyterlab-emr/common';
import { auth, connections, HiveClient, HiveDriver, thrift } from 'hive-driver';
import { abortableSleep } from '../livy/abortable-sleep';
import { Logger } from '../log';
import { describeHs2Endpoint, IHs2Endpoint } from './hs2-endpoint';
import { Hs2CancelledError, Hs2ConnectionLostError, Hs2StatementError, Hs2UnreachableError } from './hs2-errors';
import { Hs2Column, IHs2ColumnDesc, tableFromHs2 } from './hs2-table';
import { untilAborted } from './until-aborted';

const log = new Logger('hive');
const T = thrift.TCLIService_types;

/** Hive's operation log levels; NONE fetches no logs at all. */
export type Hs2LogLevel = 'NONE' | 'EXECUTION' | 'PERFORMANCE' | 'VERBOSE';

export interface IHs2ClientOptions {
  endpoint: IHs2Endpoint;
  /** SASL PLAIN (HiveServer2 with authentication NONE or LDAP); anonymous when unset. */
  username?: string;
  password?: string;
  logLevel: Hs2LogLevel;
  connectTimeoutMs: number;
  /** How long one Thrift call may take before the server counts as gone. */
  requestTimeoutMs: number;
  /**
   * How long GetOperationStatus waits on the server for the statement to end (Hive's long
   * polling, 5 s by default). Also how soon an interrupt's cancel gets through: the server
   * answers one call of a connection at a time.
   */
  statusWaitMs: number;
}

export interface IRunOptions {
  signal: AbortSignal;
  /** Fetch at most this many rows; the table says when the result has more. */
  maxRows: number;
  /** Lines of the operation log, as the server writes them while the statement runs. */
  onLog(lines: string[]): void;
}

/** What a cell needs from HiveServer2; tests replace it at this interface. */
export interface IHs2Runner {
  readonly endpoint: IHs2Endpoint;
  /** Runs one statement; its result table, or undefined when it returns no result set. */
  run(statement: string, options: IRunOptions): Promise<ITablePayload | undefined>;
  close(): Promise<void>;
}

interface IStatus {
  statusCode: number;
  errorMessage?: string | null;
  sqlState?: string | null;
}

/** HiveServer2's metadata calls (what JDBC's DatabaseMetaData uses): no SQL parsed, no job started. */
export type Hs2MetadataCall = { kind: 'schemas' } | { kind: 'tables'; schema: string } | { kind: 'columns'; schema: string; table: string };

type OperationHandle = Parameters<HiveDriver['getOperationStatus']>[0]['operationHandle'];
type SessionHandle = Parameters<HiveDriver['executeStatement']>[0]['sessionHandle'];

const FETCH_BATCH = 1000;
const QUIET_POLL = { initialMs: 50, factor: 1.5, maxMs: 500 };

/**
 * One HiveServer2 session over the binary Thrift transport, opened on first use and kept for
 * the kernel's life (so `USE db` and `SET` carry over between cells, as in beeline), reopened
 * after the connection breaks. Statements run asynchronously: polled, their logs fetched while
 * they run, cancelled on interrupt, their results fetched in batches.
 */
export class Hs2Client implements IHs2Runner {
  private _session?: Promise<Hs2Session>;

  constructor(private readonly _options: IHs2ClientOptions) {}

  get endpoint(): IHs2Endpoint {
    return this._options.endpoint;
  }

  async run(statement: string, options: IRunOptions): Promise<ITablePayload | undefined> {
    // A server that accepts connections but never answers holds the handshake until its timeout;
    // an interrupt need not wait for that (the opening goes on, and the next cell may use it).
    const session = await untilAborted(this._open(), options.signal);
    if (!session) {
      throw new Hs2CancelledError(false, 'connecting');
    }
    return this._onSession(session, open => open.run(statement, options));
  }

  /** One metadata call's result set (GetSchemas: TABLE_SCHEM; GetTables: TABLE_NAME, TABLE_TYPE, REMARKS; GetColumns: COLUMN_NAME, TYPE_NAME, REMARKS, …). */
  async metadata(call: Hs2MetadataCall, maxRows: number): Promise<ITablePayload | undefined> {
    return this._onSession(await this._open(), open => open.metadata(call, maxRows));
  }

  /** Work on the open session; a connection found lost is forgotten, so the next call opens another. */
  private async _onSession<T>(session: Hs2Session, work: (session: Hs2Session) => Promise<T>): Promise<T> {
    try {
      return await work(session);
    } catch (error) {
      if (error instanceof Hs2ConnectionLostError) {
        this._session = undefined;
      }
      throw error;
    }
  }

  async close(): Promise<void> {
    const session = this._session;
    this._session = undefined;
    await (await session?.catch(() => undefined))?.close();
  }

  private _open(): Promise<Hs2Session> {
    const current = this._session;
    if (current) {
      return current.then(session => (session.broken ? this._reopen() : session));
    }
    return this._reopen();
  }

  private _reopen(): Promise<Hs2Session> {
    const opening = Hs2Session.open(this._options);
    this._session = opening;
    opening.catch(() => {
      if (this._session === opening) {
        this._session = undefined;
      }
    });
    return opening;
  }
}

/** Checks that something listens before the Thrift client, which has no connect timeout, tries. */
function probe(endpoint: IHs2Endpoint, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: endpoint.host, port: endpoint.port });
    const fail = (reason: string): void => {
      socket.destroy();
      reject(new Hs2UnreachableError(endpoint, reason));
    };
    socket.setTimeout(timeoutMs, () => fail(`no answer within ${timeoutMs} ms`));
    socket.once('error', (error: NodeJS.ErrnoException) => fail(error.code ?? error.message));
    socket.once('connect', () => {
      socket.destroy();
      resolve();
    });
  });
}

class Hs2Session {
  broken?: Error;
  private readonly _pending = new Set<(error: Error) => void>();

  private constructor(
    private readonly _options: IHs2ClientOptions,
    private readonly _client: HiveClient,
    private readonly _driver: HiveDriver,
    private _handle?: SessionHandle
  ) {
    const lose = (reason: string): void => {
      this.broken ??= new Hs2ConnectionLostError(_options.endpoint, reason);
      for (const reject of this._pending) {
        reject(this.broken);
      }
      this._pending.clear();
    };
    // Without listeners these events would be thrown as uncaught errors.
    _client.on('error', (error: NodeJS.ErrnoException) => lose(error.code ?? error.message));
    _client.on('close', () => lose('the server closed the connection'));
  }

  static async open(options: IHs2ClientOptions): Promise<Hs2Session> {
    const { endpoint } = options;
    await probe(endpoint, options.connectTimeoutMs);
    const client = new HiveClient(thrift.TCLIService, T);
    const plain = new auth.PlainTcpAuthentication({ username: options.username, password: options.password });
    // The driver keeps the socket to itself until the handshake succeeds; a handshake that times
    // out must still close it, or it stays open as long as the server keeps it.
    let socket: { destroy(): void } | undefined;
    const authentication: typeof plain = {
      authenticate: transport => {
        const authenticated = plain.authenticate(transport);
        socket = transport.getTransport() as { destroy(): void } | undefined;
        return authenticated;
      }
    } as typeof plain;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        client.connect({ host: endpoint.host, port: endpoint.port }, new connections.TcpConnection(), authentication),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`the SASL handshake did not finish within ${options.connectTimeoutMs} ms`)), options.connectTimeoutMs);
        })
      ]);
    } catch (error) {
      client.on('error', () => undefined);
      client.close();
      socket?.destroy();
      throw new Hs2UnreachableError(endpoint, (error as Error).message.replace(/^Authentication error: /, 'authentication failed: '));
    } finally {
      clearTimeout(timer);
    }
    const session = new Hs2Session(options, client, new HiveDriver(T, client.getClient()));
    try {
      const response = await session._call(driver =>
        driver.openSession({
          client_protocol: T.TProtocolVersion.HIVE_CLI_SERVICE_PROTOCOL_V10,
          username: options.username,
          password: options.password,
          configuration: session._configuration()
        })
      );
      checkStatus(response.status, message => new Hs2UnreachableError(endpoint, `the server refused the session: ${message}`));
      session._handle = response.sessionHandle;
    } catch (error) {
      session._end();
      throw error instanceof Hs2ConnectionLostError ? new Hs2UnreachableError(endpoint, error.reason) : error;
    }
    log.info(`HiveServer2 session opened at ${describeHs2Endpoint(endpoint)}.`);
    return session;
  }

  async run(statement: string, options: IRunOptions): Promise<ITablePayload | undefined> {
    const executed = await this._call(driver => driver.executeStatement({ sessionHandle: this._sessionHandle(), statement, runAsync: true }));
    checkStatus(executed.status, (message, sqlState) => new Hs2StatementError(message, sqlState));
    const operation = executed.operationHandle;
    try {
      await this._waitUntilFinished(operation, options);
      return operation.hasResultSet === false ? undefined : await this._fetchTable(operation, options.maxRows);
    } finally {
      await this._closeOperation(operation);
    }
  }

  async metadata(call: Hs2MetadataCall, maxRows: number): Promise<ITablePayload | undefined> {
    const sessionHandle = this._sessionHandle();
    const response = await this._call(driver => {
      switch (call.kind) {
        case 'schemas':
          return driver.getSchemas({ sessionHandle });
        case 'tables':
          return driver.getTables({ sessionHandle, schemaName: call.schema, tableName: '%' });
        case 'columns':
          return driver.getColumns({ sessionHandle, schemaName: call.schema, tableName: call.table, columnName: '%' });
      }
    });
    checkStatus(response.status, (message, sqlState) => new Hs2StatementError(message, sqlState));
    try {
      return await this._fetchTable(response.operationHandle, maxRows);
    } finally {
      await this._closeOperation(response.operationHandle);
    }
  }

  private async _closeOperation(operation: OperationHandle): Promise<void> {
    if (!this.broken) {
      await this._call(driver => driver.closeOperation({ operationHandle: operation })).catch(error => log.debug('CloseOperation failed.', error));
    }
  }

  async close(): Promise<void> {
    if (this._handle && !this.broken) {
      await this._call(driver => driver.closeSession({ sessionHandle: this._sessionHandle() })).catch(error => log.debug('CloseSession failed.', error));
    }
    this._end();
  }

  private _configuration(): Record<string, string> {
    const configuration: Record<string, string> = { 'set:hiveconf:hive.server2.long.polling.timeout': `${this._options.statusWaitMs}ms` };
    if (this._options.logLevel !== 'NONE') {
      configuration['set:hiveconf:hive.server2.logging.operation.level'] = this._options.logLevel;
    }
    if (this._options.endpoint.database) {
      configuration['use:database'] = this._options.endpoint.database;
    }
    return configuration;
  }

  private async _waitUntilFinished(operation: OperationHandle, options: IRunOptions): Promise<void> {
    let logs = this._options.logLevel !== 'NONE';
    let quietMs = QUIET_POLL.initialMs;
    for (;;) {
      if (options.signal.aborted) {
        await this._cancel(operation, options, logs);
      }
      const status = await this._call(driver => driver.getOperationStatus({ operationHandle: operation }));
      checkStatus(status.status, message => new Hs2StatementError(message));
      if (logs) {
        logs = await this._forwardLogs(operation, options);
      }
      switch (status.operationState) {
        case T.TOperationState.FINISHED_STATE:
          if (typeof status.hasResultSet === 'boolean') {
            operation.hasResultSet = status.hasResultSet;
          }
          return;
        case T.TOperationState.ERROR_STATE:
          throw new Hs2StatementError(status.errorMessage ?? 'the statement failed (the server gave no reason)', status.sqlState ?? undefined);
        case T.TOperationState.CANCELED_STATE:
          throw new Hs2CancelledError(true);
        case T.TOperationState.CLOSED_STATE:
        case T.TOperationState.TIMEDOUT_STATE:
        case T.TOperationState.UKNOWN_STATE:
          throw new Hs2StatementError(`the server ended the statement without a result (state ${stateName(status.operationState)})`);
      }
      // A server that honours long polling has already waited; one that does not is not hammered.
      await abortableSleep(quietMs, options.signal).catch(() => undefined);
      quietMs = Math.min(QUIET_POLL.maxMs, quietMs * QUIET_POLL.factor);
    }
  }

  private async _cancel(operation: OperationHandle, options: IRunOptions, logs: boolean): Promise<never> {
    let confirmed = false;
    try {
      const response = await this._call(driver => driver.cancelOperation({ operationHandle: operation }));
      confirmed = response.status.statusCode === T.TStatusCode.SUCCESS_STATUS || response.status.statusCode === T.TStatusCode.SUCCESS_WITH_INFO_STATUS;
      if (logs) {
        await this._forwardLogs(operation, options);
      }
    } catch (error) {
      log.warn('CancelOperation failed.', error);
    }
    throw new Hs2CancelledError(confirmed);
  }

  /** Passes on new log lines; false when the server keeps no log for the operation, so the caller stops asking. */
  private async _forwardLogs(operation: OperationHandle, options: IRunOptions): Promise<boolean> {
    const response = await this._call(driver => driver.fetchResults({ operationHandle: operation, orientation: T.TFetchOrientation.FETCH_NEXT, maxRows: FETCH_BATCH, fetchType: 1 }));
    if (response.status.statusCode === T.TStatusCode.ERROR_STATUS) {
      log.debug(`No operation log: ${response.status.errorMessage ?? 'no reason given'}`);
      return false;
    }
    const lines = ((response.results?.columns?.[0] as Hs2Column | undefined)?.stringVal?.values ?? []) as string[];
    if (lines.length > 0) {
      options.onLog(lines);
    }
    return true;
  }

  private async _fetchTable(operation: OperationHandle, maxRows: number): Promise<ITablePayload | undefined> {
    const metadata = await this._call(driver => driver.getResultSetMetadata({ operationHandle: operation }));
    checkStatus(metadata.status, message => new Hs2StatementError(message));
    const columns = (metadata.schema?.columns ?? []) as unknown as IHs2ColumnDesc[];
    if (columns.length === 0) {
      return undefined;
    }
    const rowSets: Hs2Column[][] = [];
    let fetched = 0;
    // One row more than shown tells whether the result was cut (servers' hasMoreRows is not reliable).
    while (fetched <= maxRows) {
      const response = await this._call(driver =>
        driver.fetchResults({ operationHandle: operation, orientation: T.TFetchOrientation.FETCH_NEXT, maxRows: Math.min(FETCH_BATCH, maxRows + 1 - fetched), fetchType: 0 })
      );
      checkStatus(response.status, message => new Hs2StatementError(message));
      const batch = (response.results?.columns ?? []) as Hs2Column[];
      const count = Math.max(0, ...batch.map(column => Object.values(column).find(list => list)?.values.length ?? 0));
      if (count === 0) {
        break;
      }
      rowSets.push(batch);
      fetched += count;
    }
    const table = tableFromHs2(columns, rowSets, fetched > maxRows);
    return table.truncated ? { ...table, rows: table.rows.slice(0, maxRows), rowCount: maxRows } : table;
  }

  private _sessionHandle(): SessionHandle {
    if (!this._handle) {
      throw new Hs2ConnectionLostError(this._options.endpoint, 'the session is not open');
    }
    return this._handle;
  }

  /** One Thrift call that fails, rather than waits forever, when the connection breaks or the server stops answering. */
  private _call<R>(request: (driver: HiveDriver) => Promise<R>): Promise<R> {
    if (this.broken) {
      return Promise.reject(this.broken);
    }
    return new Promise<R>((resolve, reject) => {
      const lost = (error: Error): void => settle(() => reject(error));
      const timer = setTimeout(() => {
        this.broken ??= new Hs2ConnectionLostError(this._options.endpoint, `no answer within ${this._options.requestTimeoutMs} ms`);
        this._end();
        lost(this.broken);
      }, this._options.requestTimeoutMs);
      const settle = (done: () => void): void => {
        clearTimeout(timer);
        this._pending.delete(lost);
        done();
      };
      this._pending.add(lost);
      request(this._driver).then(
        value => settle(() => resolve(value)),
        (error: Error) => settle(() => reject(this.broken ?? error))
      );
    });
  }

  private _end(): void {
    this.broken ??= new Hs2ConnectionLostError(this._options.endpoint, 'the session was closed');
    this._client.close();
  }
}

function checkStatus(status: IStatus, toError: (message: string, sqlState?: string) => Error): void {
  if (status.statusCode === T.TStatusCode.ERROR_STATUS || status.statusCode === T.TStatusCode.INVALID_HANDLE_STATUS) {
    throw toError(status.errorMessage ?? 'the server gave no reason', status.sqlState ?? undefined);
  }
}

function stateName(state: number | undefined): string {
  const name = Object.entries(T.TOperationState as Record<string, number>).find(([, value]) => value === state)?.[0];
  return (name ?? String(state)).replace(/_STATE$/, '').toLowerCase();
}
