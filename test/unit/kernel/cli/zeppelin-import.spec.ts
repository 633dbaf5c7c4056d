import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { zeppelinImport } from '../../../../kernel/src/cli/zeppelin-import';

const NOTE = path.join(__dirname, '..', '..', '..', 'fixtures', 'zeppelin', 'access-logs.zpln');

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await zeppelinImport(argv, { out: text => void (out += text), err: text => void (err += text) });
  return { code, out, err };
}

describe('emr-zeppelin-import', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'zeppelin-import-'));
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('writes the notebook, says what it holds and prints the warnings on stderr', async () => {
    const output = path.join(dir, 'logs.ipynb');
    const { code, out, err } = await run([NOTE, '-o', output]);
    expect(code).toBe(0);
    expect(out).toBe(`Wrote ${output}: 11 cells, parameters min_status, path, statuses, team.\n`);
    expect(err).toMatch(/^warning: Paragraph 6 runs on %sh/);
    const notebook = JSON.parse(await fs.readFile(output, 'utf8'));
    expect(notebook.metadata.kernelspec.name).toBe('emr-livy');
    expect(notebook.cells[1].metadata.tags).toEqual(['parameters']);
  });

  it('writes NOTE.ipynb beside the note by default and never replaces a file without --force', async () => {
    const note = path.join(dir, 'errors.zpln');
    await fs.copyFile(NOTE, note);
    expect((await run([note])).code).toBe(0);
    const first = await fs.readFile(path.join(dir, 'errors.ipynb'), 'utf8');
    await fs.writeFile(path.join(dir, 'errors.ipynb'), 'mine');
    const refused = await run([note]);
    expect(refused).toMatchObject({ code: 1, err: `${path.join(dir, 'errors.ipynb')} exists; pass --force to replace it, or -o to write elsewhere.\n` });
    expect(await fs.readFile(path.join(dir, 'errors.ipynb'), 'utf8')).toBe('mine');
    expect((await run([note, '--force'])).code).toBe(0);
    expect(await fs.readFile(path.join(dir, 'errors.ipynb'), 'utf8')).toBe(first);
  });

  it('refuses a file that is not a note, with how to export one', async () => {
    const bad = path.join(dir, 'bad.json');
    await fs.writeFile(bad, '{"cells": []}');
    const { code, err } = await run([bad]);
    expect(code).toBe(1);
    expect(err).toMatch(/^This is not a Zeppelin note: .*Export this note/);
    await fs.writeFile(bad, 'not json');
    expect((await run([bad])).err).toMatch(/bad\.json is not JSON/);
    expect((await run([path.join(dir, 'missing.json')])).err).toBe(`${path.join(dir, 'missing.json')} does not exist.\n`);
  });

  it.each([[[]], [['a.json', 'b.json']], [['--bogus', 'a.json']], [['a.json', '-o']]])('answers %p with the usage and exit code 2', async argv => {
    const { code, err } = await run(argv);
    expect(code).toBe(2);
    expect(err).toContain('Usage: emr-zeppelin-import NOTE.json');
  });
});
