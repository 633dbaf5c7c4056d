import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ConnectionFileError, endpointOf, parseConnectionInfo, readConnectionFile } from '../../../../kernel/src/protocol/connection-file';

const VALID = {
  transport: 'tcp',
  ip: '127.0.0.1',
  shell_port: 50001,
  iopub_port: 50002,
  stdin_port: 50003,
  control_port: 50004,
  hb_port: 50005,
  key: 'a-key',
  signature_scheme: 'hmac-sha256',
  kernel_name: 'emr-livy'
};

describe('parseConnectionInfo', () => {
  it('accepts the file jupyter_client writes', () => {
    expect(parseConnectionInfo(VALID)).toEqual(VALID);
  });

  it('defaults transport to tcp and the scheme to hmac-sha256, as jupyter_client does', () => {
    const { transport, signature_scheme, ...rest } = VALID;
    expect(parseConnectionInfo(rest)).toMatchObject({ transport: 'tcp', signature_scheme: 'hmac-sha256' });
  });

  it('refuses any other signature scheme, naming the one it supports', () => {
    expect(() => parseConnectionInfo({ ...VALID, signature_scheme: 'hmac-md5' })).toThrow(/Unsupported "signature_scheme" "hmac-md5".*hmac-sha256 only/);
  });

  it.each([
    [{ shell_port: 0 }, /"shell_port" must be a port number/],
    [{ hb_port: 70000 }, /"hb_port" must be a port number/],
    [{ iopub_port: '50002' }, /"iopub_port" must be a port number/],
    [{ ip: '' }, /"ip" must be a non-empty string/],
    [{ key: undefined }, /"key" must be a string/],
    [{ transport: 'udp' }, /"transport" must be "tcp" or "ipc"/],
    [{ control_port: 50001 }, /The five ports must differ/]
  ])('refuses %j', (change, message) => {
    expect(() => parseConnectionInfo({ ...VALID, ...change })).toThrow(message);
  });

  it('refuses something that is not an object', () => {
    expect(() => parseConnectionInfo([1])).toThrow(ConnectionFileError);
  });
});

describe('readConnectionFile', () => {
  it('reads and validates a file, and names the file when it is not JSON', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'emr-livy-conn-'));
    const good = path.join(dir, 'good.json');
    const bad = path.join(dir, 'bad.json');
    await fs.writeFile(good, JSON.stringify(VALID));
    await fs.writeFile(bad, '{');
    await expect(readConnectionFile(good)).resolves.toEqual(VALID);
    await expect(readConnectionFile(bad)).rejects.toThrow(`The connection file ${bad} is not valid JSON`);
    await expect(readConnectionFile(path.join(dir, 'missing.json'))).rejects.toThrow(/Cannot read the connection file/);
    await fs.rm(dir, { recursive: true });
  });
});

describe('endpointOf', () => {
  it('builds tcp and ipc endpoints', () => {
    const info = parseConnectionInfo(VALID);
    expect(endpointOf(info, 'control')).toBe('tcp://127.0.0.1:50004');
    expect(endpointOf({ ...info, transport: 'ipc', ip: '/tmp/kernel' }, 'hb')).toBe('ipc:///tmp/kernel-50005');
  });
});
