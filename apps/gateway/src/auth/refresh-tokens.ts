import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG } from '#libs/config';
import { AppError } from '#libs/errors';
import { LOGGER, type Logger } from '#libs/observability';
import type { GatewayConfig } from '../config.js';

/** What a refresh yields: the user as the directory has them now, and the next token of the family. */
export interface Rotated {
  user: { id: string; username: string; role: string; orgId: string };
  refreshToken: string;
}

interface TokenRow {
  id: string;
  family_id: string;
  user_id: string;
  expires_at: Date;
  used_at: Date | null;
  revoked_at: Date | null;
}

const hashOf = (token: string): string => createHash('sha256').update(token).digest('hex');

/**
 * Refresh tokens with rotation and reuse detection. A token is 256 random bits; only its SHA-256 is
 * stored. Each refresh uses its token up and issues the next one of the same family. A used or revoked
 * token presented again means two parties hold it (a leak, or a replay): the whole family is revoked,
 * so the thief's copy and the owner's both stop working and the owner signs in again.
 */
@Injectable()
export class RefreshTokens {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: GatewayConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** A new family, at sign-in. */
  async issue(userId: string): Promise<string> {
    return this.insert(this.dataSource.manager, userId, randomUUID());
  }

  /** The next token of the family, for the user as they are now; any reuse revokes the family. */
  async rotate(token: string): Promise<Rotated> {
    const outcome = await this.dataSource.transaction(async (manager) => {
      const [row] = await manager.query<TokenRow[]>(
        `SELECT id, family_id, user_id, expires_at, used_at, revoked_at FROM identity.refresh_tokens
          WHERE token_hash = $1 FOR UPDATE`,
        [hashOf(token)],
      );
      if (!row) return 'unknown' as const;
      if (row.used_at || row.revoked_at) {
        await this.revokeFamily(manager, row.family_id);
        this.logger.warn({ userId: row.user_id, family: row.family_id }, 'refresh token reused: family revoked');
        return 'reused' as const;
      }
      if (row.expires_at.getTime() <= Date.now()) return 'expired' as const;
      const [user] = await manager.query<Array<Rotated['user'] & { disabled_at: Date | null; retired: boolean }>>(
        `SELECT u.id, u.username, u.role, u.org_id AS "orgId", u.disabled_at, o.retired_at IS NOT NULL AS retired
           FROM identity.users u JOIN identity.organisations o ON o.id = u.org_id WHERE u.id = $1`,
        [row.user_id],
      );
      if (!user || user.disabled_at || user.retired) {
        await this.revokeFamily(manager, row.family_id);
        return 'disabled' as const;
      }
      await manager.query('UPDATE identity.refresh_tokens SET used_at = now() WHERE id = $1', [row.id]);
      const refreshToken = await this.insert(manager, row.user_id, row.family_id);
      return { user: { id: user.id, username: user.username, role: user.role, orgId: user.orgId }, refreshToken };
    });
    // Thrown after the commit: a revoked family must stay revoked.
    if (outcome === 'reused') throw AppError.unauthorized('the refresh token was already used; sign in again');
    if (outcome === 'expired') throw AppError.unauthorized('the refresh token has expired; sign in again');
    if (typeof outcome === 'string') throw AppError.unauthorized('the refresh token is invalid; sign in again');
    return outcome;
  }

  /** Sign-out: the token's whole family stops working. Unknown tokens are ignored (nothing to end). */
  async revoke(token: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE identity.refresh_tokens SET revoked_at = now()
        WHERE revoked_at IS NULL AND family_id = (SELECT family_id FROM identity.refresh_tokens WHERE token_hash = $1)`,
      [hashOf(token)],
    );
  }

  /** Every session of a user, when an administrator disables them. */
  async revokeAllOf(manager: EntityManager, userId: string): Promise<void> {
    await manager.query(
      'UPDATE identity.refresh_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL',
      [userId],
    );
  }

  private async revokeFamily(manager: EntityManager, familyId: string): Promise<void> {
    await manager.query(
      'UPDATE identity.refresh_tokens SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL',
      [familyId],
    );
  }

  private async insert(manager: EntityManager, userId: string, familyId: string): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await manager.query(
      `INSERT INTO identity.refresh_tokens (id, family_id, user_id, token_hash, expires_at)
       VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5))`,
      [randomUUID(), familyId, userId, hashOf(token), this.config.REFRESH_TTL_SECONDS],
    );
    return token;
  }
}
