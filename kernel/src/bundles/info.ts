import { escapeHtml } from '@jupyterlab-emr/common';
import { MimeBundle } from '../core/output-sink';

export interface IInfoSessionRow {
  id: number;
  name: string | null;
  state: string;
  kind: string;
  owner: string | null;
  current: boolean;
}

/** What %%info shows, already worked out by the handler. */
export interface IInfoView {
  endpoint: string;
  livyVersion?: string;
  /** Label → value rows about the current session; URLs become links. */
  session: [string, string][];
  /** The JSON the session was (or the next one will be) created with. */
  settings: Record<string, unknown>;
  /** Undefined when Livy could not be asked (it does not answer). */
  sessions?: IInfoSessionRow[];
}

function sessionsTitle(view: IInfoView): string {
  return view.sessions ? `Sessions on this Livy (${view.sessions.length}` : 'Sessions on this Livy: unknown, Livy did not answer';
}

function isUrl(value: string): boolean {
  return /^https?:\/\/\S+$/.test(value);
}

function htmlValue(value: string): string {
  return isUrl(value) ? `<a href="${escapeHtml(value)}" target="_blank" rel="noopener noreferrer">${escapeHtml(value)}</a>` : escapeHtml(value);
}

export function infoBundle(view: IInfoView): MimeBundle {
  const head: [string, string][] = [['Livy', `${view.endpoint}${view.livyVersion ? ` (version ${view.livyVersion})` : ''}`], ...view.session];
  const settings = JSON.stringify(view.settings, null, 2);
  const width = Math.max(...head.map(([label]) => label.length));
  const sessionLines = (view.sessions ?? []).map(
    row => `${row.current ? '*' : ' '} ${String(row.id).padStart(4)}  ${row.state.padEnd(13)} ${row.kind.padEnd(8)} ${row.name ?? ''}${row.owner ? ` (${row.owner})` : ''}`
  );
  const text = [
    ...head.map(([label, value]) => `${label.padEnd(width)}  ${value}`),
    '',
    'Session settings:',
    settings,
    '',
    view.sessions ? `${sessionsTitle(view)}; * = this notebook's):` : sessionsTitle(view),
    ...(view.sessions && sessionLines.length === 0 ? ['  none'] : sessionLines)
  ].join('\n');
  const html = [
    '<table class="jp-emr-Info">',
    ...head.map(([label, value]) => `<tr><th style="text-align: left">${escapeHtml(label)}</th><td style="text-align: left">${htmlValue(value)}</td></tr>`),
    '</table>',
    `<details><summary>Session settings</summary><pre>${escapeHtml(settings)}</pre></details>`,
    `<p>${escapeHtml(sessionsTitle(view))}${view.sessions ? '):' : ''}</p>`,
    '<table class="jp-emr-Info-sessions"><thead><tr><th>id</th><th>name</th><th>state</th><th>kind</th><th>owner</th><th></th></tr></thead><tbody>',
    ...(view.sessions ?? []).map(
      row =>
        `<tr><td>${row.id}</td><td style="text-align: left">${escapeHtml(row.name ?? '')}</td><td>${escapeHtml(row.state)}</td><td>${escapeHtml(row.kind)}</td>` +
        `<td>${escapeHtml(row.owner ?? '')}</td><td>${row.current ? 'this notebook' : ''}</td></tr>`
    ),
    '</tbody></table>'
  ].join('\n');
  return { 'text/plain': text, 'text/html': html };
}
