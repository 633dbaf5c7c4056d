import * as net from 'net';

/**
 * A TCP port on loopback that accepts connections and never writes a byte: a Livy behind a gateway
 * that hangs. It records each connection and whether the peer has let go of it.
 */
export class SilentEndpoint {
  readonly connections: net.Socket[] = [];
  private readonly _closed = new Set<net.Socket>();

  private constructor(private readonly _server: net.Server) {}

  static async start(): Promise<SilentEndpoint> {
    const server = net.createServer();
    const endpoint = new SilentEndpoint(server);
    server.on('connection', socket => {
      endpoint.connections.push(socket);
      // Read and drop the request, so the peer's write completes and it waits for an answer.
      socket.resume();
      socket.on('error', () => undefined);
      socket.on('close', () => endpoint._closed.add(socket));
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    return endpoint;
  }

  get url(): string {
    return `http://127.0.0.1:${(this._server.address() as net.AddressInfo).port}`;
  }

  /** Connections the peer still holds open. */
  get openConnections(): number {
    return this.connections.length - this._closed.size;
  }

  async stop(): Promise<void> {
    for (const socket of this.connections) {
      socket.destroy();
    }
    await new Promise(resolve => this._server.close(resolve));
  }
}
