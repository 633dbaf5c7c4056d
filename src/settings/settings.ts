import type { ISettingRegistry } from '@jupyterlab/settingregistry';

export type { ICommandsSettings } from './generated/commands';
export type { IPanelSettings } from './generated/panel';
export type { IRendererSettings } from './generated/renderer';
export type { ITemplatesSettings } from './generated/templates';

/**
 * Loads a plugin's settings and returns a reader of their current values, so a feature reads
 * them when it acts and never holds a stale copy. The cast is sound because the registry
 * validated the composite against the schema the type was generated from, and the composite
 * always carries the defaults.
 */
export async function loadSettings<T>(registry: ISettingRegistry, pluginId: string): Promise<() => T> {
  const settings = await registry.load(pluginId);
  return () => settings.composite as unknown as T;
}
