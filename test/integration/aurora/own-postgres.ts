import { execFileSync } from 'child_process';
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';

/** The newest PostgreSQL server binaries Debian installed (the stack's own PostgreSQL comes from there). */
function postgresBin(): string {
  const root = '/usr/lib/postgresql';
  const majors = fs.existsSync(root) ? fs.readdirSync(root).filter(name => fs.existsSync(path.join(root, name, 'bin', 'initdb'))) : [];
  if (majors.length === 0) {
    throw new Error('No PostgreSQL server binaries in /usr/lib/postgresql; `stack/run up` installs them.');
  }
  return path.join(root, majors.sort((a, b) => Number(a) - Number(b)).pop() as string, 'bin');
}

/** A loopback port nothing listens on (now). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise(resolve => server.close(resolve));
  return port;
}

/**
 * A PostgreSQL server of the test's own, on a free loopback port, for faults the shared stack must
 * not suffer: crashing it (`pg_ctl stop -m immediate`) and starting it again. Password login
 * (scram-sha-256) as on the stack; as root it runs as the `postgres` user, which initdb requires.
 */
export class OwnPostgres {
  private constructor(
    private readonly _bin: string,
    private readonly _dir: string,
    readonly port: number,
    readonly user: string,
    readonly password: string
  ) {}

  static async start(): Promise<OwnPostgres> {
    const bin = postgresBin();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'own-postgres-'));
    const password = randomBytes(12).toString('hex');
    const server = new OwnPostgres(bin, dir, await freePort(), 'silver', password);
    fs.writeFileSync(path.join(dir, 'pwfile'), password);
    server._chown();
    server._run('initdb', ['-D', path.join(dir, 'data'), '-U', 'silver', '--pwfile', path.join(dir, 'pwfile'), '-E', 'UTF8', '--auth-host=scram-sha-256', '--auth-local=trust']);
    server.startAgain();
    return server;
  }

  get secret(): Record<string, unknown> {
    return { username: this.user, password: this.password, host: '127.0.0.1', port: this.port, dbname: 'postgres', engine: 'postgres' };
  }

  /** Starts the server (again): after a crash it replays its WAL, and unlogged tables come back empty. */
  startAgain(): void {
    const options = `-p ${this.port} -c listen_addresses=127.0.0.1 -k ${this._dir}`;
    this._run('pg_ctl', ['-D', path.join(this._dir, 'data'), '-l', path.join(this._dir, 'log'), '-o', options, '-w', '-t', '60', 'start']);
  }

  /** Stops the server the way a crash does: no checkpoint, every connection cut. */
  crash(): void {
    this._run('pg_ctl', ['-D', path.join(this._dir, 'data'), '-m', 'immediate', '-w', 'stop']);
  }

  async stop(): Promise<void> {
    try {
      this._run('pg_ctl', ['-D', path.join(this._dir, 'data'), '-m', 'fast', '-w', 'stop']);
    } finally {
      fs.rmSync(this._dir, { recursive: true, force: true });
    }
  }

  private _run(tool: string, args: string[]): void {
    const command = path.join(this._bin, tool);
    if (process.getuid?.() === 0) {
      execFileSync('runuser', ['-u', 'postgres', '--', command, ...args], { stdio: 'pipe' });
    } else {
      execFileSync(command, args, { stdio: 'pipe' });
    }
  }

  private _chown(): void {
    if (process.getuid?.() === 0) {
      execFileSync('chown', ['-R', 'postgres:', this._dir]);
    }
  }
}
