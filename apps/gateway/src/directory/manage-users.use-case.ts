import { randomInt, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { z } from 'zod';
import type { Actor } from '#libs/auth';
import {
  createUserRequest,
  type Page,
  pageOf,
  type Role,
  type userImportRowView,
  type userImportView,
  UserRegistered,
} from '#libs/contracts';
import { AppError } from '#libs/errors';
import { Outbox } from '#libs/messaging';
import { RefreshTokens } from '../auth/refresh-tokens.js';
import { UserAccess } from '../auth/user-access.js';
import { PasswordHasher } from '../auth/password-hasher.js';
import { SecondFactor } from '../second-factor/second-factor.js';
import { importReport, issueOf, readOrRefuse } from './csv.js';
import { readUserCsv, repeatedIn } from './user-csv.js';

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

interface NewUser {
  username: string;
  passwordHash: string;
  role: Role;
  orgId: string;
  displayName?: string;
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

type ImportRow = z.infer<typeof userImportRowView>;
type ImportReport = z.infer<typeof userImportView>;

/** A file's row checked as POST /api/users checks a user (no password: the server makes it), the organisation by its code. */
const importedUser = createUserRequest.pick({ username: true, role: true, displayName: true }).extend({
  organisation: z.string().min(1, "is required: the code of the user's school or unit"),
});

/** Letters and digits that cannot be mistaken for one another when read out or copied by hand. */
const PASSWORD_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789';
/**
 * A strong initial password: 20 characters drawn uniformly (crypto's randomInt) from 56, about 116
 * bits, well over createUserRequest's 12 characters; no sign a spreadsheet would read as a formula.
 */
const initialPassword = () =>
  Array.from({ length: 20 }, () => PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)]).join('');

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
      const [organisation] = await manager.query<Array<{ retired: boolean }>>(
        'SELECT retired_at IS NOT NULL AS retired FROM identity.organisations WHERE id = $1',
        [input.orgId],
      );
      if (!organisation) throw AppError.badRequest('is not an organisation of the directory', 'orgId');
      if (organisation.retired)
        throw AppError.badRequest('is a retired organisation: its users cannot sign in', 'orgId');
      const row = await this.insert(manager, { ...input, passwordHash });
      if (!row) throw AppError.conflict('a user with this username already exists');
      return view(row);
    });
  }

  /**
   * Users from a CSV file, each row checked as POST /api/users checks a user (its organisation by its
   * code, in any case, neither unknown nor retired; a username repeated within the file refused at its
   * later rows). A username already in the directory is `exists` and left as it is. Each created user
   * gets a strong random password made here, hashed like any other, and given only in this answer
   * (never logged, never kept in clear). Hashing one at a time leaves the other hashing slot to
   * sign-ins; the inserts then run in one transaction, so a failure writes none.
   */
  async importCsv(csv: string): Promise<ImportReport> {
    const read = readOrRefuse(() => readUserCsv(csv));
    const rows: ImportRow[] = [];
    const wanted: Array<{ report: ImportRow; user: z.output<typeof importedUser> }> = [];
    const seen = new Map<string, number>();
    for (const line of read) {
      if ('error' in line) {
        rows.push({ row: line.row, status: 'error', ...line.error });
        continue;
      }
      const parsed = importedUser.safeParse({ ...line.fields, displayName: line.fields.displayName || undefined });
      const username = line.fields.username || undefined;
      if (!parsed.success) {
        rows.push({ row: line.row, status: 'error', username, ...issueOf(parsed.error) });
        continue;
      }
      const first = repeatedIn(seen, { row: line.row, username: parsed.data.username });
      if (first !== undefined) {
        rows.push({
          row: line.row,
          status: 'error',
          username,
          field: 'username',
          message: `is already in row ${first} of this file`,
        });
        continue;
      }
      const report: ImportRow = { row: line.row, status: 'error', username: parsed.data.username };
      rows.push(report);
      wanted.push({ report, user: parsed.data });
    }
    const existing = new Map(
      (
        await this.dataSource.query<Array<{ id: string; key: string }>>(
          'SELECT id, lower(username) AS key FROM identity.users WHERE lower(username) = ANY($1::text[])',
          [wanted.map(({ user }) => user.username.toLowerCase())],
        )
      ).map(({ id, key }) => [key, id]),
    );
    const organisations = new Map(
      (
        await this.dataSource.query<Array<{ id: string; key: string; retired: boolean }>>(
          `SELECT id, lower(code) AS key, retired_at IS NOT NULL AS retired FROM identity.organisations
            WHERE lower(code) = ANY($1::text[])`,
          [wanted.map(({ user }) => user.organisation.toLowerCase())],
        )
      ).map((organisation) => [organisation.key, organisation]),
    );
    const creating: Array<{ report: ImportRow; user: NewUser; password: string }> = [];
    for (const { report, user } of wanted) {
      const id = existing.get(user.username.toLowerCase());
      const organisation = organisations.get(user.organisation.toLowerCase());
      if (id) Object.assign(report, { status: 'exists', id });
      else if (!organisation) {
        Object.assign(report, {
          field: 'organisation',
          message: 'is not the code of an organisation of the directory',
        });
      } else if (organisation.retired) {
        Object.assign(report, {
          field: 'organisation',
          message: 'is the code of a retired organisation: its users cannot sign in',
        });
      } else {
        const password = initialPassword();
        const { username, role, displayName } = user;
        const passwordHash = await this.hasher.hash(password);
        creating.push({
          report,
          password,
          user: { username, role, displayName, orgId: organisation.id, passwordHash },
        });
      }
    }
    await this.dataSource.transaction(async (manager) => {
      for (const { report, user, password } of creating) {
        const row = await this.insert(manager, user);
        // Taken meanwhile by another request: there, and not this file's to change.
        if (!row) Object.assign(report, { status: 'exists' });
        else Object.assign(report, { status: 'created', id: row.id, password });
      }
    });
    return importReport(rows);
  }

  /** In the caller's transaction: the new user, announced; undefined when the username (in any case) is taken. */
  private async insert(manager: EntityManager, user: NewUser): Promise<UserRow | undefined> {
    const [row] = await manager.query<UserRow[]>(
      `INSERT INTO identity.users (id, username, display_name, password_hash, role, org_id, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, now())
       ON CONFLICT DO NOTHING RETURNING ${COLUMNS}`,
      [randomUUID(), user.username, user.displayName ?? null, user.passwordHash, user.role, user.orgId],
    );
    if (row) await this.outbox.append(manager, UserRegistered, { userId: row.id, orgId: row.org_id, role: row.role });
    return row;
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
