import { Inject, Injectable } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { NATS_CONNECTION } from '#libs/messaging';
import { REDIS } from './redis.module.js';
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
export class HealthService {
  constructor(
    @Inject(SERVICE_NAME) private readonly service: string,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly dataSource: DataSource,
    @Inject(NATS_CONNECTION) private readonly nats: NatsConnection,
  ) {}

  async check(): Promise<HealthReport> {
    const [postgres, redis, nats] = await Promise.all([
      probe(() => this.dataSource.query('SELECT 1')),
      probe(() => this.redis.ping()),
      probe(() => this.nats.flush()),
    ]);
    const checks = { postgres, redis, nats };
    const status = Object.values(checks).every((state) => state === 'up') ? 'ok' : 'degraded';
    return { service: this.service, status, checks };
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
