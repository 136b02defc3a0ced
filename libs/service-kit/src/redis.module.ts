import { type DynamicModule, Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';

/** Injection token of the service's Redis client; its keys carry the deployment's REDIS_PREFIX. */
export const REDIS = Symbol('REDIS');

class RedisLifecycle implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}
  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}

/**
 * A fail-fast client: Redis only holds what can be rebuilt (counters, wake-ups), so a command
 * fails at once while Redis is away instead of queueing, and callers decide how to degrade.
 */
@Global()
@Module({})
export class RedisModule {
  static forRoot(url: string, prefix: string): DynamicModule {
    return {
      module: RedisModule,
      providers: [
        {
          provide: REDIS,
          useFactory: () => {
            const redis = new Redis(url, {
              keyPrefix: `${prefix}:`,
              enableOfflineQueue: false,
              maxRetriesPerRequest: 0,
              connectTimeout: 1500,
              commandTimeout: 1000,
            });
            redis.on('error', () => undefined); // reconnects on its own; health reports the state
            return redis;
          },
        },
        RedisLifecycle,
      ],
      exports: [REDIS],
    };
  }
}
