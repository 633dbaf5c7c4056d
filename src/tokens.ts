/** Plugin ids; each `jupyterlab-emr:<name>` has its settings in `schema/<name>.json`. */
export const PLUGIN_IDS = {
  renderer: 'jupyterlab-emr:renderer',
  commands: 'jupyterlab-emr:commands',
  panel: 'jupyterlab-emr:panel'
} as const;

export namespace CommandIDs {
  export const formatSql = 'emr:format-sql';
  export const showClusterPanel = 'emr:show-cluster-panel';
  export const refreshClusterPanel = 'emr:refresh-cluster-panel';
}

/** The command palette group for every command of this extension. */
export const PALETTE_CATEGORY = 'EMR';
