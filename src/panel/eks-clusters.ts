import { IVirtualCluster } from '@jupyterlab-emr/common';

import { el } from './dom';
import { ClusterPanelModel } from './model';
import { errorView, sectionState, stateBadge } from './state-view';

const CLASS = 'jp-emr-EksClusters';

function virtualClusterRow(cluster: IVirtualCluster): HTMLElement {
  const where = [cluster.eksCluster && `EKS ${cluster.eksCluster}`, cluster.namespace && `namespace ${cluster.namespace}`].filter(Boolean).join(' · ');
  const runs = cluster.jobRunsError
    ? errorView(cluster.jobRunsError)
    : cluster.jobRuns && cluster.jobRuns.length > 0
      ? el(
          'ul',
          `${CLASS}-runs`,
          undefined,
          cluster.jobRuns.map(run => el('li', `${CLASS}-run`, undefined, [stateBadge(run.state), el('span', `${CLASS}-runName`, run.name || run.id)]))
        )
      : el('p', `${CLASS}-note`, 'No recent job runs.');
  const row = el('li', `${CLASS}-cluster`, undefined, [
    el('div', `${CLASS}-head`, undefined, [el('span', `${CLASS}-name`, cluster.name), stateBadge(cluster.state)]),
    el('div', `${CLASS}-id`, cluster.id),
    where ? el('div', `${CLASS}-meta`, where) : null,
    runs
  ]);
  row.dataset.virtualClusterId = cluster.id;
  return row;
}

/** EMR on EKS: virtual clusters with their recent job runs. */
export function renderEksClusters(model: ClusterPanelModel): HTMLElement[] {
  const state = sectionState(model.eks, data => data.length === 0, 'No EMR on EKS virtual clusters in this region.');
  const nodes: HTMLElement[] = state ? [state] : [];
  if (model.eks.data && model.eks.data.length > 0) {
    nodes.push(el('ul', `${CLASS}-list`, undefined, model.eks.data.map(virtualClusterRow)));
  }
  return nodes;
}
