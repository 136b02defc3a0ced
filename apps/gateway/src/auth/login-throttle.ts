import { createHmac, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { APP_CONFIG } from '#libs/config';
import { AppError } from '#libs/errors';
import { LOGGER, type Logger } from '#libs/observability';
import { REDIS } from '#libs/service-kit';
import type { GatewayConfig } from '../config.js';

/** A refusal that says when to come back (sent as Retry-After). */
export class ThrottledError extends AppError {
  constructor(
    status: 429 | 503,
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(status, status === 429 ? 'too_many_attempts' : 'service_unavailable', message);
  }
}

/** An admitted attempt: tell the throttle how it ended. */
export interface Attempt {
  failed(): Promise<void>;
  /** The right password: the count is taken back and the username at this address is clear again. */
  succeeded(): Promise<void>;
  /** The attempt never reached the password check (hashing busy, database away): it does not count. */
  undo(): Promise<void>;
}

/**
 * Admission, atomically in one script. Every attempt is counted when it is admitted (as a failure
 * until it proves otherwise), so a burst of parallel guesses cannot all pass a check made before the
 * count. KEYS: global second, client, username at client, username. Hashes hold f (attempts counted)
 * and next (ms when the next attempt may start, once f has reached its limit).
 */
const ADMIT = `
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local pairMax, userMax, clientMax, globalMax = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
local hold = tonumber(ARGV[7]) * 1000
local g = redis.call('INCR', KEYS[1])
if g == 1 then redis.call('EXPIRE', KEYS[1], 2) end
if g > globalMax then return {'global', 1} end
local c = tonumber(redis.call('GET', KEYS[2]) or '0')
if c >= clientMax then return {'client', math.max(redis.call('TTL', KEYS[2]), 1)} end
local wait = 0
for i, max in ipairs({pairMax, userMax}) do
  local key = KEYS[i + 2]
  if tonumber(redis.call('HGET', key, 'f') or '0') >= max then
    local nextAt = tonumber(redis.call('HGET', key, 'next') or tostring(now + hold))
    if now < nextAt then wait = math.max(wait, nextAt - now) end
  end
end
if wait > 0 then return {'slow', math.ceil(wait / 1000)} end
for i, max in ipairs({pairMax, userMax}) do
  local key = KEYS[i + 2]
  local f = redis.call('HINCRBY', key, 'f', 1)
  -- Past the limit only one attempt at a time: the next may start when this one has failed and waited.
  if f > max then redis.call('HSET', key, 'next', now + hold) end
  redis.call('EXPIRE', key, window)
end
redis.call('INCR', KEYS[2])
if redis.call('TTL', KEYS[2]) < 0 then redis.call('EXPIRE', KEYS[2], window) end
return {'ok', 0}
`;

/** After a failure: once a key has reached its limit, the next attempt waits base × 2^(over), capped. */
const FAILED = `
local now, base, cap = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
for i, max in ipairs({tonumber(ARGV[4]), tonumber(ARGV[5])}) do
  local key = KEYS[i]
  local f = tonumber(redis.call('HGET', key, 'f') or '0')
  if f >= max then redis.call('HSET', key, 'next', now + math.min(base * 2 ^ (f - max), cap) * 1000) end
end
return 1
`;

/**
 * Takes an admitted attempt's count back: after the right password (ARGV[2] = 1) the pair is cleared
 * (the owner at their address), but not others' failures on the username; an attempt that never
 * reached the password check only takes its own count back.
 */
const UNDO = `
if ARGV[2] == '1' then redis.call('DEL', KEYS[2])
elseif redis.call('HINCRBY', KEYS[2], 'f', -1) <= 0 then redis.call('DEL', KEYS[2])
else redis.call('HSET', KEYS[2], 'next', ARGV[1]) end
if redis.call('HINCRBY', KEYS[3], 'f', -1) <= 0 then redis.call('DEL', KEYS[3]) else redis.call('HSET', KEYS[3], 'next', ARGV[1]) end
if redis.call('DECR', KEYS[1]) <= 0 then redis.call('DEL', KEYS[1]) end
return 1
`;

const SALT_KEY = 'login:salt';
const SALT_SECONDS = 86_400;

/**
 * Brakes password guessing without letting anyone lock an owner out:
 * - global: at most LOGIN_GLOBAL_PER_SECOND attempts a second (503 beyond);
 * - per client address: LOGIN_CLIENT_MAX_FAILURES failed sign-ins in LOGIN_WINDOW_SECONDS, over any
 *   usernames (password spraying), then that address is refused (429) until the window ends;
 * - per username from one client (LOGIN_MAX_FAILURES) and per username from all clients
 *   (LOGIN_USER_MAX_FAILURES): past the limit the username is slowed down, not locked: one attempt
 *   at a time, each failure doubling the wait from LOGIN_SLOWDOWN_SECONDS up to LOGIN_MAX_DELAY_SECONDS.
 *   The owner, from another address, is not slowed by a guesser's failures until the per-username limit.
 * Usernames and addresses are kept only as HMACs under a key that lives one day in Redis, so the
 * counters cannot be read back to who or where. If Redis is away, sign-in still works (a brake, not a
 * gate) and the bounded password hashing still caps the cost.
 */
@Injectable()
export class LoginThrottle {
  private salt?: { value: string; until: number };

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: GatewayConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async admit(username: string, clientAddress: string): Promise<Attempt> {
    const keys = await this.keysFor(username.toLowerCase(), clientAddress).catch(() => undefined);
    if (!keys) return this.unavailable();
    const c = this.config;
    const verdict = (await this.redis
      .eval(
        ADMIT,
        4,
        `login:g:${Math.floor(Date.now() / 1000)}`,
        keys.client,
        keys.pair,
        keys.user,
        Date.now(),
        c.LOGIN_WINDOW_SECONDS,
        c.LOGIN_MAX_FAILURES,
        c.LOGIN_USER_MAX_FAILURES,
        c.LOGIN_CLIENT_MAX_FAILURES,
        c.LOGIN_GLOBAL_PER_SECOND,
        c.LOGIN_MAX_DELAY_SECONDS,
      )
      .catch(() => undefined)) as [string, number] | undefined;
    if (!verdict) return this.unavailable();
    const [outcome, seconds] = verdict;
    if (outcome === 'global') throw new ThrottledError(503, 'sign-in is busy; try again in a moment', seconds);
    if (outcome === 'client') {
      throw new ThrottledError(
        429,
        `too many failed sign-ins from this address; try again in ${Math.ceil(seconds / 60)} min`,
        seconds,
      );
    }
    if (outcome === 'slow') {
      throw new ThrottledError(429, `too many failed sign-ins for this user; try again in ${seconds} s`, seconds);
    }
    return {
      failed: () =>
        this.run(
          FAILED,
          [keys.pair, keys.user],
          [
            Date.now(),
            c.LOGIN_SLOWDOWN_SECONDS,
            c.LOGIN_MAX_DELAY_SECONDS,
            c.LOGIN_MAX_FAILURES,
            c.LOGIN_USER_MAX_FAILURES,
          ],
        ),
      succeeded: () => this.run(UNDO, [keys.client, keys.pair, keys.user], [Date.now(), 1]),
      undo: () => this.run(UNDO, [keys.client, keys.pair, keys.user], [Date.now(), 0]),
    };
  }

  private async run(script: string, keys: string[], args: Array<string | number>): Promise<void> {
    await this.redis.eval(script, keys.length, ...keys, ...args).catch(() => undefined);
  }

  private unavailable(): Attempt {
    this.logger.warn('login throttle unavailable: Redis did not answer');
    const nothing = () => Promise.resolve();
    return { failed: nothing, succeeded: nothing, undo: nothing };
  }

  private async keysFor(username: string, clientAddress: string) {
    const salt = await this.currentSalt();
    const mac = (text: string) => createHmac('sha256', salt).update(text).digest('base64url').slice(0, 22);
    return {
      client: `login:c:${mac(`c\u0000${clientAddress}`)}`,
      pair: `login:p:${mac(`p\u0000${username}\u0000${clientAddress}`)}`,
      user: `login:u:${mac(`u\u0000${username}`)}`,
    };
  }

  /** The day's HMAC key, shared by every gateway process through Redis and forgotten after a day. */
  private async currentSalt(): Promise<string> {
    if (this.salt && this.salt.until > Date.now()) return this.salt.value;
    await this.redis.set(SALT_KEY, randomBytes(32).toString('base64url'), 'EX', SALT_SECONDS, 'NX');
    const [value, ttl] = await Promise.all([this.redis.get(SALT_KEY), this.redis.ttl(SALT_KEY)]);
    if (!value) throw new Error('no salt');
    this.salt = { value, until: Date.now() + Math.min(Math.max(ttl, 1), 60) * 1000 };
    return value;
  }
}
