import { ChildProcess, spawn } from 'child_process';
import * as path from 'path';
import * as readline from 'readline';
import { STACK_DIR } from './stack-env';

export interface ISigV4Check {
  method: string;
  path: string;
  /** The body as received (its first 2,000 characters). */
  body: string;
  /** Why the request was refused; null for one that verified. */
  problem: string | null;
}

export interface ISigV4Stats {
  verified: ISigV4Check[];
  refused: ISigV4Check[];
}

export interface ISigV4Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/**
 * test/helpers/sigv4_verifying_proxy.py on a free loopback port, in front of `target`: it forwards
 * only requests whose SigV4 signature botocore (not the AWS SDK for JavaScript the kernel signs with)
 * finds valid for their method, path, signed headers and body. Runs on the stack's venv, where
 * botocore comes with moto.
 */
export class SigV4VerifyingProxy {
  private constructor(
    private readonly _child: ChildProcess,
    readonly url: string
  ) {}

  static async start(target: string, region: string, service: string, credentials: ISigV4Credentials): Promise<SigV4VerifyingProxy> {
    const python = path.join(STACK_DIR, 'venv', 'bin', 'python');
    const child = spawn(python, [path.join(__dirname, 'sigv4_verifying_proxy.py'), target, region, service], {
      env: {
        ...process.env,
        AWS_ACCESS_KEY_ID: credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
        AWS_SESSION_TOKEN: credentials.sessionToken ?? ''
      },
      stdio: ['ignore', 'pipe', 'pipe']
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const firstLine = await new Promise<string>((resolve, reject) => {
      const lines = readline.createInterface({ input: child.stdout! });
      lines.once('line', line => resolve(line));
      child.once('error', reject);
      child.once('exit', code => reject(new Error(`the SigV4 proxy (${python}) exited with ${code} before listening: ${stderr}`)));
    });
    const { port } = JSON.parse(firstLine) as { port: number };
    return new SigV4VerifyingProxy(child, `http://127.0.0.1:${port}`);
  }

  async stats(): Promise<ISigV4Stats> {
    const response = await fetch(`${this.url}/__sigv4/stats`);
    return (await response.json()) as ISigV4Stats;
  }

  async stop(): Promise<void> {
    if (this._child.exitCode !== null) {
      return;
    }
    const exited = new Promise(resolve => this._child.once('exit', resolve));
    this._child.kill();
    await exited;
  }
}
