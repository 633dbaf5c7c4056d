import * as http from 'http';
import * as net from 'net';

export interface IHostileRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
}

/**
 * An HTTP endpoint on loopback that refuses every request with 401 and echoes back what it was
 * sent (the Authorization header decoded, every header, the path) in its error body, plus markup.
 * A misconfigured gateway or a hostile server can do exactly that; the kernel must neither leak
 * the echoed credentials nor render the markup.
 */
export class HostileEndpoint {
  readonly requests: IHostileRequest[] = [];

  private constructor(private readonly _server: http.Server) {}

  static async start(): Promise<HostileEndpoint> {
    let endpoint: HostileEndpoint | undefined;
    const server = http.createServer((req, res) => {
      endpoint?.requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
      req.resume();
      const authorization = req.headers.authorization ?? '';
      const decoded = authorization.startsWith('Basic ') ? Buffer.from(authorization.slice(6), 'base64').toString('utf8') : '';
      const message = `<img src=x onerror=alert(1)> refused ${req.method} ${req.url} for ${decoded} ` + `(authorization ${authorization}; headers ${JSON.stringify(req.headers)})`;
      res.writeHead(401, { 'Content-Type': 'application/json', 'WWW-Authenticate': 'Basic realm="livy"' });
      res.end(JSON.stringify({ msg: message }));
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    endpoint = new HostileEndpoint(server);
    return endpoint;
  }

  get url(): string {
    return `http://127.0.0.1:${(this._server.address() as net.AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this._server.closeAllConnections();
    await new Promise(resolve => this._server.close(resolve));
  }
}
