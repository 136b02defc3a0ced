import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort, waitFor } from '#libs/testing';

/**
 * A redis-server of the chaos run's own, so it can be stopped or flushed without disturbing the
 * shared one. A graceful stop saves its data to a dump in a temporary directory, as a production
 * Redis with snapshots would; FLUSHALL loses everything.
 */
export class PrivateRedis {
  private process?: ChildProcess;
  private readonly dir = mkdtempSync(join(tmpdir(), 'cw-redis-'));

  private constructor(readonly port: number) {}

  static async start(): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort());
    await redis.resume();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async resume(): Promise<void> {
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir, '--save', '3600 1'];
    this.process = spawn('redis-server', [...args, '--appendonly', 'no'], { stdio: 'ignore' });
    await waitFor(`redis-server on ${this.port}`, () => this.ping(), { timeoutMs: 10_000 });
  }

  /** SIGTERM: Redis writes its snapshot and exits; `resume()` loads it again. */
  async outage(): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }

  async flushAll(): Promise<void> {
    await this.withClient((redis) => redis.flushall());
  }

  async stop(): Promise<void> {
    await this.outage();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async ping(): Promise<boolean> {
    return this.withClient(async (redis) => (await redis.ping()) === 'PONG');
  }

  private async withClient<T>(work: (redis: Redis) => Promise<T>): Promise<T> {
    const redis = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    redis.on('error', () => undefined);
    try {
      await redis.connect();
      return await work(redis);
    } finally {
      redis.disconnect();
    }
  }
}
