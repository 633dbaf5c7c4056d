import { refreshIcon, SidePanel, ToolbarButton } from '@jupyterlab/ui-components';
import { Panel, Widget } from '@lumino/widgets';

import { emrIcon } from '../icons';
import { el } from './dom';
import { renderEc2Clusters } from './ec2-clusters';
import { IResizeDialogs } from './instance-roles';
import { renderEksClusters } from './eks-clusters';
import { Confirm, renderLivySessions } from './livy-sessions';
import { ClusterPanelModel } from './model';
import { renderServerlessApplications } from './serverless-applications';

const CLASS = 'jp-emr-ClusterPanel';
export const CLUSTER_PANEL_TITLE = 'EMR clusters';

/** A titled part of the panel that redraws its body from the model on every change. */
class StatusSection extends Widget {
  private readonly _body: HTMLElement;

  constructor(
    title: string,
    private readonly _render: () => HTMLElement[],
    private readonly _onShown?: () => void
  ) {
    super();
    this.addClass('jp-emr-StatusSection');
    this._body = el('div', 'jp-emr-StatusSection-body');
    this.node.append(el('h3', 'jp-emr-StatusSection-title', title), this._body);
  }

  update(): void {
    this._body.replaceChildren(...this._render());
  }

  /** Lumino sends after-show to every widget of a side panel that comes on screen. */
  protected onAfterShow(): void {
    this._onShown?.();
  }
}

function filterSelect(model: ClusterPanelModel): Widget {
  const select = el('select', `${CLASS}-filter`);
  select.setAttribute('aria-label', 'Clusters shown');
  for (const [value, label] of [
    ['active', 'Active'],
    ['all', 'All']
  ]) {
    const option = el('option', '', label);
    option.value = value;
    select.appendChild(option);
  }
  select.value = model.filter;
  select.addEventListener('change', () => model.setFilter(select.value === 'all' ? 'all' : 'active'));
  model.changed.connect(() => (select.value = model.filter));
  return new Widget({ node: select });
}

/** The sidebar: toolbar (filter, refresh) over EMR on EC2, EMR on EKS, EMR Serverless and Livy sections. */
export function createClusterPanel(model: ClusterPanelModel, confirm: Confirm, now: () => number = Date.now, resizeDialogs?: IResizeDialogs, catalog?: Widget): SidePanel {
  // A plain content panel: the default accordion would draw an empty, collapsible section title.
  const panel = new SidePanel({ content: new Panel() });
  panel.id = 'jp-emr-cluster-panel';
  panel.addClass(CLASS);
  panel.title.icon = emrIcon;
  panel.title.caption = CLUSTER_PANEL_TITLE;
  panel.node.setAttribute('role', 'region');
  panel.node.setAttribute('aria-label', CLUSTER_PANEL_TITLE);
  panel.header.addWidget(new Widget({ node: el('h2', `${CLASS}-title`, CLUSTER_PANEL_TITLE) }));
  panel.toolbar.addItem('filter', filterSelect(model));
  panel.toolbar.addItem('refresh', new ToolbarButton({ icon: refreshIcon, tooltip: 'Refresh clusters and sessions', onClick: () => void model.refresh() }));
  const sections = [
    new StatusSection(
      'EMR on EC2',
      () => renderEc2Clusters(model, now(), resizeDialogs),
      () => model.shown()
    ),
    new StatusSection('EMR on EKS', () => renderEksClusters(model)),
    new StatusSection('EMR Serverless', () => renderServerlessApplications(model)),
    new StatusSection('Livy sessions', () => renderLivySessions(model, confirm))
  ];
  for (const section of sections) {
    panel.addWidget(section);
    section.update();
  }
  model.changed.connect(() => sections.forEach(section => section.update()));
  // The Catalog section has a model of its own (catalog-model.ts), loaded from the notebook's kernel.
  if (catalog) {
    panel.addWidget(catalog);
  }
  return panel;
}
