import type { ICommandsSettings, IPanelSettings, IRendererSettings } from '../../../src/settings/settings';

/** The schema defaults, restated so a test fails if a default changes without anyone noticing. */
export const COMMANDS_DEFAULTS: ICommandsSettings = {
  dialects: { sql: 'spark', hive: 'hive' },
  keywordCase: 'upper',
  tabWidth: 2,
  linesBetweenQueries: 1
};

export const RENDERER_DEFAULTS: IRendererSettings = {
  visibleRows: 20,
  showColumnTypes: true,
  chartsFollowTheme: true
};

export const PANEL_DEFAULTS: IPanelSettings = {
  region: '',
  profile: '',
  refreshIntervalSeconds: 30,
  clusterFilter: 'active',
  idleNoticeMinutes: 30,
  startKernelWhenNoNotebook: true
};
