import * as http from 'http';

export interface IExchange {
  method: string;
  /** Path and query, as the client sent them. */
  path: string;
  /** The request body as sent ('' for none). */
  body: string;
  /** The server's status, or 0 when the proxy could not reach it. */
  status: number;
  /** The start of the server's answer, enough to say why a request was refused. */
  answer: string;
}

/**
 * An HTTP proxy on loopback in front of a real server that keeps every request and the status it
 * got: a test can then say exactly what the kernel sent a Livy and how Livy took it, through the
 * kernel's own HTTP client rather than a stand-in. Bodies are buffered whole, which suits Livy's
 * JSON, not streaming.
 */
export class RecordingProxy {
  readonly exchanges: IExchange[] = [];

  private constructor(
    private readonly _server: http.Server,
    private readonly _target: URL
  ) {}

  static async start(target: string): Promise<RecordingProxy> {
    let proxy: RecordingProxy | undefined;
    const server = http.createServer((request, response) => proxy?._forward(request, response));
    // The kernel keeps connections alive; the proxy must not be the side that drops an idle one
    // between two requests, or the kernel would see resets Livy never caused.
    server.keepAliveTimeout = 0;
    proxy = new RecordingProxy(server, new URL(target));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return proxy;
  }

  /** The proxy as an http URL, to hand to the kernel as LIVY_URL. */
  get url(): string {
    return `http://127.0.0.1:${(this._server.address() as { port: number }).port}`;
  }

  /** The exchanges a predicate picks, in the order the requests were sent. */
  find(method: string, path: RegExp): IExchange[] {
    return this.exchanges.filter(exchange => exchange.method === method && path.test(exchange.path));
  }

  async stop(): Promise<void> {
    this._server.closeAllConnections();
    await new Promise<void>(resolve => this._server.close(() => resolve()));
  }

  private _forward(request: http.IncomingMessage, response: http.ServerResponse): void {
    const exchange: IExchange = { method: request.method ?? '', path: request.url ?? '', body: '', status: 0, answer: '' };
    // Recorded when sent, so the list keeps the order in which the kernel made its requests.
    this.exchanges.push(exchange);
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      exchange.body = body.toString('utf8');
      const upstream = http.request(
        { host: this._target.hostname, port: this._target.port, method: exchange.method, path: exchange.path, headers: { ...request.headers, host: this._target.host } },
        answer => {
          const parts: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => parts.push(chunk));
          answer.on('end', () => {
            const whole = Buffer.concat(parts);
            exchange.status = answer.statusCode ?? 0;
            exchange.answer = whole.subarray(0, 2000).toString('utf8');
            const headers = { ...answer.headers };
            delete headers['transfer-encoding'];
            headers['content-length'] = String(whole.length);
            response.writeHead(exchange.status, headers);
            response.end(whole);
          });
        }
      );
      upstream.on('error', error => {
        exchange.answer = String(error);
        response.destroy(error);
      });
      upstream.end(body);
    });
  }
}
