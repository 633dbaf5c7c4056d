import { CHART_AGGREGATES, CHART_MARKS, ChartAggregate, ChartMark, TABLE_MIME_TYPE } from '@jupyterlab-emr/common';
import type { IRenderMime } from '@jupyterlab/rendermime-interfaces';

/**
 * What the user chose in a result's toolbar. Kept in the output's metadata, so the notebook file
 * carries it and a reopened notebook shows the same view. Columns are kept by name, as the
 * magic line's --x/--y/--color options name them.
 */
export interface IResultViewState {
  view: 'table' | 'chart';
  mark: ChartMark;
  x?: string;
  y?: string;
  color?: string;
  aggregate?: ChartAggregate;
}

type Metadata = IRenderMime.IMimeModel['metadata'];

/** Output metadata is keyed by MIME type in JupyterLab (image sizes, Vega embed options): so is ours. */
const METADATA_KEY = TABLE_MIME_TYPE;

export const DEFAULT_VIEW_STATE: IResultViewState = { view: 'table', mark: 'bar' };

function oneOf<T extends string>(values: readonly T[], value: unknown): T | undefined {
  return values.find(known => known === value);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * The state stored in an output's metadata, or undefined when there is none. A notebook may be
 * edited by hand or come from another version: unknown values are dropped, never trusted.
 */
export function readViewState(metadata: Metadata): IResultViewState | undefined {
  return parseViewState(metadata[METADATA_KEY]);
}

/** A view state from untrusted JSON; undefined without a known view and mark. */
export function parseViewState(stored: unknown): IResultViewState | undefined {
  if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) {
    return undefined;
  }
  const record = stored as Record<string, unknown>;
  const view = oneOf(['table', 'chart'] as const, record.view);
  const mark = oneOf(CHART_MARKS, record.mark);
  if (!view || !mark) {
    return undefined;
  }
  const state: IResultViewState = { view, mark };
  const x = text(record.x);
  const y = text(record.y);
  const color = text(record.color);
  const aggregate = oneOf(CHART_AGGREGATES, record.aggregate);
  return { ...state, ...(x && { x }), ...(y && { y }), ...(color && { color }), ...(aggregate && { aggregate }) };
}

/** The output's metadata with `state` in it; everything else in the metadata is kept. */
export function withViewState(metadata: Metadata, state: IResultViewState): Metadata {
  const stored: Record<string, string> = { view: state.view, mark: state.mark };
  for (const key of ['x', 'y', 'color', 'aggregate'] as const) {
    const value = state[key];
    if (value !== undefined) {
      stored[key] = value;
    }
  }
  return { ...metadata, [METADATA_KEY]: stored };
}

export function sameViewState(a: IResultViewState, b: IResultViewState): boolean {
  return a.view === b.view && a.mark === b.mark && a.x === b.x && a.y === b.y && a.color === b.color && a.aggregate === b.aggregate;
}
