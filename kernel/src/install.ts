import { execFile } from 'child_process';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * Installs the emr-livy kernelspec by handing a filled-in spec directory to
 * `jupyter kernelspec install`, so Jupyter decides where specs live for each scope exactly as it
 * does for every other kernel.
 */
export const KERNEL_NAME = 'emr-livy';

/** kernel/kernelspec, from kernel/src or kernel/lib alike. */
export const KERNELSPEC_DIR = path.resolve(__dirname, '..', 'kernelspec');

const LOGOS = ['logo-32x32.png', 'logo-64x64.png'];

export type InstallScope = { kind: 'user' } | { kind: 'sys-prefix' } | { kind: 'prefix'; path: string };

export interface IInstallOptions {
  scope: InstallScope;
  name: string;
  /** The jupyter executable to run: a name on PATH or a path, e.g. .stack/venv/bin/jupyter. */
  jupyter: string;
  /** Absolute paths written into argv, so the kernel starts whatever PATH the server has. */
  nodePath: string;
  mainPath: string;
  version: string;
}

export class InstallError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InstallError';
  }
}

export async function renderKernelJson(values: { nodePath: string; mainPath: string; version: string }): Promise<string> {
  const template = JSON.parse(await fs.readFile(path.join(KERNELSPEC_DIR, 'kernel.json.template'), 'utf8')) as unknown;
  const placeholders: Record<string, string> = {
    '@NODE@': values.nodePath,
    '@MAIN@': values.mainPath,
    '@VERSION@': values.version
  };
  // Substituted in parsed values, never in the text, so a path with quotes or backslashes stays valid JSON.
  const filled = JSON.parse(JSON.stringify(template), (_key, value: unknown) => (typeof value === 'string' && value in placeholders ? placeholders[value] : value)) as unknown;
  return JSON.stringify(filled, null, 2) + '\n';
}

function scopeFlags(scope: InstallScope): string[] {
  switch (scope.kind) {
    case 'user':
      return ['--user'];
    case 'sys-prefix':
      return ['--sys-prefix'];
    case 'prefix':
      return ['--prefix', path.resolve(scope.path)];
  }
}

/** Writes the spec into a temporary directory and installs it; returns jupyter's own report. */
export async function installKernelspec(options: IInstallOptions): Promise<string> {
  const staging = await fs.mkdtemp(path.join(os.tmpdir(), 'emr-livy-kernelspec-'));
  const specDir = path.join(staging, options.name);
  try {
    await fs.mkdir(specDir);
    await fs.writeFile(path.join(specDir, 'kernel.json'), await renderKernelJson(options));
    for (const logo of LOGOS) {
      await fs.copyFile(path.join(KERNELSPEC_DIR, logo), path.join(specDir, logo));
    }
    return await runJupyter(options.jupyter, ['kernelspec', 'install', specDir, '--name', options.name, ...scopeFlags(options.scope), '--replace']);
  } finally {
    await fs.rm(staging, { recursive: true, force: true });
  }
}

export async function uninstallKernelspec(options: { name: string; jupyter: string }): Promise<string> {
  return runJupyter(options.jupyter, ['kernelspec', 'remove', '-f', options.name]);
}

function runJupyter(jupyter: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(jupyter, args, { encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
        reject(
          new InstallError(
            `Cannot run "${jupyter}": it was not found. Install JupyterLab, or point to its jupyter with ` +
              "--jupyter PATH or the JUPYTER environment variable (the project's is .stack/venv/bin/jupyter)."
          )
        );
      } else if (error) {
        reject(new InstallError(`"${jupyter} ${args.join(' ')}" failed: ${(stderr || stdout || error.message).trim()}`));
      } else {
        resolve(`${stdout}${stderr}`.trim());
      }
    });
  });
}
