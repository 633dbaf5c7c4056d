/**
 * Notebooks whose outputs are what the emr-livy kernel itself would send: the bundle comes from
 * the kernel's own tableBundle and chartBundle (its built kernel/lib), so these tests see the
 * MIME types, payload and Vega-Lite spec of the kernel at this commit, without Livy. Written into
 * the server's scratch root when a test starts.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import type { IChartRequest, ITablePayload } from '../../../common/src';

const KERNEL_LIB = path.resolve(__dirname, '..', '..', '..', 'kernel', 'lib');

type Bundle = Record<string, unknown>;

function kernelFunction<T>(module: string, name: string): T {
  const file = path.join(KERNEL_LIB, module);
  if (!fs.existsSync(`${file}.js`)) {
    throw new Error(`${file}.js is missing: build the kernel first (npm run build).`);
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(file)[name] as T;
}

/**
 * The kernel's display bundle for a %%sql result: text, HTML, our table MIME type (carrying the
 * chart choice) and, unless none fits or was asked for, the chart, composed as the kernel does.
 */
export function kernelBundle(table: ITablePayload, chart: IChartRequest): Bundle {
  const tableBundle = kernelFunction<(table: ITablePayload) => Bundle>('bundles/table-bundle', 'tableBundle');
  const withChart = kernelFunction<(table: ITablePayload, request: IChartRequest) => { table: ITablePayload; chart: Bundle }>('bundles/vegalite', 'withChart');
  const charted = withChart(table, chart);
  return { ...tableBundle(charted.table), ...charted.chart };
}

export interface IResultCell {
  source: string;
  bundle: Bundle;
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
      outputs: [{ output_type: 'execute_result', execution_count: index + 1, data: cell.bundle, metadata: {} }],
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
