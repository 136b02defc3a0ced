import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { OrganisationRegistered, type OrgKind, type Role, UserRegistered } from '#libs/contracts';
import { Outbox } from '#libs/messaging';
import { Organisation } from './organisation.entity.js';
import { User } from './user.entity.js';

export interface OrganisationRow {
  id: string;
  kind: OrgKind;
  code: string;
  name: string;
  created_at: Date;
  retired_at: Date | null;
  revision: number;
}
export const ORGANISATION_COLUMNS = 'id, kind, code, name, created_at, retired_at, revision';
export const organisationOf = (row: OrganisationRow): Organisation =>
  Object.assign(new Organisation(), {
    id: row.id,
    kind: row.kind,
    code: row.code,
    name: row.name,
    createdAt: row.created_at,
    retiredAt: row.retired_at,
    revision: row.revision,
  });

/**
 * Adds organisations and users to the directory and announces them, so that services keep their
 * own copies. Both are idempotent by natural key (code, username).
 */
@Injectable()
export class RegisterUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
  ) {}

  async organisation(input: { kind: OrgKind; code: string; name: string }): Promise<Organisation> {
    return this.dataSource.transaction(async (manager) => (await this.organisationIn(manager, input)).organisation);
  }

  /**
   * In the caller's transaction: the organisation of this code (in any case), added and announced if
   * there was none. `created` says which; a concurrent writer of the same code waits for the other's
   * commit and then finds its row, so one code is announced once.
   */
  async organisationIn(
    manager: EntityManager,
    input: { kind: OrgKind; code: string; name: string },
  ): Promise<{ organisation: Organisation; created: boolean }> {
    const [inserted] = await manager.query<OrganisationRow[]>(
      `INSERT INTO identity.organisations (id, kind, code, name, created_at) VALUES ($1, $2, $3, $4, now())
       ON CONFLICT DO NOTHING RETURNING ${ORGANISATION_COLUMNS}`,
      [randomUUID(), input.kind, input.code, input.name],
    );
    if (!inserted) {
      const [existing] = await manager.query<OrganisationRow[]>(
        `SELECT ${ORGANISATION_COLUMNS} FROM identity.organisations WHERE lower(code) = lower($1)`,
        [input.code],
      );
      return { organisation: organisationOf(existing), created: false };
    }
    const organisation = organisationOf(inserted);
    await this.outbox.append(manager, OrganisationRegistered, {
      orgId: organisation.id,
      kind: organisation.kind,
      code: organisation.code,
      name: organisation.name,
    });
    return { organisation, created: true };
  }

  /**
   * Creates the user unless one with the same username exists, which is left exactly as it is: a seed
   * never resets a password (or role) someone has since set. Takes the argon2 hash, so a seed of many
   * users with one password hashes it once.
   */
  async user(input: { username: string; passwordHash: string; role: Role; orgId: string }): Promise<User> {
    return this.dataSource.transaction(async (manager) => {
      const existing = await manager
        .createQueryBuilder(User, 'user')
        .where('lower(user.username) = lower(:username)', { username: input.username })
        .getOne();
      if (existing) return existing;
      const user = manager.create(User, {
        id: randomUUID(),
        username: input.username,
        displayName: null,
        passwordHash: input.passwordHash,
        role: input.role,
        orgId: input.orgId,
        createdAt: new Date(),
        disabledAt: null,
      });
      await manager.insert(User, user);
      await this.outbox.append(manager, UserRegistered, { userId: user.id, orgId: user.orgId, role: user.role });
      return user;
    });
  }
}
