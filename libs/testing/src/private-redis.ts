import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { connect } from 'node:net';
import { freePort } from './free-port.js';
import { waitFor } from './wait-for.js';

const BINARIES = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'];

/**
 * A Redis server of the test's own, so a test can stop Redis without disturbing anyone else
 * sharing the machine's server. By default it keeps nothing on disk: an outage loses its data, as
 * one of a Redis without persistence would. With `{ persistent: true }` an outage is a clean stop
 * that saves a snapshot, loaded again by `resume()`, as a production Redis with snapshots does.
 */
export class PrivateRedis {
  private process?: ChildProcess;
  private readonly dir?: string;

  private constructor(
    private readonly binary: string,
    readonly port: number,
    persistent: boolean,
    /** With a password the server requires AUTH, as in production; the url carries it. */
    private readonly password?: string,
  ) {
    if (persistent) this.dir = mkdtempSync(join(tmpdir(), 'cw-redis-'));
  }

  static async start(options: { persistent?: boolean; password?: string } = {}): Promise<PrivateRedis> {
    const binary = BINARIES.find((path) => existsSync(path));
    if (!binary) throw new Error('redis-server is not installed (apt-get install -y redis-server)');
    const redis = new PrivateRedis(binary, await freePort(), options.persistent === true, options.password);
    await redis.resume();
    return redis;
  }

  get url(): string {
    return this.password
      ? `redis://:${encodeURIComponent(this.password)}@127.0.0.1:${this.port}`
      : `redis://127.0.0.1:${this.port}`;
  }

  /** Starts the server again after an outage; does nothing while it runs. */
  async resume(): Promise<void> {
    if (this.process && this.process.exitCode === null && this.process.signalCode === null) return;
    const storage = this.dir ? ['--dir', this.dir, '--save', '3600 1'] : ['--save', ''];
    this.process = spawn(
      this.binary,
      [
        '--bind',
        '127.0.0.1',
        '--port',
        String(this.port),
        ...storage,
        '--appendonly',
        'no',
        ...(this.password ? ['--requirepass', this.password] : []),
      ],
      { stdio: 'ignore' },
    );
    await waitFor(`redis-server on ${this.port}`, () => answers(this.port), { timeoutMs: 10_000 });
  }

  /** Stops the server as an outage would; `resume()` brings it back, empty unless persistent. */
  async outage(): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    // A persistent Redis saves its snapshot on SIGTERM.
    child.kill(this.dir ? 'SIGTERM' : 'SIGKILL');
    await exited;
  }

  /** Loses every key, as FLUSHALL by mistake would. */
  async flushAll(): Promise<void> {
    const redis = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    redis.on('error', () => undefined);
    try {
      await redis.connect();
      await redis.flushall();
    } finally {
      redis.disconnect();
    }
  }

  async stop(): Promise<void> {
    await this.outage();
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
  }
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}
