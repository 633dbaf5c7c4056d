import { DEFAULT_CHARTS, ISettingsReply, ISqlResultSettings } from '@jupyterlab-emr/common';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

type Checked = { value: unknown } | { problem: string };

const CHECKS: { [K in keyof ISqlResultSettings]: (value: unknown) => Checked } = {
  defaultLimit: value => (Number.isSafeInteger(value) && (value as number) >= 1 ? { value } : { problem: `defaultLimit must be a whole number of at least 1, not ${JSON.stringify(value)}` }),
  defaultChart: value =>
    typeof value === 'string' && (DEFAULT_CHARTS as readonly string[]).includes(value)
      ? { value }
      : { problem: `defaultChart must be one of ${DEFAULT_CHARTS.join(', ')}, not ${JSON.stringify(value)}` },
  chartOverFullData: value => (typeof value === 'boolean' ? { value } : { problem: `chartOverFullData must be true or false, not ${JSON.stringify(value)}` }),
  catalogCompletion: value => (typeof value === 'boolean' ? { value } : { problem: `catalogCompletion must be true or false, not ${JSON.stringify(value)}` })
};

/**
 * The SQL result settings cells read: the kernel's config, overridden by what the user set in
 * JupyterLab's Settings Editor. Read per cell, so a change applies to the next cell.
 */
export class SqlResultSettings {
  private _overrides: Partial<ISqlResultSettings> = {};

  constructor(private readonly _configured: ISqlResultSettings) {}

  current(): ISqlResultSettings {
    return { ...this._configured, ...this._overrides };
  }

  /**
   * Applies a settings message from the front end, checked key by key: it comes from the browser.
   * The message replaces earlier overrides; a refused value keeps the configured one and is named.
   */
  apply(message: unknown): ISettingsReply {
    const sql = isRecord(message) && isRecord(message.sql) ? message.sql : {};
    const problems: string[] = isRecord(message) && isRecord(message.sql) ? [] : ['the message has no "sql" object'];
    const overrides: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(sql)) {
      const check = CHECKS[key as keyof ISqlResultSettings];
      const checked: Checked = check ? check(value) : { problem: `${key} is not a SQL result setting (${Object.keys(CHECKS).join(', ')} are)` };
      if ('value' in checked) {
        overrides[key] = checked.value;
      } else {
        problems.push(checked.problem);
      }
    }
    this._overrides = overrides as Partial<ISqlResultSettings>;
    return { sql: this.current(), problems };
  }
}
