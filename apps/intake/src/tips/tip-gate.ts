import { Inject, Injectable } from '@nestjs/common';
import { hash, verify } from 'argon2';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '#libs/config';
import { AppError } from '#libs/errors';
import { REDIS } from '#libs/service-kit';
import type { IntakeConfig } from '../config.js';
import { canonical, codeHash } from './tracking-code.js';

/** Lighter than argon2's defaults (the secret has 80 random bits), still far from free to try. */
const HASH_OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };
/** Verified against when the code is unknown, so both failures cost the same time. */
const decoyHash = hash('campus-whistle-decoy-tip-secret', HASH_OPTIONS);
const MAX_LOCK_SECONDS = 24 * 60 * 60;

export interface AdmittedTip {
  id: string;
}

/**
 * The door of the 110 mailbox. Budgets count calls, never callers: one per minute for everyone
 * together and one per tracking code (known or not, so a lockout reveals nothing), kept in Redis
 * under a hash of the code. An unknown code and a wrong secret get the same 401 after the same work.
 * Redis away: the budgets are brakes, not gates, and calls go through (an 80-bit secret cannot be
 * guessed in the meantime).
 */
@Injectable()
export class TipGate {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: IntakeConfig,
  ) {}

  hashSecret(secret: string): Promise<string> {
    return hash(canonical(secret), HASH_OPTIONS);
  }

  /** Counts one call against the global budget; 429 when the mailbox is flooded. */
  async admit(): Promise<void> {
    const key = `tips:budget:${Math.floor(Date.now() / 60_000)}`;
    const results = await this.redis
      .multi()
      .incr(key)
      .expire(key, 120)
      .exec()
      .catch(() => null);
    const count = Number(results?.[0]?.[1] ?? 0);
    if (count > this.config.TIP_GLOBAL_PER_MINUTE) {
      throw new AppError(429, 'too_many_requests', 'the mailbox is busy; please try again in a minute');
    }
  }

  /** The tip of this code if the secret is right; 401 (the same for an unknown code) or 429 when locked. */
  async verify(trackingCode: string, secret: string): Promise<AdmittedTip> {
    await this.admit();
    const codeKey = codeHash(trackingCode);
    const lockKey = `tips:lock:${codeKey.slice(0, 40)}`;
    const until = Number((await this.redis.hget(lockKey, 'until').catch(() => null)) ?? 0);
    if (until > Date.now()) {
      const seconds = Math.ceil((until - Date.now()) / 1000);
      throw new AppError(429, 'too_many_attempts', `too many wrong secrets for this code; try again in ${seconds} s`);
    }
    const [row] = await this.dataSource.query<Array<{ id: string; secret_hash: string }>>(
      'SELECT id, secret_hash FROM intake.tips WHERE code_hash = $1',
      [codeKey],
    );
    const valid = await verify(row?.secret_hash ?? (await decoyHash), canonical(secret)).catch(() => false);
    if (!row || !valid) {
      await this.recordFailure(lockKey);
      throw AppError.unauthorized('the tracking code or the secret is wrong');
    }
    await this.redis.del(lockKey).catch(() => undefined);
    await this.spendCodeBudget(codeKey);
    return { id: row.id };
  }

  /** One tipster's thread cannot flood the task force: calls per code and minute are bounded. */
  private async spendCodeBudget(codeKey: string): Promise<void> {
    const key = `tips:code-budget:${codeKey.slice(0, 40)}:${Math.floor(Date.now() / 60_000)}`;
    const results = await this.redis
      .multi()
      .incr(key)
      .expire(key, 120)
      .exec()
      .catch(() => null);
    if (Number(results?.[0]?.[1] ?? 0) > this.config.TIP_PER_CODE_PER_MINUTE) {
      throw new AppError(429, 'too_many_requests', 'too many requests for this tracking code; try again in a minute');
    }
  }

  private async recordFailure(lockKey: string): Promise<void> {
    try {
      const failures = await this.redis.hincrby(lockKey, 'failures', 1);
      const over = failures - this.config.TIP_MAX_FAILURES;
      if (over >= 0) {
        // Growing back-off: the lock doubles with every wrong secret past the limit.
        const seconds = Math.min(this.config.TIP_LOCKOUT_SECONDS * 2 ** Math.min(over, 20), MAX_LOCK_SECONDS);
        await this.redis.hset(lockKey, 'until', String(Date.now() + seconds * 1000));
      }
      await this.redis.expire(lockKey, 2 * MAX_LOCK_SECONDS);
    } catch {
      // Redis away: no brake this time.
    }
  }
}
