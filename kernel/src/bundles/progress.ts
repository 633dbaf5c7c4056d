import { escapeHtml } from '@jupyterlab-emr/common';
import { MimeBundle } from '../core/output-sink';

const BAR_WIDTH = 20;

export function formatElapsed(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < 60) {
    return `${seconds} s`;
  }
  return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`;
}

function link(url: string | undefined, label: string): { text: string; html: string } {
  if (!url) {
    return { text: '', html: '' };
  }
  return { text: ` · ${label}: ${url}`, html: ` · <a href="${escapeHtml(url)}" target="_blank" rel="noopener noreferrer">${escapeHtml(label)}</a>` };
}

function bundle(text: string, html: string): MimeBundle {
  return { 'text/plain': text, 'text/html': `<div class="jp-emr-Progress">${html}</div>` };
}

/** The line shown while a Livy session starts, replaced in place as the seconds go by. */
export function sessionStartingBundle(sessionId: number, state: string, elapsedMs: number): MimeBundle {
  const text = `Starting Spark session ${sessionId} (${state})… ${formatElapsed(elapsedMs)}`;
  return bundle(text, escapeHtml(text));
}

export function sessionStartedBundle(sessionId: number, elapsedMs: number, sparkUiUrl?: string, withKernel = false): MimeBundle {
  const text = `Spark session ${sessionId} started in ${formatElapsed(elapsedMs)}${withKernel ? ' (with the kernel)' : ''}`;
  const ui = link(sparkUiUrl, 'Spark UI');
  return bundle(text + ui.text, escapeHtml(text) + ui.html);
}

export interface IStatementProgressView {
  statementId: number;
  state: string;
  /** 0..1 */
  progress: number;
  elapsedMs: number;
  sparkUiUrl?: string;
}

/** A progress bar for a running statement, from Livy's task ratio. */
export function statementProgressBundle(view: IStatementProgressView): MimeBundle {
  const ratio = Math.min(1, Math.max(0, Number.isFinite(view.progress) ? view.progress : 0));
  const filled = Math.round(ratio * BAR_WIDTH);
  const percent = `${Math.floor(ratio * 100)}%`;
  const label = view.state === 'waiting' ? 'waiting for the session' : percent;
  const text = `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${label} · ${formatElapsed(view.elapsedMs)}`;
  const ui = link(view.sparkUiUrl, 'Spark UI');
  const html = `<progress max="1" value="${ratio.toFixed(3)}" style="vertical-align: middle"></progress> ` + `${escapeHtml(label)} · ${escapeHtml(formatElapsed(view.elapsedMs))}${ui.html}`;
  return bundle(text + ui.text, html);
}

/** What the progress line becomes once the statement has ended. */
export function statementDoneBundle(outcome: 'finished' | 'failed' | 'cancelled', elapsedMs: number, sparkUiUrl?: string): MimeBundle {
  const text = `Statement ${outcome} after ${formatElapsed(elapsedMs)}`;
  const ui = link(sparkUiUrl, 'Spark UI');
  return bundle(text + ui.text, escapeHtml(text) + ui.html);
}
