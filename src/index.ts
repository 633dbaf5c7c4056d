import type { JupyterFrontEndPlugin } from '@jupyterlab/application';

import { COMMANDS_PLUGIN } from './commands/plugin';
import { PANEL_PLUGIN } from './panel/plugin';
import { SQL_SETTINGS_PLUGIN } from './sql-settings/plugin';
import { RENDERER_PLUGIN } from './renderer/plugin';
import { TEMPLATES_PLUGIN } from './templates/plugin';

const plugins: JupyterFrontEndPlugin<void>[] = [RENDERER_PLUGIN, COMMANDS_PLUGIN, PANEL_PLUGIN, TEMPLATES_PLUGIN, SQL_SETTINGS_PLUGIN];

export default plugins;
