import { ChartMark, chartSpec, chooseChart, ChartOptionError, IChartChoice, IChartRequest, ITablePayload, VegaLiteSpec } from '@jupyterlab-emr/common';

import { IResultViewState } from './view-state';

/** A chart to draw, or the sentence that says why there is none. */
export type ChartOutcome = { kind: 'chart'; choice: IChartChoice; spec: VegaLiteSpec } | { kind: 'message'; text: string };

function request(state: Partial<IResultViewState>): IChartRequest {
  return { mark: state.mark, x: state.x, y: state.y, color: state.color, aggregate: state.aggregate };
}

/** The shared chart choice for the state, or the sentence that says why it does not fit. */
function choose(payload: ITablePayload, state: Partial<IResultViewState>): IChartChoice | string {
  try {
    return chooseChart(payload.schema, payload.rows.length, request(state), payload.rows) ?? 'This result has no rows to chart.';
  } catch (error) {
    if (error instanceof ChartOptionError) {
      return error.message;
    }
    throw error;
  }
}

/** The chart the state asks for over the table's rows, built by the same code as the kernel's. */
export function resolveChart(payload: ITablePayload, state: IResultViewState): ChartOutcome {
  const choice = choose(payload, state);
  return typeof choice === 'string' ? { kind: 'message', text: choice } : { kind: 'chart', choice, spec: chartSpec(choice, payload) };
}

function fromChoice(choice: IChartChoice): IResultViewState {
  const state: IResultViewState = { view: 'chart', mark: choice.mark, x: choice.x.name };
  return { ...state, ...(choice.y && { y: choice.y.name }), ...(choice.color && { color: choice.color.name }), ...(choice.aggregate && { aggregate: choice.aggregate }) };
}

/**
 * The state after picking a chart type. The columns picked so far are kept where the new type
 * can use them, then the x column alone, then the automatic choice for the type; the columns the
 * choice settled on are written into the state, so the stored chart does not change when the
 * automatic rules do.
 */
export function stateForMark(payload: ITablePayload, current: IResultViewState, mark: ChartMark): IResultViewState {
  const attempts: Partial<IResultViewState>[] = [{ ...current, mark }, { mark, x: current.x }, { mark }];
  for (const attempt of attempts) {
    const choice = choose(payload, attempt);
    if (typeof choice !== 'string') {
      return fromChoice(choice);
    }
  }
  // Nothing fits (no rows, or no column for this type): resolveChart will say why.
  return { view: 'chart', mark };
}

/** The state after a picker changed, with the automatic choice filling what is left open. */
export function stateForPick(payload: ITablePayload, current: IResultViewState, pick: Partial<Pick<IResultViewState, 'x' | 'y' | 'color' | 'aggregate'>>): IResultViewState {
  const next: IResultViewState = { ...current, ...pick };
  for (const key of ['x', 'y', 'color', 'aggregate'] as const) {
    if (next[key] === undefined) {
      delete next[key];
    }
  }
  const choice = choose(payload, next);
  // A pick that does not fit is kept as the user made it; the chart area says what is wrong.
  return typeof choice === 'string' ? next : { ...fromChoice(choice), view: next.view };
}
