import type { Actor } from '#libs/auth';
import { AppError } from '#libs/errors';

/** A school's reporter sees and acts for its own school only; others get the same 404 as a missing school. */
export function assertOwnSchool(actor: Actor, schoolId: string): void {
  if (actor.role === 'school_reporter' && actor.orgId !== schoolId) throw AppError.notFound('school');
}
