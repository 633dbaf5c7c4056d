import { TABLE_MIME_TYPE } from '@jupyterlab-emr/common';
import { ICellExecutor } from '../../../../kernel/src/core/cell-layer';
import { expectOk, kernelErrorOf, runCell } from '../../../helpers/cell-runner';
import { livyRest, stackExecutor } from '../../../helpers/livy-stack';
import { RecordingSink } from '../../../helpers/recording-sink';

// Data values, column names, session names and error texts that carry markup, produced by the
// real Livy and Spark: every HTML output the kernel builds shows them as text.

// A tag that would render; the escaped text (&lt;img … onerror=…&gt;) is harmless.
const MARKUP = /<(script|img)\b/i;

function htmlOf(sink: RecordingSink): string[] {
  return sink.events.map(event => ('data' in event ? event.data['text/html'] : undefined)).filter((html): html is string => typeof html === 'string');
}

describe('markup in data from Livy', () => {
  let executor: ICellExecutor;

  beforeAll(() => {
    executor = stackExecutor('hostile-data');
  });

  afterAll(async () => {
    await executor?.shutdown(false);
  });

  it('escapes values and column names in a %%sql result table', async () => {
    const sink = expectOk(await runCell(executor, "%%sql\nSELECT '<script>alert(1)</script>' AS `<img src=x onerror=alert(2)>`, '\"quoted\" & <b>bold</b>' AS plain, 1 AS n"));
    const html = htmlOf(sink);
    expect(html.length).toBeGreaterThan(0);
    for (const fragment of html) {
      expect(fragment).not.toMatch(MARKUP);
      expect(fragment).not.toContain('<b>bold');
    }
    expect(html.join('')).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html.join('')).toContain('&lt;img src=x onerror=alert(2)&gt;');
    // The structured table keeps the raw values: the front end's renderer escapes them itself (its own tests).
    const [result] = sink.results();
    expect(JSON.stringify(result[TABLE_MIME_TYPE])).toContain('<script>alert(1)</script>');
  });

  it('escapes a session name in %%info, which lists every session on the Livy', async () => {
    const { json: created } = await livyRest('POST', '/sessions', { kind: 'spark', name: '<img src=x onerror=alert(4)>' });
    try {
      const sink = expectOk(await runCell(executor, '%%info'));
      const html = htmlOf(sink).join('');
      expect(html).toContain('&lt;img src=x onerror=alert(4)&gt;');
      expect(html).not.toMatch(MARKUP);
    } finally {
      await livyRest('DELETE', `/sessions/${String(created.id)}`);
    }
  });

  it('keeps markup in an error message as plain text in the error, with no HTML output', async () => {
    const outcome = await runCell(executor, 'throw new RuntimeException("<img src=x onerror=alert(5)>")');
    const error = kernelErrorOf(outcome);
    expect(error.evalue).toContain('<img src=x onerror=alert(5)>');
    expect(htmlOf(outcome.sink).join('')).not.toMatch(MARKUP);
  });
});
