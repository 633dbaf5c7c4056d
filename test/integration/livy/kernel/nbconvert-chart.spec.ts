import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CHART_COPY_MIME_TYPE, TABLE_MIME_TYPE, VEGA_LITE_MIME_TYPE } from '@jupyterlab-emr/common';
import { loadStackEnv, STACK_DIR } from '../../../helpers/stack-env';

// Issue 18, outputs that stand alone: a notebook with a %%sql chart, executed by nbclient (through
// nbconvert --execute) on the emr-livy kernelspec of the project's venv and the stack's Livy, then
// exported with `jupyter nbconvert --to html`, has the chart as an SVG image in the HTML (nbconvert
// embeds image/svg+xml as an <img> of a data URL): no extension, no browser.

const JUPYTER = path.join(STACK_DIR, 'venv', 'bin', 'jupyter');
const QUERY = 'SELECT CAST(id % 3 AS STRING) AS bucket, SUM(id) AS total FROM range(10) GROUP BY id % 3 ORDER BY bucket';

type Output = { output_type: string; data?: Record<string, unknown> };

describe('a %%sql chart outside the extension', () => {
  let dir: string;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'emr-nbconvert-'));
  });

  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is in the executed notebook as an output of its own and in nbconvert HTML as an SVG image', () => {
    const notebook = {
      cells: [{ cell_type: 'code', execution_count: null, id: 'sql-chart', metadata: {}, outputs: [], source: `%%sql\n${QUERY}` }],
      metadata: { kernelspec: { name: 'emr-livy', display_name: 'Spark on EMR (Livy)', language: 'scala' } },
      nbformat: 4,
      nbformat_minor: 5
    };
    fs.writeFileSync(path.join(dir, 'chart.ipynb'), JSON.stringify(notebook));
    // A throwaway HOME: no user config file of whoever runs the tests; the stack's Livy from env.sh.
    const env = { ...process.env, ...loadStackEnv(), HOME: dir, EMR_LIVY_SESSION_NAME_PREFIX: 'it-nbconvert', JUPYTER_PREFER_ENV_PATH: '1' };
    const run = (args: string[]) => execFileSync(JUPYTER, args, { cwd: dir, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 540_000 });
    run(['nbconvert', '--to', 'notebook', '--execute', '--ExecutePreprocessor.timeout=480', '--output', 'executed.ipynb', 'chart.ipynb']);

    // Besides the session's progress lines: the table as the cell's result, then the chart as an output of its own.
    const outputs = (JSON.parse(fs.readFileSync(path.join(dir, 'executed.ipynb'), 'utf8')) as { cells: { outputs: Output[] }[] }).cells[0].outputs;
    const shown = outputs.filter(output => output.output_type === 'execute_result' || output.data?.[VEGA_LITE_MIME_TYPE] !== undefined);
    expect(shown.map(output => [output.output_type, Object.keys(output.data ?? {}).sort()])).toEqual([
      ['execute_result', [TABLE_MIME_TYPE, 'text/html', 'text/plain']],
      ['display_data', [CHART_COPY_MIME_TYPE, VEGA_LITE_MIME_TYPE, 'image/svg+xml', 'text/plain']]
    ]);

    run(['nbconvert', '--to', 'html', 'executed.ipynb']);
    const html = fs.readFileSync(path.join(dir, 'executed.html'), 'utf8');
    // The table as HTML, then the chart as the kernel's SVG, which nbconvert's HTML embeds as an image (a base64 data URL).
    expect(html).toMatch(/<table[^>]*>[\s\S]*bucket[\s\S]*total/);
    const image = /<div class="jp-RenderedSVG[^"]*"[^>]*>\s*<img [^>]*src="data:image\/svg\+xml;base64,([^"]+)"/.exec(html)?.[1];
    expect(image).toBeDefined();
    const svg = Buffer.from(image ?? '', 'base64').toString('utf8');
    expect(svg).toMatch(/^<svg [^>]*class="marks"/);
    expect(svg.match(/aria-roledescription="bar"/g)).toHaveLength(3);
    expect(svg).toContain('>bucket</text>');
    expect(svg).toContain('>total</text>');
  });
});
