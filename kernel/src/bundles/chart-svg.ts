import type { VegaLiteSpec } from '@jupyterlab-emr/common';
import { logger as vegaLogger, None, parse, View } from 'vega';
import { compile } from 'vega-lite';

/**
 * The chart as an SVG document, drawn by Vega in Node (its headless SVG renderer needs no browser
 * or canvas), for front ends that show a static image where this extension draws the chart live.
 * A white background, as on a page: the image is also shown in dark themes and HTML exports,
 * where Vega's default transparent one would leave black axes on black.
 */
export async function renderChartSvg(spec: VegaLiteSpec): Promise<string> {
  // The spec was checked (checkVegaLite), so anything Vega would log here is noise on the kernel's stderr.
  const quiet = vegaLogger(None);
  // Vega tags the data values it ingests; a copy keeps the spec that goes into the outputs untouched.
  const compiled = compile(structuredClone(spec) as unknown as Parameters<typeof compile>[0], { logger: quiet }).spec;
  const view = new View(parse(compiled), { renderer: 'none', logger: quiet });
  try {
    view.background('white');
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
