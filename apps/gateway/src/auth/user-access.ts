import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '#libs/auth';
import { APP_CONFIG } from '#libs/config';
import { AppError } from '#libs/errors';
import type { GatewayConfig } from '../config.js';

interface UserState {
  role: string;
  orgId: string;
  disabled: boolean;
  /** The user's organisation has been retired: nobody of it acts any more (see ManageOrganisationsUseCase). */
  orgRetired: boolean;
}

const CACHE_SIZE = 10_000;

/** A user of a retired organisation, at sign-in and on every request: told why, not only "unauthorized". */
export const organisationRetired = () =>
  new AppError(401, 'organisation_retired', 'your organisation has been retired; ask an administrator');

/**
 * Every request passes the gateway, so it is where a user's current state is enforced: a token of a
 * disabled user, of a user whose organisation has been retired, or one whose role or organisation has
 * changed since it was signed, is refused on the next request (so a retired school's reporter files no
 * report: intake need not keep a copy of the directory). The state is read from the directory and kept USER_ACCESS_CACHE_MS (1 s by default);
 * this process forgets a user's entry at once when an administrator changes them, another gateway
 * process within that time.
 */
@Injectable()
export class UserAccess {
  private readonly cache = new Map<string, { state: UserState | undefined; until: number }>();

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: GatewayConfig,
  ) {}

  async assertCurrent(actor: Actor): Promise<void> {
    const state = await this.stateOf(actor.userId);
    if (!state || state.disabled) throw AppError.unauthorized('this account is disabled');
    if (state.orgRetired) throw organisationRetired();
    if (state.role !== actor.role || state.orgId !== actor.orgId) {
      throw AppError.unauthorized('your access has changed; refresh the token or sign in again');
    }
  }

  forget(userId: string): void {
    this.cache.delete(userId);
  }

  private async stateOf(userId: string): Promise<UserState | undefined> {
    const cached = this.cache.get(userId);
    if (cached && cached.until > Date.now()) return cached.state;
    const [row] = await this.dataSource.query<UserState[]>(
      `SELECT u.role, u.org_id AS "orgId", u.disabled_at IS NOT NULL AS disabled, o.retired_at IS NOT NULL AS "orgRetired"
         FROM identity.users u JOIN identity.organisations o ON o.id = u.org_id WHERE u.id = $1`,
      [userId],
    );
    if (this.cache.size >= CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(userId, { state: row, until: Date.now() + this.config.USER_ACCESS_CACHE_MS });
    return row;
  }
}
