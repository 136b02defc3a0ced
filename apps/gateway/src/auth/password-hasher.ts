import { Inject, Injectable } from '@nestjs/common';
import { hash, verify } from 'argon2';
import { APP_CONFIG } from '#libs/config';
import type { GatewayConfig } from '../config.js';
import { ThrottledError } from './login-throttle.js';

/**
 * argon2id hashing and verification, at most LOGIN_HASH_CONCURRENCY at once with at most
 * LOGIN_HASH_QUEUE waiting: a flood of sign-ins is answered 503 at once instead of queueing on libuv's
 * four threads and stalling every other sign-in (and the rest of the gateway's thread-pool work).
 */
@Injectable()
export class PasswordHasher {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(@Inject(APP_CONFIG) private readonly config: GatewayConfig) {}

  hash(password: string): Promise<string> {
    return this.bounded(() => hash(password));
  }

  verify(passwordHash: string, password: string): Promise<boolean> {
    return this.bounded(() => verify(passwordHash, password));
  }

  private async bounded<T>(work: () => Promise<T>): Promise<T> {
    if (this.active >= this.config.LOGIN_HASH_CONCURRENCY) {
      if (this.waiting.length >= this.config.LOGIN_HASH_QUEUE) {
        throw new ThrottledError(503, 'sign-in is busy; try again in a moment', 1);
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.active += 1;
    }
    try {
      return await work();
    } finally {
      // Hand the slot straight to the next waiter, or free it.
      const next = this.waiting.shift();
      if (next) next();
      else this.active -= 1;
    }
  }
}
