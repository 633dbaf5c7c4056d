import { SidePanel } from '@jupyterlab/ui-components';
import { Panel, Widget } from '@lumino/widgets';

import { emrIcon } from '../icons';

const CLASS = 'jp-emr-ClusterPanel';
export const CLUSTER_PANEL_TITLE = 'EMR clusters';

function textWidget(tag: 'h2' | 'p', className: string, text: string): Widget {
  const node = document.createElement(tag);
  node.className = className;
  node.textContent = text;
  return new Widget({ node });
}

/**
 * The sidebar's place, held until the cluster list exists. It says what will be here and shows
 * nothing else: a panel with invented clusters would be worse than an empty one.
 */
export function createClusterPanel(): SidePanel {
  // A plain content panel: the default accordion would draw an empty, collapsible section title.
  const panel = new SidePanel({ content: new Panel() });
  panel.id = 'jp-emr-cluster-panel';
  panel.addClass(CLASS);
  panel.title.icon = emrIcon;
  panel.title.caption = CLUSTER_PANEL_TITLE;
  panel.node.setAttribute('role', 'region');
  panel.node.setAttribute('aria-label', CLUSTER_PANEL_TITLE);
  panel.header.addWidget(textWidget('h2', `${CLASS}-title`, CLUSTER_PANEL_TITLE));
  panel.addWidget(
    textWidget(
      'p',
      `${CLASS}-coming`,
      'Coming in a later version: your EMR on EC2 clusters, EMR on EKS virtual clusters and the Livy ' +
        'sessions of your notebooks, with their state. Nothing is listed here yet.'
    )
  );
  return panel;
}
