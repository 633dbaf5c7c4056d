import { ISettingsMessage, ISqlResultSettings } from '@jupyterlab-emr/common';

const KEYS: readonly (keyof ISqlResultSettings)[] = ['defaultLimit', 'defaultChart', 'chartOverFullData', 'catalogCompletion'];

/**
 * Only the settings the user set: one left at its default must not override what the kernel was
 * configured with (EMR_LIVY_SQL_LIMIT, the config file).
 */
export function settingsMessage(user: Partial<Record<string, unknown>>): ISettingsMessage {
  return { sql: Object.fromEntries(KEYS.filter(key => user[key] !== undefined).map(key => [key, user[key]])) as Partial<ISqlResultSettings> };
}
