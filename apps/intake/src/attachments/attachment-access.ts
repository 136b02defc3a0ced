import type { Actor } from '#libs/auth';
import type { Role } from '#libs/contracts';

/**
 * Who may open a file attached in another service, from what intake was told by that service's event.
 * Evidence of a case: the task force and supervisors, the unit that rectified with it, and the school
 * whose report the case came from (`reportSchoolId`, null for a tip's or an inspection's case: intake
 * knows a case's school only through its own report). An inspection's or a checklist's files: those who
 * inspect, oversee or administer schools, the task force, and that school's reporters.
 */
export type AttachedElsewhere =
  | { kind: 'evidence'; unitId: string; reportSchoolId: string | null }
  | { kind: 'inspection' | 'checklist'; schoolId: string };

const EVIDENCE_READERS: readonly Role[] = ['taskforce_dispatcher', 'supervisor'];
const SCHOOL_FILE_READERS: readonly Role[] = ['inspector', 'supervisor', 'administrator', 'taskforce_dispatcher'];

export function mayOpenAttachedElsewhere(actor: Actor, target: AttachedElsewhere): boolean {
  const ownSchool = (schoolId: string | null) => actor.role === 'school_reporter' && actor.orgId === schoolId;
  if (target.kind === 'evidence') {
    if (EVIDENCE_READERS.includes(actor.role)) return true;
    if (actor.orgId === target.unitId && (actor.role === 'department_handler' || actor.role === 'department_head')) {
      return true;
    }
    return ownSchool(target.reportSchoolId);
  }
  return SCHOOL_FILE_READERS.includes(actor.role) || ownSchool(target.schoolId);
}
