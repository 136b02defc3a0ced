import type { Actor } from '#libs/auth';
import type { Role } from '#libs/contracts';
import { AppError } from '#libs/errors';

/** Roles that oversee the whole county and may read any whistle report. */
export const COUNTY_WIDE: readonly Role[] = ['bureau_reviewer', 'taskforce_dispatcher', 'supervisor', 'administrator'];

/** A school sees its own reports; county-wide roles see all; nobody else sees any. */
export function canReadReport(actor: Actor, report: { schoolId: string }): boolean {
  if (COUNTY_WIDE.includes(actor.role)) return true;
  return actor.role === 'school_reporter' && actor.orgId === report.schoolId;
}

/**
 * The school whose reports a list may show (undefined: every school). A school's is always its own,
 * from the token; asking for another school's is answered as a missing school, as one report is.
 * Any other role has no list (the route's role gate refuses it first).
 */
export function reportListSchool(actor: Actor, asked: string | undefined): string | undefined {
  if (COUNTY_WIDE.includes(actor.role)) return asked;
  if (actor.role === 'school_reporter') {
    if (asked !== undefined && asked !== actor.orgId) throw AppError.notFound('school');
    return actor.orgId;
  }
  throw AppError.forbidden();
}
