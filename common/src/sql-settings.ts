import { CHART_MARKS, ChartMark } from './chart-choice';

/**
 * The `emr-livy.settings` comm: JupyterLab's SQL result settings (schema/sql.json), sent to each
 * emr-livy kernel when the front end connects to it and whenever they change. Only the settings
 * the user set are sent; the others keep the kernel's own configuration (environment, config file).
 */
export const SETTINGS_COMM_TARGET = 'emr-livy.settings';

/** `auto`: chosen from the columns; `none`: no chart unless a cell asks for one. */
export const DEFAULT_CHARTS = ['auto', ...CHART_MARKS, 'none'] as const;
export type DefaultChart = 'auto' | ChartMark | 'none';

export interface ISqlResultSettings {
  /** Rows a %%sql table shows when the cell gives no -n/--limit. */
  defaultLimit: number;
  /** The chart a %%sql result gets when the cell gives no --chart. */
  defaultChart: DefaultChart;
  /** Compute the chart of a result larger than the table in Spark over every row (otherwise from the rows shown). */
  chartOverFullData: boolean;
  /** SQL completion offers database, table and column names from the kernel's catalog (otherwise keywords only). */
  catalogCompletion: boolean;
}

/** What the front end sends; each message replaces the previous one, so an unset key reverts. */
export interface ISettingsMessage {
  sql: Partial<ISqlResultSettings>;
}

/** What the kernel answers: the settings now in force, and why any sent value was refused. */
export interface ISettingsReply {
  sql: ISqlResultSettings;
  problems: string[];
}

export function isSettingsReply(value: unknown): value is ISettingsReply {
  const reply = value as ISettingsReply;
  return (
    typeof reply === 'object' && reply !== null && typeof reply.sql === 'object' && reply.sql !== null && Array.isArray(reply.problems) && reply.problems.every(problem => typeof problem === 'string')
  );
}
