import { IClusterLoad, IMetricSeries } from '@jupyterlab-emr/common';

import { el } from './dom';
import { ISection } from './model';
import { sectionState } from './state-view';

const CLASS = 'jp-emr-LoadCharts';
const SVG = 'http://www.w3.org/2000/svg';
// The sparkline's drawing box; CSS scales it to the sidebar's width.
const WIDTH = 120;
const HEIGHT = 28;

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string>): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) {
    node.setAttribute(name, value);
  }
  return node;
}

/** "1 h 5 min", "45 min": how long a cluster has been idle. */
export function formatDuration(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  const hours = Math.floor(minutes / 60);
  return hours > 0 ? `${hours} h ${minutes % 60} min` : `${minutes} min`;
}

function formatValue(series: IMetricSeries, value: number): string {
  const rounded = Number.isInteger(value) ? String(value) : value.toFixed(1);
  return series.unit === 'percent' ? `${rounded} %` : rounded;
}

/**
 * A series as a polyline over the window, scaled to its own range (percentages to 0-100), so the
 * shape shows at a glance; the latest value is written beside it.
 */
export function sparkline(series: IMetricSeries, from: number, to: number): SVGSVGElement {
  const chart = svg('svg', { class: `${CLASS}-spark`, viewBox: `0 0 ${WIDTH} ${HEIGHT}`, preserveAspectRatio: 'none', role: 'img' });
  chart.setAttribute('aria-label', `${series.label} over the last ${formatDuration(to - from)}`);
  const values = series.points.map(([, v]) => v);
  const low = series.unit === 'percent' ? 0 : Math.min(0, ...values);
  const high = series.unit === 'percent' ? 100 : Math.max(1, ...values);
  const x = (t: number): number => ((t - from) / Math.max(1, to - from)) * WIDTH;
  // One pixel of margin so a flat line at the top or bottom stays visible.
  const y = (v: number): number => 1 + (1 - (v - low) / (high - low || 1)) * (HEIGHT - 2);
  chart.append(svg('line', { class: `${CLASS}-axis`, x1: '0', x2: String(WIDTH), y1: String(HEIGHT - 0.5), y2: String(HEIGHT - 0.5) }));
  if (series.points.length > 0) {
    const points = series.points.map(([t, v]) => `${x(t).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
    chart.append(svg('polyline', { class: `${CLASS}-line`, points, 'vector-effect': 'non-scaling-stroke' }));
  }
  return chart;
}

function chartRow(series: IMetricSeries, from: number, to: number): HTMLElement {
  const latest = series.points.at(-1);
  const row = el('div', `${CLASS}-row`, undefined, [
    el('span', `${CLASS}-label`, series.label),
    sparkline(series, from, to),
    el('span', `${CLASS}-value`, latest ? formatValue(series, latest[1]) : 'no data')
  ]);
  row.dataset.metric = series.metric;
  return row;
}

/** "Idle for 45 min": once IsIdle has held for `noticeAfterMs` (a setting), with how long, as idle clusters cost money. */
function idleNotice(load: IClusterLoad, now: number, noticeAfterMs: number): HTMLElement | null {
  if (!load.idleSince) {
    return null;
  }
  const idleFor = now - Date.parse(load.idleSince);
  if (idleFor < noticeAfterMs) {
    return null;
  }
  const notice = el(
    'p',
    `${CLASS}-idle`,
    `Idle for ${formatDuration(idleFor)}: no YARN application has run since ${new Date(load.idleSince).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}. An idle cluster still costs its instance hours.`
  );
  notice.setAttribute('role', 'status');
  return notice;
}

/** A running cluster's CloudWatch metrics over the last hours, as small charts. */
export function loadView(section: ISection<IClusterLoad>, now: number, idleNoticeAfterMs: number): HTMLElement {
  const state = sectionState(section, load => load.series.every(s => s.points.length === 0), 'CloudWatch has no EMR metrics for this cluster in the last 3 hours.');
  const body = el('div', CLASS, undefined, [state]);
  const load = section.data;
  if (load && load.series.some(s => s.points.length > 0)) {
    const from = Date.parse(load.from);
    const to = Date.parse(load.to);
    const idle = idleNotice(load, now, idleNoticeAfterMs);
    if (idle) {
      body.append(idle);
    }
    body.append(...load.series.map(series => chartRow(series, from, to)));
  }
  return body;
}
