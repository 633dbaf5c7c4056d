import { ChartOptionError, chartOptionsOf, chartSpec, chooseChart, IChartChoice, IChartRequest, ITablePayload, VEGA_LITE_MIME_TYPE, VegaLiteSpec } from '@jupyterlab-emr/common';
import { compile } from 'vega-lite';
import { UserError } from '../core/errors';
import { MimeBundle } from '../core/output-sink';

/** Collects Vega-Lite's warnings, which it would otherwise print to the kernel's stderr. */
class WarningCollector {
  readonly messages: string[] = [];
  private current = 0;

  level(): number;
  level(value: number): this;
  level(value?: number): number | this {
    if (value === undefined) {
      return this.current;
    }
    this.current = value;
    return this;
  }
  error(...args: readonly unknown[]): this {
    this.messages.push(args.map(String).join(' '));
    return this;
  }
  warn(...args: readonly unknown[]): this {
    return this.error(...args);
  }
  info(): this {
    return this;
  }
  debug(): this {
    return this;
  }
}

/**
 * Compiles the spec as the front end would, so a chart that cannot render fails here with its
 * reason rather than reaching the notebook as a broken output. A warning counts as a failure:
 * Vega-Lite warns when it drops an encoding, which would draw a chart other than the one asked for.
 */
export function checkVegaLite(spec: VegaLiteSpec): void {
  const collector = new WarningCollector();
  const warnings = collector.messages;
  try {
    // The spec is built from checked choices; its static type is plain JSON.
    compile(spec as unknown as Parameters<typeof compile>[0], { logger: collector });
  } catch (error) {
    warnings.unshift(error instanceof Error ? error.message : String(error));
  }
  if (warnings.length > 0) {
    throw new UserError(
      `The chart for this result is not valid Vega-Lite: ${warnings.map(warning => warning.replace(/\.$/, '')).join('; ')}. Other --chart/--x/--y options may work; --no-chart shows the table alone.`
    );
  }
}

/**
 * A result's chart: the Vega-Lite part of its bundle (empty when no chart fits or none was
 * wanted), and the table payload carrying the choice it was drawn with (`chart`), so the front
 * end's toolbar starts from it rather than working it out from the spec.
 */
export function withChart(table: ITablePayload, request: IChartRequest): { table: ITablePayload; chart: MimeBundle } {
  let choice: IChartChoice | undefined;
  try {
    choice = chooseChart(table.schema, table.rows.length, request, table.rows);
  } catch (error) {
    throw error instanceof ChartOptionError ? new UserError(error.message) : error;
  }
  if (!choice) {
    return { table, chart: {} };
  }
  const spec = chartSpec(choice, table);
  checkVegaLite(spec);
  return { table: { ...table, chart: chartOptionsOf(choice) }, chart: { [VEGA_LITE_MIME_TYPE]: spec } };
}

/** The Vega-Lite part of a result's bundle alone (see withChart). */
export function chartBundle(table: ITablePayload, request: IChartRequest): MimeBundle {
  return withChart(table, request).chart;
}
