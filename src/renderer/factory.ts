import { TABLE_MIME_TYPE } from '@jupyterlab-emr/common';
import type { IRenderMime } from '@jupyterlab/rendermime-interfaces';
import type { ISignal } from '@lumino/signaling';

import type { IRendererSettings } from '../settings/settings';
import { ITableViewOptions, TableView } from './table-view';

/**
 * Below text/html's 50, so where the extension is installed the kernel's HTML fallback in the
 * same output is not the one shown; above nothing else we know of that claims this type.
 */
export const TABLE_RENDERER_RANK = 40;

/**
 * `currentSettings` is read per output, so new outputs follow a settings change at once.
 * `themeChanged` (absent without a theme manager) lets drawn charts follow the theme;
 * `channelFor` (absent without notebooks) lets a partial table ask its kernel for the rest.
 */
export function createTableRendererFactory(
  currentSettings: () => IRendererSettings,
  themeChanged?: ISignal<unknown, unknown>,
  channelFor?: ITableViewOptions['channelFor']
): IRenderMime.IRendererFactory {
  return {
    safe: true,
    mimeTypes: [TABLE_MIME_TYPE],
    defaultRank: TABLE_RENDERER_RANK,
    createRenderer: () => new TableView({ settings: currentSettings(), themeChanged, channelFor })
  };
}
