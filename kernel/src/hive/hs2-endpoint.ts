/** Where a HiveServer2 listens (binary Thrift transport) and the database its sessions start in. */
export interface IHs2Endpoint {
  host: string;
  port: number;
  database?: string;
}

export const HIVESERVER2_DEFAULT_PORT = 10000;

const FORMS = 'host:port, hive2://host:port[/database] or jdbc:hive2://host:port[/database]';

/**
 * Reads an endpoint written the ways people copy it: `host:port`, `hive2://host:port/db` or the
 * JDBC URL beeline takes (`jdbc:hive2://host:port/db;key=value…`, whose session settings are
 * ignored). Credentials belong in their own settings, where they are kept secret, so a URL that
 * carries them is refused; the reason never repeats the text, which may hold a password.
 */
export function parseHs2Endpoint(text: string): IHs2Endpoint | { problem: string } {
  const trimmed = text.trim().replace(/^jdbc:/i, '');
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `hive2://${trimmed}`;
  if (!/^hive2:\/\//i.test(withScheme)) {
    return { problem: `it must be ${FORMS}` };
  }
  const [address] = withScheme.split(';');
  if (!URL.canParse(address.replace(/^hive2:/i, 'http:'))) {
    return { problem: `it must be ${FORMS}` };
  }
  const url = new URL(address.replace(/^hive2:/i, 'http:'));
  if (url.username !== '' || url.password !== '' || /;\s*(user|password)\s*=/i.test(withScheme)) {
    return { problem: 'it must not hold a user or password; set EMR_HIVESERVER2_USERNAME and EMR_HIVESERVER2_PASSWORD instead' };
  }
  if (url.port === '0') {
    return { problem: `port 0 is not a port a server listens on; it must be ${FORMS}` };
  }
  if (url.hostname === '') {
    return { problem: `it names no host; it must be ${FORMS}` };
  }
  let database: string;
  try {
    database = decodeURIComponent(url.pathname.replace(/^\/+|\/+$/g, ''));
  } catch {
    return { problem: `its database name is not valid URL text; it must be ${FORMS}` };
  }
  return {
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port === '' ? HIVESERVER2_DEFAULT_PORT : Number(url.port),
    database: database === '' ? undefined : database
  };
}

/** The endpoint as messages name it. */
export function describeHs2Endpoint(endpoint: IHs2Endpoint): string {
  const host = endpoint.host.includes(':') ? `[${endpoint.host}]` : endpoint.host;
  return `${host}:${endpoint.port}`;
}
