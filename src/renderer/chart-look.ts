/** How a chart is coloured: Vega config and the tooltip's theme. */
export interface IChartLook {
  config: Record<string, unknown>;
  tooltipTheme: 'light' | 'dark';
}

/** JupyterLab's theme variables a chart takes its colours from. */
const VARIABLES = {
  background: '--jp-layout-color0',
  text: '--jp-ui-font-color1',
  mutedText: '--jp-ui-font-color2',
  lines: '--jp-border-color1',
  grid: '--jp-border-color2',
  font: '--jp-ui-font-family'
} as const;

type ThemeColors = Record<keyof typeof VARIABLES, string>;

function readVariables(doc: Document): ThemeColors | undefined {
  const style = doc.defaultView?.getComputedStyle(doc.body);
  if (!style) {
    return undefined;
  }
  const entries = Object.entries(VARIABLES).map(([name, variable]) => [name, style.getPropertyValue(variable).trim()]);
  // Without a loaded theme (a bare page) every variable is empty: keep Vega's defaults.
  return entries.every(([, value]) => value !== '') ? (Object.fromEntries(entries) as ThemeColors) : undefined;
}

/**
 * The chart's look in the current JupyterLab theme, read from the theme's CSS variables at the
 * moment of drawing (so a theme change followed by a redraw follows it). The background is
 * painted, not transparent, so an exported PNG or SVG stays readable outside the notebook.
 */
export function chartLook(doc: Document, followTheme: boolean): IChartLook {
  const colors = followTheme ? readVariables(doc) : undefined;
  if (!colors) {
    return { config: {}, tooltipTheme: 'light' };
  }
  const label = { labelColor: colors.text, titleColor: colors.text };
  return {
    config: {
      background: colors.background,
      font: colors.font,
      view: { stroke: colors.lines },
      axis: { ...label, domainColor: colors.lines, tickColor: colors.lines, gridColor: colors.grid },
      legend: label,
      title: { color: colors.text, subtitleColor: colors.mutedText },
      header: label
    },
    tooltipTheme: doc.body.dataset.jpThemeLight === 'false' ? 'dark' : 'light'
  };
}
