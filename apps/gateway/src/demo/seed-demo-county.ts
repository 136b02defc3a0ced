import type { INestApplication } from '@nestjs/common';
import type { Logger } from '#libs/observability';
import { PasswordHasher } from '../auth/password-hasher.js';
import { RegisterUseCase } from '../directory/register.use-case.js';
import { DEMO_ORGANISATIONS, DEMO_USERS } from './demo-county.js';

/**
 * Idempotent: safe at every start. Adds what is missing and never touches an existing user (a changed
 * password stays changed); the manifest refuses DEMO_SEED in production.
 */
export async function seedDemoCounty(app: INestApplication, password: string, logger: Logger): Promise<void> {
  const register = app.get(RegisterUseCase);
  // One hash for all: every demo user has the same password, and each hash takes a good part of a second.
  const passwordHash = await app.get(PasswordHasher).hash(password);
  const orgIds = new Map<string, string>();
  for (const organisation of DEMO_ORGANISATIONS) {
    orgIds.set(organisation.code, (await register.organisation(organisation)).id);
  }
  for (const user of DEMO_USERS) {
    await register.user({ username: user.username, passwordHash, role: user.role, orgId: orgIds.get(user.orgCode)! });
  }
  logger.info({ organisations: DEMO_ORGANISATIONS.length, users: DEMO_USERS.length }, 'demo county ready');
}
