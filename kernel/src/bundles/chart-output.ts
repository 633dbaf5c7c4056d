import { CHART_COPY_MIME_TYPE, IChartCopy, TABLE_MIME_TYPE, VEGA_LITE_MIME_TYPE, VegaLiteSpec } from '@jupyterlab-emr/common';
import { Logger } from '../log';
import { MimeBundle } from '../core/output-sink';
import { renderChartSvg } from './chart-svg';

const log = new Logger('chart');

/**
 * The largest SVG the kernel puts in a notebook, in characters (about bytes: the SVG is ASCII
 * apart from labels). A bar chart of 1,000 groups is some 430 KB; past this the static copy would
 * make the notebook heavy for a picture few front ends need, so the chart output then carries only
 * the Vega-Lite spec and a line saying where the chart can be seen.
 */
export const MAX_CHART_SVG_CHARS = 500_000;

const COPY: IChartCopy = { shownIn: TABLE_MIME_TYPE };

const kilobytes = (chars: number): string => `${Math.ceil(chars / 1000).toLocaleString('en-US')} KB`;

/** Why the output has no static image, for front ends that show text/plain. */
function onlyInteractive(reason: string): string {
  return `This chart is only in the interactive view (Vega-Lite, as JupyterLab draws it): ${reason}.`;
}

/**
 * A result's chart as an output of its own: the Vega-Lite spec for front ends that draw it
 * (JupyterLab, VS Code), an SVG drawn here for those that show only images (nbconvert's HTML,
 * nbviewer, GitHub), and the mark that lets this extension hide it, since its table view draws
 * the same chart. Drawing the SVG never fails the cell: without it the output says so.
 */
export async function chartOutputBundle(spec: VegaLiteSpec): Promise<MimeBundle> {
  let svg: string | undefined;
  let plain: string;
  try {
    svg = await renderChartSvg(spec);
    plain = 'A chart of the result above (Vega-Lite, and an SVG image for static viewers).';
  } catch (error) {
    log.warn('Drawing the chart as SVG failed; the chart output carries Vega-Lite only.', error);
    plain = onlyInteractive(`drawing it as an SVG image failed (${error instanceof Error ? error.message : String(error)})`);
  }
  if (svg !== undefined && svg.length > MAX_CHART_SVG_CHARS) {
    plain = onlyInteractive(`as an SVG image it would be ${kilobytes(svg.length)}, more than the ${kilobytes(MAX_CHART_SVG_CHARS)} the kernel embeds`);
    svg = undefined;
  }
  return { 'text/plain': plain, ...(svg !== undefined ? { 'image/svg+xml': svg } : {}), [VEGA_LITE_MIME_TYPE]: spec, [CHART_COPY_MIME_TYPE]: COPY };
}
