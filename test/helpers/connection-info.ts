import { randomBytes } from 'crypto';
import * as net from 'net';
import { IConnectionInfo } from '../../kernel/src/protocol/connection-file';

/** Ports the OS just handed out on 127.0.0.1; free unless another process grabs one first. */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () => {
      return new Promise<net.Server>((resolve, reject) => {
        const server = net.createServer();
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => resolve(server));
      });
    })
  );
  const ports = servers.map(server => (server.address() as net.AddressInfo).port);
  await Promise.all(servers.map(server => new Promise(resolve => server.close(resolve))));
  return ports;
}

/** A connection file's content with a random key and free loopback ports, as jupyter_client writes it. */
export async function randomConnectionInfo(): Promise<IConnectionInfo> {
  const [shell, iopub, stdin, control, hb] = await freePorts(5);
  return {
    transport: 'tcp',
    ip: '127.0.0.1',
    shell_port: shell,
    iopub_port: iopub,
    stdin_port: stdin,
    control_port: control,
    hb_port: hb,
    key: randomBytes(16).toString('hex'),
    signature_scheme: 'hmac-sha256',
    kernel_name: 'emr-livy'
  };
}
