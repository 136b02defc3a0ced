import type { INestApplication } from '@nestjs/common';
import type { Logger } from '#libs/observability';
import { hashPassword, RegisterUseCase } from '../directory/register.use-case.js';
import { DEMO_ORGANISATIONS, DEMO_USERS } from './demo-county.js';

/** Idempotent: safe at every start; demo users get the current DEMO_PASSWORD. */
export async function seedDemoCounty(app: INestApplication, password: string, logger: Logger): Promise<void> {
  const register = app.get(RegisterUseCase);
  const orgIds = new Map<string, string>();
  for (const organisation of DEMO_ORGANISATIONS) {
    orgIds.set(organisation.code, (await register.organisation(organisation)).id);
  }
  // One hash for all: every demo user has the same password, and each hash takes a good part of a second.
  const passwordHash = await hashPassword(password);
  for (const user of DEMO_USERS) {
    const orgId = orgIds.get(user.orgCode)!;
    await register.user({ username: user.username, password, role: user.role, orgId, passwordHash });
  }
  logger.info({ organisations: DEMO_ORGANISATIONS.length, users: DEMO_USERS.length }, 'demo county ready');
}
