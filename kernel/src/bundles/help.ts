import { escapeHtml } from '@jupyterlab-emr/common';
import { MimeBundle } from '../core/output-sink';

export interface IMagicHelpView {
  /** `%%sql [-n N] [-q]` */
  usage: string;
  aliases: string[];
  summary: string;
  details?: string;
  options: { usage: string; description: string }[];
}

const ZEPPELIN_NOTE = 'Cells without a magic run as the default language. Zeppelin prefixes also work: %spark, %livy.spark (Scala), %sql, %livy.sql, %pyspark, %livy.pyspark.';

/** The magic list (or one magic in full) as text and an escaped HTML table. */
export function helpBundle(magics: IMagicHelpView[], full: boolean): MimeBundle {
  const text = magics
    .map(magic => {
      const lines = [`${magic.usage}${magic.aliases.length > 0 ? ` (also ${magic.aliases.join(', ')})` : ''}`, `    ${magic.summary}`];
      if (full) {
        lines.push(...magic.options.map(option => `    ${option.usage}: ${option.description}`));
        if (magic.details) {
          lines.push(...magic.details.split('\n').map(line => `    ${line}`));
        }
      }
      return lines.join('\n');
    })
    .join('\n');
  const rows = magics
    .map(magic => {
      const extra = full
        ? magic.options.map(option => `<br><code>${escapeHtml(option.usage)}</code>: ${escapeHtml(option.description)}`).join('') +
          (magic.details ? `<br>${escapeHtml(magic.details).replace(/\n/g, '<br>')}` : '')
        : '';
      const aliases = magic.aliases.length > 0 ? `<br>also ${magic.aliases.map(alias => `<code>${escapeHtml(alias)}</code>`).join(', ')}` : '';
      return `<tr><td style="text-align: left; white-space: nowrap"><code>${escapeHtml(magic.usage)}</code>${aliases}</td><td style="text-align: left">${escapeHtml(magic.summary)}${extra}</td></tr>`;
    })
    .join('\n');
  return {
    'text/plain': full ? text : `${text}\n\n${ZEPPELIN_NOTE}`,
    'text/html': `<table class="jp-emr-Help">\n${rows}\n</table>${full ? '' : `\n<p>${escapeHtml(ZEPPELIN_NOTE)}</p>`}`
  };
}
