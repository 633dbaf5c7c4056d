import * as net from 'net';

/**
 * A TCP proxy on loopback in front of a real server (the local Livy), for fault tests: it can
 * hold every chunk a client sends for a while (a slow network or an overloaded Livy), and it can
 * be cut (open connections reset, new ones refused, as when the server process stops) and
 * restored on the same port. It works below HTTP, so the kernel's own HTTP client is what is
 * under test, not a stand-in.
 */
export class DelayProxy {
  /** Milliseconds each chunk from the client waits before it is forwarded: requests arrive late. */
  delayMs = 0;
  /** Milliseconds each chunk from the server waits: requests arrive and act at once, answers come late. */
  responseDelayMs = 0;
  private _server: net.Server | undefined;
  private readonly _sockets = new Set<net.Socket>();
  private _port = 0;
  private _connections = 0;

  private constructor(
    private readonly _targetHost: string,
    private readonly _targetPort: number
  ) {}

  /** Starts a proxy to `target` (an http URL or host:port) on a free loopback port. */
  static async start(target: string): Promise<DelayProxy> {
    const url = new URL(target.includes('://') ? target : `tcp://${target}`);
    const proxy = new DelayProxy(url.hostname, Number(url.port));
    await proxy._listen(0);
    return proxy;
  }

  get port(): number {
    return this._port;
  }

  /** The proxy as an http URL, to hand to the kernel as LIVY_URL. */
  get url(): string {
    return `http://127.0.0.1:${this._port}`;
  }

  /** Connections accepted so far: proof that the kernel really went through the proxy. */
  get connections(): number {
    return this._connections;
  }

  get isCut(): boolean {
    return this._server === undefined;
  }

  /** Resets every open connection and stops listening: the kernel sees ECONNRESET, then ECONNREFUSED. */
  async cut(): Promise<void> {
    const server = this._server;
    this._server = undefined;
    for (const socket of this._sockets) {
      socket.resetAndDestroy();
    }
    this._sockets.clear();
    if (server) {
      await new Promise<void>(resolve => server.close(() => resolve()));
    }
  }

  /** Listens again on the same port. */
  async restore(): Promise<void> {
    if (!this._server) {
      await this._listen(this._port);
    }
  }

  async stop(): Promise<void> {
    await this.cut();
  }

  private _listen(port: number): Promise<void> {
    const server = net.createServer(client => this._pipe(client));
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        this._server = server;
        this._port = (server.address() as net.AddressInfo).port;
        resolve();
      });
    });
  }

  private _pipe(client: net.Socket): void {
    this._connections += 1;
    const upstream = net.connect(this._targetPort, this._targetHost);
    for (const socket of [client, upstream]) {
      this._sockets.add(socket);
      socket.on('close', () => this._sockets.delete(socket));
      // A reset on one side ends the other; errors are the point of these tests, not failures of the proxy.
      socket.on('error', () => undefined);
    }
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    this._forward(client, upstream, () => this.delayMs);
    this._forward(upstream, client, () => this.responseDelayMs);
  }

  /** Chunks keep their order: each is written after the one before it, the delay after it arrived. */
  private _forward(from: net.Socket, to: net.Socket, delayMs: () => number): void {
    let previous = Promise.resolve();
    from.on('data', (chunk: Buffer) => {
      const arrived = Date.now();
      const delay = delayMs();
      previous = previous.then(
        () =>
          new Promise<void>(resolve => {
            setTimeout(
              () => {
                if (!to.destroyed) {
                  to.write(chunk);
                }
                resolve();
              },
              Math.max(0, arrived + delay - Date.now())
            );
          })
      );
    });
    from.on('end', () => void previous.then(() => to.end()));
  }
}
