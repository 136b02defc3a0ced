import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG } from '#libs/config';
import { AppError } from '#libs/errors';
import type { GatewayConfig } from '../config.js';
import { LoginThrottle } from '../auth/login-throttle.js';
import { newRecoveryCode, RECOVERY_CODE_COUNT, recoveryCodeHash } from './recovery-codes.js';
import { checkCode, newSecret, otpauthUri } from './totp-rule.js';
import { TotpSecrets } from './totp-secrets.js';

interface FactorRow {
  username: string;
  totp_secret: string | null;
  totp_pending_secret: string | null;
  totp_last_step: string | null;
}

/** Rows an `UPDATE … RETURNING` changed, as TypeORM's pg driver answers it (`[rows, count]`). */
const updatedCount = (result: unknown[]): number => (typeof result[1] === 'number' ? result[1] : result.length);

/** The step of the last accepted code (Postgres bigint arrives as text). */
const lastStep = (row: FactorRow): number | null => (row.totp_last_step === null ? null : Number(row.totp_last_step));

/** What a sign-in's code amounts to: no second factor, the right code, none given, or refused. */
export type SignInFactor = 'off' | 'ok' | 'required' | 'wrong' | 'used';

const invalidCode = (reason: 'wrong' | 'used') =>
  new AppError(
    400,
    'totp_invalid',
    reason === 'used' ? 'this code was already used; wait for the next one' : 'the code is wrong',
    'code',
  );

/**
 * A user's second factor (TOTP): set up (a pending secret until a code from it proves the app has it),
 * turned off with a current code or by an administrator, and checked at sign-in. Every accepted code
 * moves the user's last step forward in the same row lock, so a code works once even when two requests
 * race with it. Code guesses here count in the sign-in throttle like password guesses.
 */
@Injectable()
export class SecondFactor {
  constructor(
    private readonly dataSource: DataSource,
    private readonly secrets: TotpSecrets,
    private readonly throttle: LoginThrottle,
    @Inject(APP_CONFIG) private readonly config: GatewayConfig,
  ) {}

  async status(userId: string): Promise<{ enabled: boolean }> {
    const [row] = await this.dataSource.query<Array<{ enabled: boolean }>>(
      'SELECT totp_enabled_at IS NOT NULL AS enabled FROM identity.users WHERE id = $1',
      [userId],
    );
    return { enabled: row?.enabled ?? false };
  }

  /** A new pending secret (replacing one not yet confirmed); refused while one is on. */
  async enrol(userId: string): Promise<{ secret: string; otpauthUri: string }> {
    return this.dataSource.transaction(async (manager) => {
      const row = await this.lock(manager, userId);
      // Replacing an active factor would let a stolen access token take the second factor over.
      if (row.totp_secret) throw AppError.conflict('the second factor is on; turn it off with a current code first');
      const secret = newSecret();
      await manager.query('UPDATE identity.users SET totp_pending_secret = $2 WHERE id = $1', [
        userId,
        this.secrets.seal('totp_pending_secret', userId, secret),
      ]);
      return { secret, otpauthUri: otpauthUri(this.config.TOTP_ISSUER, row.username, secret) };
    });
  }

  /** Turns the pending secret on, given a code from it; answers the recovery codes, shown this once. */
  confirm(userId: string, code: string, clientAddress: string): Promise<{ enabled: true; recoveryCodes: string[] }> {
    return this.withCode(userId, clientAddress, 'totp_pending_secret', code, async (manager, secret) => {
      await manager.query(
        `UPDATE identity.users SET totp_secret = $2, totp_pending_secret = NULL, totp_enabled_at = now()
          WHERE id = $1`,
        [userId, this.secrets.seal('totp_secret', userId, secret)],
      );
      return { enabled: true, recoveryCodes: await this.newRecoveryCodes(manager, userId) };
    });
  }

  /** A new set of recovery codes, given a current code: the old ones stop working. */
  renewRecoveryCodes(userId: string, code: string, clientAddress: string) {
    return this.withCode(userId, clientAddress, 'totp_secret', code, async (manager) => ({
      enabled: true as const,
      recoveryCodes: await this.newRecoveryCodes(manager, userId),
    }));
  }

  /** Turns the second factor off, given a current code. */
  disable(userId: string, code: string, clientAddress: string): Promise<{ enabled: boolean }> {
    return this.withCode(userId, clientAddress, 'totp_secret', code, async (manager) => {
      await this.reset(manager, userId);
      return { enabled: false };
    });
  }

  /**
   * At sign-in, after the password was found right: the code (or one of the recovery codes, each
   * good once), if the user has a second factor.
   */
  async atSignIn(userId: string, code: string | undefined, recoveryCode?: string): Promise<SignInFactor> {
    return this.dataSource.transaction(async (manager) => {
      const row = await this.lock(manager, userId);
      if (!row.totp_secret) return 'off';
      if (recoveryCode !== undefined) {
        const used = await manager.query<unknown[]>(
          `UPDATE identity.recovery_codes SET used_at = now()
            WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL RETURNING user_id`,
          [userId, recoveryCodeHash(userId, recoveryCode)],
        );
        return updatedCount(used) === 1 ? 'ok' : 'wrong';
      }
      if (code === undefined) return 'required';
      const check = checkCode(
        this.secrets.open('totp_secret', userId, row.totp_secret),
        code,
        Date.now(),
        lastStep(row),
      );
      if (!check.ok) return check.reason;
      await this.consume(manager, userId, check.step);
      return 'ok';
    });
  }

  /** An administrator's reset (a lost phone): the user signs in with the password alone again. */
  async reset(manager: EntityManager, userId: string): Promise<void> {
    await manager.query(
      `UPDATE identity.users SET totp_secret = NULL, totp_pending_secret = NULL, totp_enabled_at = NULL
        WHERE id = $1`,
      [userId],
    );
    await manager.query('DELETE FROM identity.recovery_codes WHERE user_id = $1', [userId]);
  }

  /** Replaces the user's recovery codes; only their hashes are kept. */
  private async newRecoveryCodes(manager: EntityManager, userId: string): Promise<string[]> {
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
    await manager.query('DELETE FROM identity.recovery_codes WHERE user_id = $1', [userId]);
    await manager.query('INSERT INTO identity.recovery_codes (user_id, code_hash) SELECT $1, unnest($2::text[])', [
      userId,
      codes.map((code) => recoveryCodeHash(userId, code)),
    ]);
    return codes;
  }

  /**
   * A code for one of the caller's secrets, counted by the sign-in throttle (a stolen access token must
   * not be a way to guess codes fast); `then` runs in the same transaction, with the secret, when the
   * code is right.
   */
  private async withCode<T>(
    userId: string,
    clientAddress: string,
    column: 'totp_secret' | 'totp_pending_secret',
    code: string,
    then: (manager: EntityManager, secret: string) => Promise<T>,
  ): Promise<T> {
    const [user] = await this.dataSource.query<Array<{ username: string }>>(
      'SELECT username FROM identity.users WHERE id = $1',
      [userId],
    );
    if (!user) throw AppError.notFound('user');
    const attempt = await this.throttle.admit(user.username, clientAddress);
    let outcome: { ok: true; value: T } | { ok: false; error: AppError; counts: boolean };
    try {
      outcome = await this.dataSource.transaction(async (manager) => {
        const row = await this.lock(manager, userId);
        const stored = row[column];
        if (!stored) {
          const missing =
            column === 'totp_secret'
              ? 'the second factor is not on'
              : 'no second factor is being set up: start with POST /api/me/totp';
          return { ok: false as const, error: AppError.conflict(missing), counts: false };
        }
        const secret = this.secrets.open(column, userId, stored);
        const check = checkCode(secret, code, Date.now(), lastStep(row));
        if (!check.ok) return { ok: false as const, error: invalidCode(check.reason), counts: true };
        await this.consume(manager, userId, check.step);
        return { ok: true as const, value: await then(manager, secret) };
      });
    } catch (error) {
      await attempt.undo();
      throw error;
    }
    // A missing secret is no guess: only a wrong or used code counts as a failure.
    await (outcome.ok ? attempt.succeeded() : outcome.counts ? attempt.failed() : attempt.undo());
    if (!outcome.ok) throw outcome.error;
    return outcome.value;
  }

  private async consume(manager: EntityManager, userId: string, step: number): Promise<void> {
    await manager.query('UPDATE identity.users SET totp_last_step = $2 WHERE id = $1', [userId, step]);
  }

  private async lock(manager: EntityManager, userId: string): Promise<FactorRow> {
    const [row] = await manager.query<FactorRow[]>(
      `SELECT username, totp_secret, totp_pending_secret, totp_last_step FROM identity.users
        WHERE id = $1 FOR UPDATE`,
      [userId],
    );
    if (!row) throw AppError.notFound('user');
    return row;
  }
}
