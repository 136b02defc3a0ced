import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';
import { waitFor } from './wait-for.js';

const BINARIES = ['/usr/sbin/nats-server', '/usr/bin/nats-server', '/usr/local/bin/nats-server'];

/**
 * How the server authenticates: one user and password for everyone, or a configuration file holding
 * its `authorization` block (such as `npm run nats-config` writes: a user per service).
 */
export type PrivateNatsAuth = { user: string; password: string } | { configFile: string };

/**
 * A NATS server with JetStream of the test's own, so a test can stop the broker without
 * disturbing anyone else sharing the machine's server. Its store survives a restart.
 */
export class PrivateNats {
  private process?: ChildProcess;
  private readonly storeDir = mkdtempSync(join(tmpdir(), 'cw-nats-'));
  /** The server's log: connections, and the permission violations of a configuration with users. */
  readonly logFile = `${this.storeDir}.log`;

  private constructor(
    private readonly binary: string,
    readonly port: number,
    private readonly auth?: PrivateNatsAuth,
  ) {}

  /** With credentials or a configuration, the server refuses clients without a user and password it knows. */
  static async start(auth?: PrivateNatsAuth): Promise<PrivateNats> {
    const binary = BINARIES.find((path) => existsSync(path));
    if (!binary) throw new Error('nats-server is not installed (apt-get install -y nats-server)');
    const nats = new PrivateNats(binary, await freePort(), auth);
    await nats.resume();
    return nats;
  }

  /** The server's URL, with the credentials in it when it has one user for everyone. */
  get url(): string {
    return this.auth && 'user' in this.auth ? this.urlAs(this.auth.user, this.auth.password) : this.urlAs();
  }

  /** The server's URL with a user's credentials in it. */
  urlAs(user?: string, password?: string): string {
    const auth = user ? `${encodeURIComponent(user)}:${encodeURIComponent(password ?? '')}@` : '';
    return `nats://${auth}127.0.0.1:${this.port}`;
  }

  /** What the server logged so far. */
  log(): string {
    return existsSync(this.logFile) ? readFileSync(this.logFile, 'utf8') : '';
  }

  async resume(): Promise<void> {
    const auth = !this.auth
      ? []
      : 'configFile' in this.auth
        ? ['-c', this.auth.configFile]
        : ['--user', this.auth.user, '--pass', this.auth.password];
    this.process = spawn(
      this.binary,
      ['-a', '127.0.0.1', '-p', String(this.port), '-js', '-sd', this.storeDir, '-l', this.logFile, ...auth],
      { stdio: 'ignore' },
    );
    await waitFor(`nats-server on ${this.port}`, () => answers(this.port), { timeoutMs: 10_000 });
  }

  /** Stops the broker as an outage would; `resume()` brings it back with its streams. */
  async outage(): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  /** Restarts the broker without its data, as after losing its disk: every stream and consumer is gone. */
  async restartWithoutData(): Promise<void> {
    await this.outage();
    rmSync(this.storeDir, { recursive: true, force: true });
    mkdirSync(this.storeDir, { recursive: true });
    await this.resume();
  }

  async stop(): Promise<void> {
    await this.outage();
    rmSync(this.storeDir, { recursive: true, force: true });
    rmSync(this.logFile, { force: true });
  }
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}
