import { MAGIC_LANGUAGES } from '@jupyterlab-emr/common';
import { UserError } from '../core/errors';
import { IMagicSpec } from '../cell-kit/registry';

/** What one `%emr` line asks for. */
export type EmrAction =
  | { verb: 'clusters'; all: boolean }
  | { verb: 'describe'; clusterId?: string }
  | { verb: 'steps'; clusterId?: string }
  | { verb: 'virtual-clusters'; all: boolean }
  | { verb: 'job-runs'; virtualClusterId: string };

const VERBS: readonly EmrAction['verb'][] = ['clusters', 'describe', 'steps', 'virtual-clusters', 'job-runs'];
const CLUSTER_ID = /^j-[A-Z0-9]+$/i;
const USAGE = '%emr clusters [--all] · %emr describe [j-…] · %emr steps [j-…] · %emr virtual-clusters [--all] · %emr job-runs VIRTUAL_CLUSTER_ID';

function clusterId(label: string, word: string | undefined): string | undefined {
  if (word === undefined) {
    return undefined;
  }
  if (!CLUSTER_ID.test(word)) {
    throw new UserError(`${label} needs an EMR cluster id (j-…), not "${word}".`);
  }
  return `j-${word.slice(2).toUpperCase()}`;
}

/** Turns the words of a `%emr` line into an action, or says what is wrong and how it is written. */
export function parseEmrAction(label: string, words: string[], all: boolean): EmrAction {
  const [verb, target] = words;
  if (verb === undefined || !VERBS.includes(verb as EmrAction['verb'])) {
    throw new UserError(`${label} ${verb === undefined ? 'needs' : `does not know "${verb}"; it takes`} one of ${VERBS.join(', ')}: ${USAGE}`);
  }
  if (target !== undefined && (verb === 'clusters' || verb === 'virtual-clusters')) {
    throw new UserError(`${label} ${verb} takes no id (it lists them): ${USAGE}`);
  }
  if (all && verb !== 'clusters' && verb !== 'virtual-clusters') {
    throw new UserError(`${label} ${verb} takes no --all; only "clusters" and "virtual-clusters" list ended ones too.`);
  }
  switch (verb as EmrAction['verb']) {
    case 'clusters':
      return { verb: 'clusters', all };
    case 'virtual-clusters':
      return { verb: 'virtual-clusters', all };
    case 'describe':
      return { verb: 'describe', clusterId: clusterId(`${label} describe`, target) };
    case 'steps':
      return { verb: 'steps', clusterId: clusterId(`${label} steps`, target) };
    case 'job-runs':
      if (target === undefined) {
        throw new UserError(`${label} job-runs needs the virtual cluster's id (%emr virtual-clusters lists them).`);
      }
      return { verb: 'job-runs', virtualClusterId: target };
  }
}

/** A `%emr` line, as the cell layer runs it. */
export interface IEmrCommand {
  kind: 'emr';
  action: EmrAction;
}

export const EMR_MAGIC: IMagicSpec<IEmrCommand> = {
  name: 'emr',
  aliases: [],
  body: 'none',
  language: MAGIC_LANGUAGES.emr,
  lineMagic: true,
  summary: 'EMR clusters, a cluster with its instances and steps, EMR on EKS virtual clusters and job runs, as tables (AWS credentials and region as for %connect j-…)',
  details: `${USAGE}. describe and steps default to the cluster this notebook connected to with %connect j-… or the side panel.`,
  args: {
    options: [{ name: 'all', short: 'a', type: 'flag', description: 'clusters and virtual-clusters: include ended ones' }],
    positionals: [
      { name: 'what', description: VERBS.join(' | ') },
      { name: 'id', description: 'a cluster id (j-…) or a virtual cluster id' }
    ]
  },
  build: ({ label, args }) => ({ kind: 'emr', action: parseEmrAction(label, args.positionals, args.options.all === true) })
};
