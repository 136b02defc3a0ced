import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { APP_CONFIG } from '#libs/config';
import { AppError } from '#libs/errors';
import { LOGGER, type Logger } from '#libs/observability';
import { REDIS } from '#libs/service-kit';
import type { GatewayConfig } from '../config.js';

/**
 * Slows password guessing: after LOGIN_MAX_FAILURES failed sign-ins for one username within
 * LOGIN_LOCKOUT_SECONDS, that username is refused (429) until the window ends. The counter lives
 * in Redis; if Redis is away, sign-in still works (the counter is a brake, not a gate).
 */
@Injectable()
export class LoginThrottle {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: GatewayConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async assertAllowed(username: string): Promise<void> {
    const key = this.key(username);
    const [failures, ttl] = await Promise.all([this.redis.get(key), this.redis.ttl(key)]).catch(
      () => [null, -2] as const,
    );
    if (Number(failures ?? 0) >= this.config.LOGIN_MAX_FAILURES) {
      const minutes = Math.max(1, Math.ceil(ttl / 60));
      throw new AppError(
        429,
        'too_many_attempts',
        `too many failed sign-ins for this user; try again in ${minutes} min`,
      );
    }
  }

  async recordFailure(username: string): Promise<void> {
    const key = this.key(username);
    await this.redis
      .multi()
      .incr(key)
      .expire(key, this.config.LOGIN_LOCKOUT_SECONDS, 'NX')
      .exec()
      .catch(() => this.logger.warn('login throttle unavailable: Redis did not answer'));
  }

  async reset(username: string): Promise<void> {
    await this.redis.del(this.key(username)).catch(() => undefined);
  }

  private key(username: string): string {
    return `login-failures:${username.toLowerCase()}`;
  }
}
