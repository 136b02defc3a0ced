import type { INestApplication } from '@nestjs/common';
import type { Logger } from '#libs/observability';
import { RegisterUseCase } from '../directory/register.use-case.js';
import { DEMO_ORGANISATIONS, DEMO_USERS } from './demo-county.js';

/** Idempotent: safe at every start; demo users get the current DEMO_PASSWORD. */
export async function seedDemoCounty(app: INestApplication, password: string, logger: Logger): Promise<void> {
  const register = app.get(RegisterUseCase);
  const orgIds = new Map<string, string>();
  for (const organisation of DEMO_ORGANISATIONS) {
    orgIds.set(organisation.code, (await register.organisation(organisation)).id);
  }
  for (const user of DEMO_USERS) {
    await register.user({ username: user.username, password, role: user.role, orgId: orgIds.get(user.orgCode)! });
  }
  logger.info({ organisations: DEMO_ORGANISATIONS.length, users: DEMO_USERS.length }, 'demo county ready');
}
