import type { Actor } from '#libs/auth';
import type { Role } from '#libs/contracts';

/** The roles that see the whole county's ledger: as for the case list. */
export const LEDGER_COUNTY_ROLES = ['taskforce_dispatcher', 'supervisor', 'bureau_reviewer', 'administrator'] as const;
export const LEDGER_ROLES = [
  ...LEDGER_COUNTY_ROLES,
  'department_handler',
  'department_head',
  'school_reporter',
] as const;

/** What part of the ledger a caller sees. */
export type LedgerScope = { kind: 'county' } | { kind: 'unit'; unitId: string } | { kind: 'school'; schoolId: string };

/**
 * County-wide roles see every row; a department only its own unit's tasks (not the other units on
 * the same case, and no case it has no task on); a school only the cases of its own reports, as it
 * sees them one by one (a tip or an inspection about the school is not the school's case).
 */
export function ledgerScope(actor: Actor): LedgerScope {
  const role: Role = actor.role;
  if ((LEDGER_COUNTY_ROLES as readonly Role[]).includes(role)) return { kind: 'county' };
  if (role === 'department_handler' || role === 'department_head') return { kind: 'unit', unitId: actor.orgId };
  if (role === 'school_reporter') return { kind: 'school', schoolId: actor.orgId };
  throw new Error(`no ledger scope for the role ${role}`);
}
