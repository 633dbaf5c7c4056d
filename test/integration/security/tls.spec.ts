import { execFileSync } from 'child_process';
import { promises as fs } from 'fs';
import * as https from 'https';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { JsonObject } from '../../../kernel/src/protocol/messages';
import { KernelHarness } from '../../helpers/kernel-harness';

// TLS certificate checks of the real kernel process against a real HTTPS server on loopback whose
// certificate is self-signed, made by openssl for this run. The server answers every request
// with 401 and a marker, so a cell that gets the marker back proves the handshake was accepted.

const MARKER = 'tls-endpoint-reached';

describe('TLS certificate checks towards Livy', () => {
  let dir: string;
  let certFile: string;
  let server: https.Server;
  let url: string;
  let requests = 0;

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'emr-livy-tls-'));
    certFile = path.join(dir, 'cert.pem');
    const keyFile = path.join(dir, 'key.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', keyFile, '-out', certFile], {
      stdio: 'ignore'
    });
    server = https.createServer({ key: await fs.readFile(keyFile), cert: await fs.readFile(certFile) }, (req, res) => {
      requests += 1;
      req.resume();
      res.writeHead(401, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ msg: MARKER }));
    });
    // A refused handshake is the client's doing; the server just sees the socket close.
    server.on('tlsClientError', () => undefined);
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    url = `https://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  });

  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise(resolve => server?.close(resolve));
    await fs.rm(dir, { recursive: true, force: true });
  });

  async function withKernel(env: NodeJS.ProcessEnv, cells: string[]): Promise<{ replies: JsonObject[]; streams: string[]; stderr: string }> {
    const home = await fs.mkdtemp(path.join(dir, 'home-'));
    const kernel = await KernelHarness.start({ env: { LIVY_URL: url, EMR_LIVY_CONFIG: '', XDG_CONFIG_HOME: home, ...env } });
    try {
      const replies: JsonObject[] = [];
      const streams: string[] = [];
      for (const code of cells) {
        const request = await kernel.client.send('shell', 'execute_request', { code, stop_on_error: false });
        replies.push((await kernel.client.replyTo(request, 60_000)).content);
        await kernel.client.idleAfter(request, 60_000);
        streams.push(
          kernel.client
            .for(request)
            .filter(({ message }) => message.header.msg_type === 'stream')
            .map(({ message }) => String(message.content.text))
            .join('')
        );
      }
      return { replies, streams, stderr: kernel.stderr };
    } finally {
      await kernel.stop();
    }
  }

  it('are on by default: a self-signed certificate is refused with the remedy, and no HTTP request is made', async () => {
    const before = requests;
    const { replies, streams } = await withKernel({}, ['spark.range(1).count()', '%%info']);
    for (const reply of replies) {
      expect(reply.status).toBe('error');
      expect(reply.evalue).toMatch(/TLS connection to Livy at https:\/\/127\.0\.0\.1:\d+ failed \((DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN)/);
      expect(reply.evalue).toMatch(/EMR_LIVY_CA_BUNDLE/);
      expect(reply.evalue).not.toContain(MARKER);
    }
    expect(streams.join('')).not.toMatch(/Warning/);
    expect(requests).toBe(before);
  });

  it('stay on when EMR_LIVY_INSECURE is explicitly false', async () => {
    const { replies } = await withKernel({ EMR_LIVY_INSECURE: 'false' }, ['spark.range(1).count()']);
    expect(replies[0].evalue).toMatch(/TLS connection to Livy/);
  });

  it('trust a CA given as EMR_LIVY_CA_BUNDLE, with no warning', async () => {
    const before = requests;
    const { replies, streams } = await withKernel({ EMR_LIVY_CA_BUNDLE: certFile }, ['spark.range(1).count()']);
    expect(replies[0].evalue).toContain(MARKER);
    expect(replies[0].evalue).toMatch(/401/);
    expect(streams.join('')).not.toMatch(/Warning/);
    expect(requests).toBeGreaterThan(before);
  });

  it('are skipped only with EMR_LIVY_INSECURE=true, which warns in the first cell', async () => {
    const { replies, streams } = await withKernel({ EMR_LIVY_INSECURE: 'true' }, ['spark.range(1).count()', 'spark.range(2).count()']);
    expect(replies[0].evalue).toContain(MARKER);
    expect(streams[0]).toMatch(/Warning: TLS certificate checks for Livy are off \(EMR_LIVY_INSECURE\).*EMR_LIVY_CA_BUNDLE/s);
    // Once per kernel, not on every cell.
    expect(streams[1]).not.toMatch(/Warning/);
  });
});
