import { JupyterFrontEnd } from '@jupyterlab/application';
import { Clipboard, ICommandPalette } from '@jupyterlab/apputils';
import { INotebookTracker, NotebookActions } from '@jupyterlab/notebook';
import { IAwsTarget } from '@jupyterlab-emr/common';
import { PALETTE_CATEGORY } from '../tokens';
import { CatalogConnector } from './catalog-connector';
import { CatalogModel } from './catalog-model';
import { CatalogView } from './catalog-view';

/** The Catalog's own command ids (emr:verb-noun, as the panel's). */
export const CATALOG_COMMANDS = { refresh: 'emr:refresh-catalog' } as const;

/**
 * The Catalog section of the EMR side panel, bound to the active notebook: its kernel answers,
 * SELECT cells go below its active cell, and a palette command refreshes every source.
 */
export function catalogSection(app: JupyterFrontEnd, tracker: INotebookTracker, palette: ICommandPalette | null, aws: () => IAwsTarget): { model: CatalogModel; view: CatalogView } {
  const connector = new CatalogConnector(tracker);
  const model = new CatalogModel(() => connector.channel(), aws);
  const view = new CatalogView(model, {
    insertCell: code => {
      const notebook = tracker.currentWidget;
      if (!notebook) {
        return;
      }
      NotebookActions.insertBelow(notebook.content);
      notebook.content.activeCell?.model.sharedModel.setSource(code);
      notebook.content.activate();
    },
    copy: text => Clipboard.copyToSystem(text)
  });
  app.commands.addCommand(CATALOG_COMMANDS.refresh, {
    label: 'Refresh EMR Catalog',
    caption: "Ask the active notebook's catalogs (Spark session, HiveServer2, Glue, Aurora targets) again, forgetting what the kernel cached",
    execute: () => model.load(true)
  });
  palette?.addItem({ command: CATALOG_COMMANDS.refresh, category: PALETTE_CATEGORY });
  return { model, view };
}
