import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { installKernelspec, renderKernelJson, uninstallKernelspec } from '../../../kernel/src/install';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('renderKernelJson', () => {
  it('writes absolute node and main.js paths and keeps {connection_file} for Jupyter to fill', async () => {
    const spec = JSON.parse(await renderKernelJson({ nodePath: '/usr/bin/node', mainPath: '/opt/emr "livy"/lib/main.js', version: '1.2.3' }));
    expect(spec).toEqual({
      argv: ['/usr/bin/node', '/opt/emr "livy"/lib/main.js', 'run', '--connection-file', '{connection_file}'],
      display_name: 'Spark on EMR (Livy)',
      language: 'scala',
      interrupt_mode: 'message',
      metadata: { debugger: false, 'emr-livy': { kernel_version: '1.2.3' } }
    });
  });
});

describe('installKernelspec', () => {
  let dir: string;
  let fakeJupyter: string;

  // A stand-in jupyter that records its arguments and keeps a copy of the spec directory it was given.
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'emr-livy-install-'));
    fakeJupyter = path.join(dir, 'jupyter');
    await fs.writeFile(fakeJupyter, `#!/bin/sh\necho "$@" > "${dir}/args"\nif [ "$2" = install ]; then cp -r "$3" "${dir}/copied"; fi\necho "Installed kernelspec $5 in /somewhere" >&2\n`, {
      mode: 0o755
    });
  });

  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  const options = (overrides: object = {}) => ({
    scope: { kind: 'sys-prefix' } as const,
    name: 'emr-livy',
    jupyter: fakeJupyter,
    nodePath: '/usr/bin/node',
    mainPath: '/repo/kernel/lib/main.js',
    version: '0.1.0',
    ...overrides
  });

  it('hands jupyter a directory with kernel.json and both logos, with --replace and the scope', async () => {
    const report = await installKernelspec(options());
    const args = (await fs.readFile(path.join(dir, 'args'), 'utf8')).trim().split(' ');
    expect(args[0]).toBe('kernelspec');
    expect(args[1]).toBe('install');
    expect(args.slice(3)).toEqual(['--name', 'emr-livy', '--sys-prefix', '--replace']);
    expect((await fs.readdir(path.join(dir, 'copied'))).sort()).toEqual(['kernel.json', 'logo-32x32.png', 'logo-64x64.png']);
    const logo = await fs.readFile(path.join(dir, 'copied', 'logo-64x64.png'));
    expect(logo.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    expect(logo.readUInt32BE(16)).toBe(64); // IHDR width
    expect(report).toContain('Installed kernelspec emr-livy');
  });

  it('passes --prefix with an absolute path', async () => {
    await installKernelspec(options({ scope: { kind: 'prefix', path: 'relative/prefix' } }));
    const args = (await fs.readFile(path.join(dir, 'args'), 'utf8')).trim().split(' ');
    expect(args.slice(5, 7)).toEqual(['--prefix', path.resolve('relative/prefix')]);
  });

  it('removes its temporary directory afterwards', async () => {
    await installKernelspec(options());
    const args = (await fs.readFile(path.join(dir, 'args'), 'utf8')).trim().split(' ');
    await expect(fs.access(args[2])).rejects.toThrow();
  });

  it('says how to point at jupyter when it is not found', async () => {
    await expect(installKernelspec(options({ jupyter: path.join(dir, 'no-such-jupyter') }))).rejects.toThrow(/was not found.*--jupyter PATH or the JUPYTER environment variable/);
  });

  it('reports jupyter’s own error when the install fails', async () => {
    await fs.writeFile(fakeJupyter, '#!/bin/sh\necho "Permission denied: /usr/local/share/jupyter" >&2\nexit 1\n');
    await expect(installKernelspec(options())).rejects.toThrow(/failed: Permission denied: \/usr\/local\/share\/jupyter/);
  });

  it('uninstalls with kernelspec remove -f', async () => {
    await uninstallKernelspec({ name: 'emr-livy', jupyter: fakeJupyter });
    expect((await fs.readFile(path.join(dir, 'args'), 'utf8')).trim()).toBe('kernelspec remove -f emr-livy');
  });
});
