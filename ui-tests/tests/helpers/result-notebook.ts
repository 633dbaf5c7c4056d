/**
 * Notebooks whose outputs are what the emr-livy kernel itself would send: the outputs come from
 * the kernel's own withChart and resultOutputs (its built kernel/lib), so these tests see the
 * MIME types, payload, Vega-Lite spec and SVG of the kernel at this commit, without Livy. Written
 * into the server's scratch root when a test starts.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import type { IChartRequest, ITablePayload } from '../../../common/src';

const KERNEL_LIB = path.resolve(__dirname, '..', '..', '..', 'kernel', 'lib');

type Bundle = Record<string, unknown>;

/** One output of a code cell as nbformat stores it. */
export interface INotebookOutput {
  output_type: 'execute_result' | 'display_data';
  data: Bundle;
  metadata: Record<string, unknown>;
  execution_count?: number;
}

function kernelFunction<T>(module: string, name: string): T {
  const file = path.join(KERNEL_LIB, module);
  if (!fs.existsSync(`${file}.js`)) {
    throw new Error(`${file}.js is missing: build the kernel first (npm run build).`);
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(file)[name] as T;
}

/**
 * The kernel's outputs for a %%sql result, composed as it sends them: the table (text, HTML and
 * our table MIME type carrying the chart choice) as the execute_result, then, unless none fits or
 * was asked for, the chart as a display_data of its own (Vega-Lite, SVG and the chart-copy mark).
 */
export async function kernelOutputs(table: ITablePayload, chart: IChartRequest): Promise<INotebookOutput[]> {
  const withChart = kernelFunction<(table: ITablePayload, request: IChartRequest) => { table: ITablePayload; chart: Bundle }>('bundles/vegalite', 'withChart');
  const resultOutputs = kernelFunction<(table: ITablePayload, chart: Bundle) => Promise<{ table: Bundle; chart?: Bundle } | undefined>>('bundles/result-outputs', 'resultOutputs');
  const charted = withChart(table, chart);
  const outputs = await resultOutputs(charted.table, charted.chart);
  if (!outputs) {
    return [];
  }
  const result: INotebookOutput = { output_type: 'execute_result', data: outputs.table, metadata: {} };
  return outputs.chart ? [result, { output_type: 'display_data', data: outputs.chart, metadata: {} }] : [result];
}

export interface IResultCell {
  source: string;
  outputs: INotebookOutput[];
}

/** Writes a notebook of executed %%sql cells into the UI test server's root; returns its path for the URL. */
export function writeResultNotebook(name: string, cells: IResultCell[]): string {
  const root = process.env.EMR_UI_ROOT;
  if (!root) {
    throw new Error('EMR_UI_ROOT is not set: run these tests through playwright.config.ts');
  }
  const notebook = {
    cells: cells.map((cell, index) => ({
      cell_type: 'code',
      execution_count: index + 1,
      id: `result-${index}`,
      metadata: {},
      outputs: cell.outputs.map(output => (output.output_type === 'execute_result' ? { ...output, execution_count: index + 1 } : output)),
      source: cell.source
    })),
    metadata: {
      kernelspec: { display_name: 'Spark on EMR (Livy)', language: 'scala', name: 'emr-livy' },
      language_info: { name: 'scala' }
    },
    nbformat: 4,
    nbformat_minor: 5
  };
  fs.writeFileSync(path.join(root, 'notebooks', name), JSON.stringify(notebook, null, 1));
  return `notebooks/${name}`;
}
