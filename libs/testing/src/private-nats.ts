import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';
import { waitFor } from './wait-for.js';

const BINARIES = ['/usr/sbin/nats-server', '/usr/bin/nats-server', '/usr/local/bin/nats-server'];

/**
 * A NATS server with JetStream of the test's own, so a test can stop the broker without
 * disturbing anyone else sharing the machine's server. Its store survives a restart.
 */
export class PrivateNats {
  private process?: ChildProcess;
  private readonly storeDir = mkdtempSync(join(tmpdir(), 'cw-nats-'));

  private constructor(
    private readonly binary: string,
    readonly port: number,
    private readonly credentials?: { user: string; password: string },
  ) {}

  /** With credentials, the server refuses clients without that user and password. */
  static async start(credentials?: { user: string; password: string }): Promise<PrivateNats> {
    const binary = BINARIES.find((path) => existsSync(path));
    if (!binary) throw new Error('nats-server is not installed (apt-get install -y nats-server)');
    const nats = new PrivateNats(binary, await freePort(), credentials);
    await nats.resume();
    return nats;
  }

  /** The server's URL, with the credentials in it when it has some. */
  get url(): string {
    const auth = this.credentials
      ? `${encodeURIComponent(this.credentials.user)}:${encodeURIComponent(this.credentials.password)}@`
      : '';
    return `nats://${auth}127.0.0.1:${this.port}`;
  }

  async resume(): Promise<void> {
    const auth = this.credentials ? ['--user', this.credentials.user, '--pass', this.credentials.password] : [];
    this.process = spawn(
      this.binary,
      ['-a', '127.0.0.1', '-p', String(this.port), '-js', '-sd', this.storeDir, ...auth],
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
  }
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}
