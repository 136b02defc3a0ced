import { Inject, Injectable } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { BrokerTopology, NATS_CONNECTION } from '#libs/messaging';
import { REDIS } from './redis.module.js';
import { SERVICE_NAME } from './tokens.js';

export type CheckState = 'up' | 'down';
export interface HealthReport {
  service: string;
  status: 'ok' | 'degraded';
  /** `streams` is down when the broker answers but lacks a stream the service needs (restarted without its data). */
  checks: Record<'postgres' | 'redis' | 'nats' | 'streams', CheckState>;
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
    private readonly topology: BrokerTopology,
  ) {}

  async check(): Promise<HealthReport> {
    const [postgres, redis, nats, streams] = await Promise.all([
      probe(() => this.dataSource.query('SELECT 1')),
      probe(() => this.redis.ping()),
      probe(() => this.nats.flush()),
      probe(async () => {
        const missing = await this.topology.missingStreams();
        if (missing.length > 0) throw new Error(`missing streams: ${missing.join(', ')}`);
      }),
    ]);
    const checks = { postgres, redis, nats, streams };
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
