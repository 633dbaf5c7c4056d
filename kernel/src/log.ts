import { redactor } from './redact';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

function configuredLevel(): LogLevel {
  const level = (process.env.EMR_LIVY_LOG_LEVEL ?? 'info').toLowerCase();
  return level in ORDER ? (level as LogLevel) : 'info';
}

/**
 * A leveled logger to stderr (Jupyter captures a kernel's stderr into the server log). Every
 * line passes the redactor.
 */
export class Logger {
  constructor(private readonly _scope: string) {}

  debug(message: string, ...details: unknown[]): void {
    this._write('debug', message, details);
  }
  info(message: string, ...details: unknown[]): void {
    this._write('info', message, details);
  }
  warn(message: string, ...details: unknown[]): void {
    this._write('warn', message, details);
  }
  error(message: string, ...details: unknown[]): void {
    this._write('error', message, details);
  }

  private _write(level: LogLevel, message: string, details: unknown[]): void {
    if (ORDER[level] < ORDER[configuredLevel()]) {
      return;
    }
    const extra = details.map(detail => (detail instanceof Error ? (detail.stack ?? detail.message) : typeof detail === 'string' ? detail : JSON.stringify(detail)));
    const line = [new Date().toISOString(), level.toUpperCase(), `[${this._scope}]`, message, ...extra].join(' ');
    process.stderr.write(redactor.redact(line) + '\n');
  }
}
