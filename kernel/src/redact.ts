/**
 * The one place secrets are removed from text that leaves the kernel: outputs, error messages,
 * logs and comm replies. Credentials are registered the moment they are read, so no later code
 * path can forget to redact them.
 */
export const REDACTED = '***';

// Secrets shorter than this are too likely to occur as ordinary text to be replaced safely.
const MIN_SECRET_LENGTH = 4;

export class Redactor {
  private readonly _secrets = new Set<string>();

  /** Registers a secret value; it and its URL-encoded form are redacted from then on. */
  register(secret: string | undefined | null): void {
    if (!secret || secret.length < MIN_SECRET_LENGTH) {
      return;
    }
    this._secrets.add(secret);
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret) {
      this._secrets.add(encoded);
    }
  }

  redact(text: string): string {
    let result = text;
    // Longest first, so a secret that contains another is replaced whole.
    const secrets = [...this._secrets].sort((a, b) => b.length - a.length);
    for (const secret of secrets) {
      result = result.split(secret).join(REDACTED);
    }
    return result;
  }

  /** Redacts every string inside a JSON-like value, returning a copy. */
  redactValue<T>(value: T): T {
    if (typeof value === 'string') {
      return this.redact(value) as unknown as T;
    }
    if (Array.isArray(value)) {
      return value.map(item => this.redactValue(item)) as unknown as T;
    }
    if (value !== null && typeof value === 'object') {
      // Values that choose their own JSON form (a lossless number, a Date) are redacted in that
      // form, so the copy serialises exactly as the original would.
      const toJSON = (value as { toJSON?: () => unknown }).toJSON;
      if (typeof toJSON === 'function') {
        return this.redactValue(toJSON.call(value)) as T;
      }
      const copy: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
        copy[key] = this.redactValue(item);
      }
      return copy as T;
    }
    return value;
  }
}

/** The kernel process's redactor; main.ts and the credential readers share it. */
export const redactor = new Redactor();

/**
 * Credentials the process inherits for other tools' sake, which the kernel never reads itself but
 * an SDK error or a driver message could echo: AWS's secret key and session token.
 */
export const ENVIRONMENT_SECRETS = ['AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN'] as const;

// Real AWS secret keys are 40 characters; emulators take short placeholders ("testing") that are
// ordinary words, which redacting would garble in every output.
const MIN_ENVIRONMENT_SECRET_LENGTH = 16;

export function registerEnvironmentSecrets(target: Redactor, env: NodeJS.ProcessEnv = process.env): void {
  for (const name of ENVIRONMENT_SECRETS) {
    const value = env[name];
    if (value !== undefined && value.length >= MIN_ENVIRONMENT_SECRET_LENGTH) {
      target.register(value);
    }
  }
}

/**
 * A URL may carry its own credentials (`http://user:password@host`), which Node's HTTP client
 * sends as basic authentication: the password, and the header built from it, are secrets like
 * EMR_LIVY_PASSWORD.
 */
export function registerUrlCredentials(target: Redactor, url: string | undefined): void {
  if (url === undefined || !URL.canParse(url)) {
    return;
  }
  const { username, password } = new URL(url);
  if (password === '') {
    return;
  }
  const plain = decodeURIComponent(password);
  target.register(plain);
  target.register(password);
  const basic = Buffer.from(`${decodeURIComponent(username)}:${plain}`, 'utf8').toString('base64');
  target.register(basic);
}
