import { promises as fs } from 'fs';

/**
 * The connection file Jupyter writes before starting a kernel: where to bind and the key every
 * message is signed with. Validated in full up front, so a bad file fails the start with one
 * clear sentence instead of a socket error later.
 */
export interface IConnectionInfo {
  transport: 'tcp' | 'ipc';
  ip: string;
  shell_port: number;
  iopub_port: number;
  stdin_port: number;
  control_port: number;
  hb_port: number;
  key: string;
  signature_scheme: 'hmac-sha256';
  kernel_name?: string;
}

export type SocketName = 'shell' | 'iopub' | 'stdin' | 'control' | 'hb';

export class ConnectionFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConnectionFileError';
  }
}

const PORT_FIELDS = ['shell_port', 'iopub_port', 'stdin_port', 'control_port', 'hb_port'] as const;

function readPort(raw: Record<string, unknown>, field: (typeof PORT_FIELDS)[number]): number {
  const value = raw[field];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 65535) {
    throw new ConnectionFileError(`"${field}" must be a port number between 1 and 65535, got ${JSON.stringify(value)}.`);
  }
  return value;
}

export function parseConnectionInfo(raw: unknown): IConnectionInfo {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConnectionFileError('The connection file must contain a JSON object.');
  }
  const fields = raw as Record<string, unknown>;
  const transport = fields.transport ?? 'tcp';
  if (transport !== 'tcp' && transport !== 'ipc') {
    throw new ConnectionFileError(`"transport" must be "tcp" or "ipc", got ${JSON.stringify(transport)}.`);
  }
  if (typeof fields.ip !== 'string' || fields.ip.length === 0) {
    throw new ConnectionFileError('"ip" must be a non-empty string.');
  }
  if (typeof fields.key !== 'string') {
    throw new ConnectionFileError('"key" must be a string (empty only when signing is switched off).');
  }
  // jupyter_client defaults to hmac-sha256 when the field is absent.
  const scheme = fields.signature_scheme ?? 'hmac-sha256';
  if (scheme !== 'hmac-sha256') {
    throw new ConnectionFileError(
      `Unsupported "signature_scheme" ${JSON.stringify(scheme)}: this kernel signs with hmac-sha256 only. ` +
        'Remove the setting or set it to "hmac-sha256" in the client that writes the connection file.'
    );
  }
  const info: IConnectionInfo = {
    transport,
    ip: fields.ip,
    shell_port: readPort(fields, 'shell_port'),
    iopub_port: readPort(fields, 'iopub_port'),
    stdin_port: readPort(fields, 'stdin_port'),
    control_port: readPort(fields, 'control_port'),
    hb_port: readPort(fields, 'hb_port'),
    key: fields.key,
    signature_scheme: scheme
  };
  if (typeof fields.kernel_name === 'string') {
    info.kernel_name = fields.kernel_name;
  }
  const ports = PORT_FIELDS.map(field => info[field]);
  if (transport === 'tcp' && new Set(ports).size !== ports.length) {
    throw new ConnectionFileError(`The five ports must differ, got ${ports.join(', ')}.`);
  }
  return info;
}

export async function readConnectionFile(path: string): Promise<IConnectionInfo> {
  let text: string;
  try {
    text = await fs.readFile(path, 'utf8');
  } catch (error) {
    throw new ConnectionFileError(`Cannot read the connection file ${path}: ${(error as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConnectionFileError(`The connection file ${path} is not valid JSON: ${(error as Error).message}`);
  }
  return parseConnectionInfo(raw);
}

/** The ZeroMQ endpoint for one socket; ipc endpoints follow jupyter_client's `<ip>-<port>` naming. */
export function endpointOf(info: IConnectionInfo, socket: SocketName): string {
  const port = info[`${socket}_port`];
  return info.transport === 'tcp' ? `tcp://${info.ip}:${port}` : `ipc://${info.ip}-${port}`;
}
