import type { Actor } from '#libs/auth';
import type { Role } from '#libs/contracts';

/** Roles that oversee the whole county and may read any whistle report. */
const COUNTY_WIDE: readonly Role[] = ['bureau_reviewer', 'taskforce_dispatcher', 'supervisor', 'administrator'];

/** A school sees its own reports; county-wide roles see all; nobody else sees any. */
export function canReadReport(actor: Actor, report: { schoolId: string }): boolean {
  if (COUNTY_WIDE.includes(actor.role)) return true;
  return actor.role === 'school_reporter' && actor.orgId === report.schoolId;
}
