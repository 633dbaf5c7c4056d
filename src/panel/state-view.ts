import { IStatusError } from '@jupyterlab-emr/common';

import { el } from './dom';
import { ISection } from './model';
import { remedyFor } from './remedies';
import { stateTone } from './format';

const CLASS = 'jp-emr-StateView';

/** A state as a coloured badge; the colour comes from the theme through the tone class. */
export function stateBadge(state: string): HTMLElement {
  const badge = el('span', `jp-emr-StateBadge jp-mod-${stateTone(state)}`, state);
  badge.title = state;
  return badge;
}

/** Any failure as a status error: request errors keep their code, the rest count as bugs. */
export function statusOf(error: unknown): IStatusError {
  const status = (error as { status?: IStatusError } | null)?.status;
  return status ?? { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
}

export function errorView(error: IStatusError): HTMLElement {
  const view = el('div', `${CLASS} jp-mod-error`, undefined, [el('p', `${CLASS}-message`, error.message), el('p', `${CLASS}-remedy`, remedyFor(error))]);
  view.setAttribute('role', 'alert');
  view.dataset.code = error.code;
  return view;
}

/**
 * What a section shows instead of (or above) its data: a loading line, the error with its
 * remedy, or the empty sentence. Null when the data itself should be drawn alone.
 */
export function sectionState<T>(section: ISection<T>, isEmpty: (data: T) => boolean, emptyText: string): HTMLElement | null {
  if (section.error) {
    return errorView(section.error);
  }
  if (section.data === null) {
    return section.loading ? el('p', `${CLASS} jp-mod-loading`, 'Loading…') : null;
  }
  return isEmpty(section.data) ? el('p', `${CLASS} jp-mod-empty`, emptyText) : null;
}
