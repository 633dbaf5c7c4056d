import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { IAddressableTablePayload, TABLE_MIME_TYPE, VEGA_LITE_MIME_TYPE } from '@jupyterlab-emr/common';
import { loadStackEnv, STACK_DIR } from '../../../helpers/stack-env';

// Issue 22, headless unchanged: nbclient (through nbconvert --execute) runs a partial %%sql result
// on the stack's Livy with no comm to ask for more; the notebook gets the first page, the count and
// the chart computed by Spark over every row, as before paging, and the run ends normally.
const JUPYTER = path.join(STACK_DIR, 'venv', 'bin', 'jupyter');
const QUERY = 'SELECT CAST(id % 7 AS INT) AS weekday, id AS amount FROM range(200000)';

type Output = { output_type: string; data?: Record<string, unknown> };

describe('a partial %%sql result run headless', () => {
  let dir: string;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'emr-headless-'));
  });

  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('has its first page, its count and a chart over every row', () => {
    const notebook = {
      cells: [{ cell_type: 'code', execution_count: null, id: 'partial', metadata: {}, outputs: [], source: `%%sql --x weekday --y amount\n${QUERY}` }],
      metadata: { kernelspec: { name: 'emr-livy', display_name: 'Spark on EMR (Livy)', language: 'scala' } },
      nbformat: 4,
      nbformat_minor: 5
    };
    fs.writeFileSync(path.join(dir, 'partial.ipynb'), JSON.stringify(notebook));
    const env = { ...process.env, ...loadStackEnv(), HOME: dir, EMR_LIVY_SESSION_NAME_PREFIX: 'it-headless', JUPYTER_PREFER_ENV_PATH: '1' };
    execFileSync(JUPYTER, ['nbconvert', '--to', 'notebook', '--execute', '--ExecutePreprocessor.timeout=480', '--output', 'executed.ipynb', 'partial.ipynb'], {
      cwd: dir,
      env,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 540_000
    });
    const outputs = (JSON.parse(fs.readFileSync(path.join(dir, 'executed.ipynb'), 'utf8')) as { cells: { outputs: Output[] }[] }).cells[0].outputs;
    const table = outputs.find(output => output.output_type === 'execute_result')?.data?.[TABLE_MIME_TYPE] as IAddressableTablePayload;
    expect(table).toMatchObject({ rowCount: 200_000, truncated: true, fullChart: { basis: 'aggregate', points: 7, rowCount: 200_000 } });
    expect(table.rows).toHaveLength(1000);
    // The handle is there for a front end that can ask; nothing asked, and nothing was kept in Spark for it.
    expect(table.retained).toEqual({ id: expect.any(String), cached: false });
    const chart = outputs.find(output => output.data?.[VEGA_LITE_MIME_TYPE] !== undefined)?.data?.[VEGA_LITE_MIME_TYPE] as { mark: { type: string }; data: { values: unknown[] } };
    // Seven whole numbers on x: a bar per weekday (issue 22's chart kind), summed over all 200,000 rows.
    expect(chart.mark.type).toBe('bar');
    expect(chart.data.values).toHaveLength(7);
  });
});
