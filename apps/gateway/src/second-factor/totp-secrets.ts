import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, fieldContext, KeyRing } from '#libs/config';
import type { GatewayConfig } from '../config.js';

export type SecretColumn = 'totp_secret' | 'totp_pending_secret';

/**
 * Users' TOTP secrets at rest: AES-256-GCM under the TOTP_KEYS ring, bound to the user and the column
 * (a secret copied into another user's row does not open). A database dump alone signs no one in.
 */
@Injectable()
export class TotpSecrets {
  private readonly ring: KeyRing;

  constructor(@Inject(APP_CONFIG) config: GatewayConfig) {
    this.ring = KeyRing.parse(config.TOTP_KEYS, config.TOTP_ACTIVE_KEY);
  }

  seal(column: SecretColumn, userId: string, secret: string): string {
    return this.ring.encrypt(secret, fieldContext('users', column, userId));
  }

  open(column: SecretColumn, userId: string, stored: string): string {
    return this.ring.decrypt(stored, fieldContext('users', column, userId));
  }
}
