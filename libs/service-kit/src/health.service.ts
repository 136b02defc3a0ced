import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { NATS_CONNECTION } from '#libs/messaging';
import { APP_CONFIG, type BaseConfig } from '#libs/config';
import { SERVICE_NAME } from './tokens.js';

export type CheckState = 'up' | 'down';
export interface HealthReport {
  service: string;
  status: 'ok' | 'degraded';
  checks: Record<'postgres' | 'redis' | 'nats', CheckState>;
}

const CHECK_TIMEOUT_MS = 1500;

/** Checks the three servers every service depends on. */
@Injectable()
export class HealthService implements OnApplicationShutdown {
  private readonly redis: Redis;

  constructor(
    @Inject(SERVICE_NAME) private readonly service: string,
    @Inject(APP_CONFIG) config: BaseConfig,
    private readonly dataSource: DataSource,
    @Inject(NATS_CONNECTION) private readonly nats: NatsConnection,
  ) {
    // A dedicated, fail-fast client: a health check must not queue behind a dead connection.
    this.redis = new Redis(config.REDIS_URL, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: CHECK_TIMEOUT_MS,
    });
    this.redis.on('error', () => undefined);
  }

  async check(): Promise<HealthReport> {
    const [postgres, redis, nats] = await Promise.all([
      probe(() => this.dataSource.query('SELECT 1')),
      probe(async () => {
        if (this.redis.status === 'wait' || this.redis.status === 'end') await this.redis.connect();
        await this.redis.ping();
      }),
      probe(() => this.nats.flush()),
    ]);
    const checks = { postgres, redis, nats };
    const status = Object.values(checks).every((state) => state === 'up') ? 'ok' : 'degraded';
    return { service: this.service, status, checks };
  }

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}

async function probe(check: () => Promise<unknown>): Promise<CheckState> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), CHECK_TIMEOUT_MS);
      }),
    ]);
    return 'up';
  } catch {
    return 'down';
  } finally {
    clearTimeout(timer);
  }
}
