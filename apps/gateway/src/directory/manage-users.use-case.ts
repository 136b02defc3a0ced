import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '#libs/auth';
import { type Page, pageOf, type Role, UserRegistered } from '#libs/contracts';
import { AppError } from '#libs/errors';
import { Outbox } from '#libs/messaging';
import { RefreshTokens } from '../auth/refresh-tokens.js';
import { UserAccess } from '../auth/user-access.js';
import { PasswordHasher } from '../auth/password-hasher.js';
import { SecondFactor } from '../second-factor/second-factor.js';

export interface UserView {
  id: string;
  username: string;
  displayName: string | null;
  role: Role;
  orgId: string;
  disabled: boolean;
  totpEnabled: boolean;
  createdAt: string;
}

interface UserRow {
  id: string;
  username: string;
  display_name: string | null;
  role: Role;
  org_id: string;
  disabled_at: Date | null;
  totp_enabled_at: Date | null;
  created_at: Date;
}

const COLUMNS = 'id, username, display_name, role, org_id, disabled_at, totp_enabled_at, created_at';

const view = (row: UserRow): UserView => ({
  id: row.id,
  username: row.username,
  displayName: row.display_name,
  role: row.role,
  orgId: row.org_id,
  disabled: row.disabled_at !== null,
  totpEnabled: row.totp_enabled_at !== null,
  createdAt: row.created_at.toISOString(),
});

/**
 * User administration: list, create, change role, disable or enable, reset the second factor. A change takes effect on the
 * user's next request (the gateway checks every request against the directory), a disabled user's
 * sessions end, and a new role is announced again (UserRegistered carries the current role; notify's
 * copy is an upsert) so the services' copies follow.
 */
@Injectable()
export class ManageUsersUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly access: UserAccess,
    private readonly refreshTokens: RefreshTokens,
    private readonly hasher: PasswordHasher,
    private readonly secondFactor: SecondFactor,
  ) {}

  async list({ cursor, limit }: { cursor?: [string]; limit: number }): Promise<Page<UserView>> {
    const rows = await this.dataSource.query<UserRow[]>(
      `SELECT ${COLUMNS} FROM identity.users ${cursor ? 'WHERE lower(username) > $2' : ''}
        ORDER BY lower(username) LIMIT $1`,
      cursor ? [limit + 1, cursor[0]] : [limit + 1],
    );
    return pageOf(rows, limit, (row) => [row.username.toLowerCase()], view);
  }

  async create(input: {
    username: string;
    password: string;
    role: Role;
    orgId: string;
    displayName?: string;
  }): Promise<UserView> {
    const passwordHash = await this.hasher.hash(input.password);
    return this.dataSource.transaction(async (manager) => {
      const [organisation] = await manager.query<unknown[]>('SELECT id FROM identity.organisations WHERE id = $1', [
        input.orgId,
      ]);
      if (!organisation) throw AppError.badRequest('is not an organisation of the directory', 'orgId');
      const [row] = await manager.query<UserRow[]>(
        `INSERT INTO identity.users (id, username, display_name, password_hash, role, org_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, now())
         ON CONFLICT DO NOTHING RETURNING ${COLUMNS}`,
        [randomUUID(), input.username, input.displayName ?? null, passwordHash, input.role, input.orgId],
      );
      if (!row) throw AppError.conflict('a user with this username already exists');
      await this.outbox.append(manager, UserRegistered, { userId: row.id, orgId: row.org_id, role: row.role });
      return view(row);
    });
  }

  async update(
    admin: Actor,
    id: string,
    change: { role?: Role; disabled?: boolean; resetTotp?: true },
  ): Promise<UserView> {
    if (id === admin.userId && (change.disabled === true || (change.role && change.role !== admin.role))) {
      throw AppError.conflict('an administrator cannot disable or demote their own account');
    }
    // Without a code: a stolen administrator's token must not strip that administrator's own factor.
    if (id === admin.userId && change.resetTotp) {
      throw AppError.conflict('turn your own second factor off with a current code (POST /api/me/totp/disable)');
    }
    const updated = await this.dataSource.transaction(async (manager) => {
      const [before] = await manager.query<UserRow[]>(
        `SELECT ${COLUMNS} FROM identity.users WHERE id = $1 FOR UPDATE`,
        [id],
      );
      if (!before) throw AppError.notFound('user');
      if (change.resetTotp) await this.secondFactor.reset(manager, id);
      // TypeORM answers an UPDATE with [rows, count].
      const [[row]] = await manager.query<[UserRow[], number]>(
        `UPDATE identity.users SET role = coalesce($2, role),
           disabled_at = CASE WHEN $3::boolean IS NULL THEN disabled_at
                              WHEN $3 THEN coalesce(disabled_at, now()) ELSE NULL END
          WHERE id = $1 RETURNING ${COLUMNS}`,
        [id, change.role ?? null, change.disabled ?? null],
      );
      if (row.disabled_at) await this.refreshTokens.revokeAllOf(manager, id);
      if (row.role !== before.role) {
        await this.outbox.append(manager, UserRegistered, { userId: row.id, orgId: row.org_id, role: row.role });
      }
      return view(row);
    });
    this.access.forget(id);
    return updated;
  }
}
