import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OrganisationRegistered, type OrgKind, type Role, UserRegistered } from '#libs/contracts';
import { Outbox } from '#libs/messaging';
import { Organisation } from './organisation.entity.js';
import { User } from './user.entity.js';

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
    return this.dataSource.transaction(async (manager) => {
      const existing = await manager.findOneBy(Organisation, { code: input.code });
      if (existing) return existing;
      const organisation = manager.create(Organisation, { id: randomUUID(), ...input, createdAt: new Date() });
      await manager.insert(Organisation, organisation);
      await this.outbox.append(manager, OrganisationRegistered, {
        orgId: organisation.id,
        kind: organisation.kind,
        code: organisation.code,
        name: organisation.name,
      });
      return organisation;
    });
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
