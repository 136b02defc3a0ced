import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { freePort } from './free-port.js';
import { waitFor } from './wait-for.js';

const BINARIES = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'];

/**
 * A Redis server of the test's own, so a test can stop Redis without disturbing anyone else
 * sharing the machine's server. It keeps nothing on disk: stopping it loses its data, as an
 * outage of a Redis without persistence would.
 */
export class PrivateRedis {
  private process?: ChildProcess;

  private constructor(
    private readonly binary: string,
    readonly port: number,
  ) {}

  static async start(): Promise<PrivateRedis> {
    const binary = BINARIES.find((path) => existsSync(path));
    if (!binary) throw new Error('redis-server is not installed (apt-get install -y redis-server)');
    const redis = new PrivateRedis(binary, await freePort());
    await redis.resume();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts the server again after an outage; does nothing while it runs. */
  async resume(): Promise<void> {
    if (this.process && this.process.exitCode === null && this.process.signalCode === null) return;
    this.process = spawn(
      this.binary,
      ['--bind', '127.0.0.1', '--port', String(this.port), '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    await waitFor(`redis-server on ${this.port}`, () => answers(this.port), { timeoutMs: 10_000 });
  }

  /** Stops the server as an outage would; `resume()` brings it back, empty. */
  async outage(): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  async stop(): Promise<void> {
    await this.outage();
  }
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}
