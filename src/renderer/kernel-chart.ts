import { CHART_AGGREGATES, CHART_MARKS, ChartAggregate, chartSpec, chooseChart, ChartOptionError, IChartOptions, ITablePayload, VEGA_LITE_MIME_TYPE, VegaLiteSpec } from '@jupyterlab-emr/common';

import { resolveChart } from './chart-state';
import { IResultViewState, parseViewState } from './view-state';

/** The chart the kernel sent with the table, and the toolbar state that stands for it. */
export interface IKernelChart {
  spec: VegaLiteSpec;
  state: IResultViewState;
  /** The kernel's sentence on what the chart covers, when it computed it over the whole result. */
  note?: string;
}

type Encoding = Record<string, { field?: unknown } | undefined>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The toolbar state of a chart in a notebook saved from a kernel that did not yet put its choice
 * in the table payload (`chart`): read back from the spec the shared chartSpec built from the
 * table's rows. The spec names columns by position (`c3`); which channel holds which option
 * depends on the mark, and the aggregate is not written as the option's name, so each mark and
 * aggregate is tried and the one whose spec rebuilds the kernel's exactly is taken. Nothing is
 * guessed: a spec that no choice rebuilds (a hand-edited one) gives no state.
 */
function stateOfSpec(payload: ITablePayload, spec: VegaLiteSpec): IResultViewState | undefined {
  const encoding = (isRecord(spec.encoding) ? spec.encoding : {}) as Encoding;
  const column = (channel: string): string | undefined => {
    const index = /^c(\d+)$/.exec(String(encoding[channel]?.field ?? ''))?.[1];
    return index === undefined ? undefined : payload.schema.fields[Number(index)]?.name;
  };
  const wanted = JSON.stringify([spec.mark, spec.encoding]);
  const noRows = { ...payload, rows: [] };
  for (const mark of CHART_MARKS) {
    const roles = mark === 'pie' ? { x: column('color'), y: column('theta') } : { x: column('x'), y: column('y'), color: column('color') };
    for (const aggregate of [undefined, ...CHART_AGGREGATES] as (ChartAggregate | undefined)[]) {
      try {
        // Any row count above one: only the columns matter here.
        const choice = chooseChart(payload.schema, 2, { mark, ...roles, aggregate });
        const rebuilt = choice && chartSpec(choice, noRows);
        if (rebuilt && JSON.stringify([rebuilt.mark, rebuilt.encoding]) === wanted) {
          return parseViewState({ view: 'chart', mark, x: choice.x.name, y: choice.y?.name, color: choice.color?.name, aggregate: choice.aggregate });
        }
      } catch (error) {
        if (!(error instanceof ChartOptionError)) {
          throw error;
        }
      }
    }
  }
  return undefined;
}

/**
 * The chart of the kernel's choice over the table's rows. Kernels that send the chart as an output
 * of its own (for front ends without this extension) leave only the choice in the table payload;
 * the spec is the one the kernel drew, built again by the same shared code from the same rows.
 */
function chartOfChoice(payload: ITablePayload, choice: IChartOptions): IKernelChart | undefined {
  const state = parseViewState({ view: 'chart', ...choice });
  if (!state) {
    return undefined;
  }
  const outcome = resolveChart(payload, state);
  return outcome.kind === 'chart' ? { spec: outcome.spec, state } : undefined;
}

/**
 * The kernel's chart for this table output: the one the engine computed over the whole result
 * when the table is partial; else the kernel's choice over the rows; else (a notebook saved by a
 * kernel that sent the chart in the table's bundle) that bundle's Vega-Lite part. Undefined
 * without one (no chart fits, or the cell said --no-chart) or when its state cannot be known.
 */
export function kernelChart(payload: ITablePayload, data: Readonly<Record<string, unknown>>): IKernelChart | undefined {
  if (payload.fullChart) {
    const state = parseViewState({ view: 'chart', ...payload.fullChart.choice });
    return state && { spec: payload.fullChart.spec, state, note: payload.fullChart.note };
  }
  const spec = data[VEGA_LITE_MIME_TYPE];
  if (!isRecord(spec)) {
    return payload.chart ? chartOfChoice(payload, payload.chart) : undefined;
  }
  const state = payload.chart ? parseViewState({ view: 'chart', ...payload.chart }) : stateOfSpec(payload, spec);
  return state && { spec, state };
}
