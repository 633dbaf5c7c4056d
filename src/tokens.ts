/** Plugin ids; each `jupyterlab-emr:<name>` has its settings in `schema/<name>.json`. */
export const PLUGIN_IDS = {
  renderer: 'jupyterlab-emr:renderer',
  commands: 'jupyterlab-emr:commands',
  panel: 'jupyterlab-emr:panel',
  sql: 'jupyterlab-emr:sql',
  templates: 'jupyterlab-emr:templates'
} as const;

export namespace CommandIDs {
  export const formatSql = 'emr:format-sql';
  export const showClusterPanel = 'emr:show-cluster-panel';
  export const refreshClusterPanel = 'emr:refresh-cluster-panel';
  export const connectServerlessApplication = 'emr:connect-serverless-application';
  export const newFromTemplate = 'emr:new-from-template';
  export const importZeppelinNote = 'emr:import-zeppelin-note';
}

/** The command palette group for every command of this extension. */
export const PALETTE_CATEGORY = 'EMR';
