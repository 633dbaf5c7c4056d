import { ChildProcess, execFileSync, spawn } from 'child_process';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { freePorts } from './connection-info';
import { loadStackEnv, STACK_DIR } from './stack-env';

/**
 * A second Apache Livy server, for fault tests that stop and restart Livy itself: the stack's
 * installation and configuration (stack/run renders it into .stack/livy/conf), on a free port of
 * its own, so the shared Livy on 8998 is never touched. Started the way stack/run starts Livy.
 */
export class OwnLivy {
  private _server: ChildProcess | undefined;
  private _log = '';

  private constructor(
    readonly port: number,
    private readonly _dir: string
  ) {}

  static async create(): Promise<OwnLivy> {
    const [port] = await freePorts(1);
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'emr-livy-own-livy-'));
    const confDir = path.join(dir, 'conf');
    await fs.mkdir(confDir);
    await fs.mkdir(path.join(dir, 'tmp'));
    const shared = path.join(STACK_DIR, 'livy', 'conf');
    for (const name of await fs.readdir(shared)) {
      let text = await fs.readFile(path.join(shared, name), 'utf8');
      if (name === 'livy.conf') {
        text = text.replace(/^livy\.server\.port\s*=.*$/m, `livy.server.port = ${port}`);
      }
      await fs.writeFile(path.join(confDir, name), text);
    }
    return new OwnLivy(port, dir);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get log(): string {
    return this._log;
  }

  /** Starts the server and waits until GET /version answers. */
  async start(timeoutMs = 180_000): Promise<void> {
    const env = loadStackEnv();
    const home = path.join(STACK_DIR, 'livy');
    const confDir = path.join(this._dir, 'conf');
    const tmp = path.join(this._dir, 'tmp');
    // The same JVM options stack/run's start_livy passes (Java 17 opens for Livy 0.9).
    const opens = [
      'java.lang',
      'java.lang.invoke',
      'java.lang.reflect',
      'java.io',
      'java.net',
      'java.nio',
      'java.util',
      'java.util.concurrent',
      'java.util.concurrent.atomic',
      'sun.nio.ch',
      'sun.util.calendar'
    ];
    const exports = ['sun.net.dns', 'sun.net.util', 'sun.security.x509', 'sun.security.util'];
    this._server = spawn(
      path.join(env.JAVA_HOME, 'bin', 'java'),
      [
        '-Xmx512m',
        `-Djava.io.tmpdir=${tmp}`,
        '-XX:+IgnoreUnrecognizedVMOptions',
        ...opens.map(pkg => `--add-opens=java.base/${pkg}=ALL-UNNAMED`),
        ...exports.map(pkg => `--add-exports=java.base/${pkg}=ALL-UNNAMED`),
        '-cp',
        `${home}/jars/*:${confDir}:${env.SPARK_CONF_DIR}`,
        'org.apache.livy.server.LivyServer'
      ],
      {
        cwd: tmp,
        env: { ...process.env, ...env, LIVY_HOME: home, LIVY_CONF_DIR: confDir, LIVY_LOG_DIR: tmp },
        stdio: ['ignore', 'pipe', 'pipe']
      }
    );
    const keep = (chunk: Buffer): void => {
      this._log = (this._log + chunk.toString()).slice(-20_000);
    };
    this._server.stdout?.on('data', keep);
    this._server.stderr?.on('data', keep);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        if ((await fetch(`${this.url}/version`, { signal: AbortSignal.timeout(2000) })).ok) {
          return;
        }
      } catch {
        // not up yet
      }
      if (this._server.exitCode !== null || Date.now() > deadline) {
        throw new Error(`The test's own Livy on port ${this.port} did not start; its log ends:\n${this._log.slice(-3000)}`);
      }
      await new Promise(resolve => setTimeout(resolve, 500));
    }
  }

  /** The Spark drivers (spark-submit JVMs) this server started. */
  driverPids(): number[] {
    const pid = this._server?.pid;
    if (pid === undefined) {
      return [];
    }
    try {
      return execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' })
        .split('\n')
        .filter(Boolean)
        .map(Number);
    } catch {
      return [];
    }
  }

  /**
   * Stops the server with `signal` and waits for it to exit. Its drivers are killed too: Livy
   * without recovery forgets them anyway, and on two cores orphaned JVMs would starve the rest.
   */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const server = this._server;
    if (!server || server.exitCode !== null || server.signalCode !== null) {
      return;
    }
    const drivers = this.driverPids();
    const exited = new Promise(resolve => server.once('exit', resolve));
    server.kill(signal);
    const forced = setTimeout(() => server.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(forced);
    for (const pid of drivers) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }

  async remove(): Promise<void> {
    await this.stop();
    await fs.rm(this._dir, { recursive: true, force: true });
  }
}
