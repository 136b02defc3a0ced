import type { EscalationTarget, NotificationKindName, Role } from '#libs/contracts';

/** What the inbox says and to whom; titles name the case by reference only, never by its content. */
export const NotificationKind = {
  TaskAssigned: 'task-assigned',
  AckOverdue: 'ack-overdue',
  Reminder: 'reminder',
  RectifyOverdue: 'rectify-overdue',
  Escalation: 'escalation',
  ExtensionRequested: 'extension-requested',
  ExtensionDecided: 'extension-decided',
  CaseUpdate: 'case-update',
  LifeSafety: 'life-safety',
  Supervision: 'supervision',
  CalendarMissing: 'calendar-missing',
  DailyDigest: 'daily-digest',
} as const satisfies Record<string, NotificationKindName>;

export const ACK_OVERDUE_AUDIENCE: readonly Role[] = ['taskforce_dispatcher', 'supervisor'];
export const UNIT_AUDIENCE: readonly Role[] = ['department_handler', 'department_head'];
export const TASK_FORCE: readonly Role[] = ['taskforce_dispatcher'];
export const SUPERVISORS: readonly Role[] = ['supervisor'];
export const SCHOOL_REPORTERS: readonly Role[] = ['school_reporter'];
export const ADMINISTRATORS: readonly Role[] = ['administrator'];

/** Case statuses a school's reporter hears about. */
export const CASE_UPDATE_STATUSES: ReadonlySet<string> = new Set(['FORWARDED', 'REJECTED', 'VERIFIED', 'CLOSED']);

/** Who a rung of the escalation ladder tells: the unit's head, the task force, or the supervisors (county-wide). */
export function escalationAudience(
  target: EscalationTarget,
  unitId: string,
): { orgId?: string; roles: readonly Role[] } {
  if (target === 'unit-head') return { orgId: unitId, roles: ['department_head'] };
  if (target === 'taskforce') return { roles: TASK_FORCE };
  return { roles: SUPERVISORS };
}

/** Kinds that always go at once, through quiet hours, and are sent again when left unread. */
export const ALWAYS_URGENT: ReadonlySet<NotificationKindName> = new Set(['escalation', 'life-safety']);
export const REALERT_KINDS: readonly NotificationKindName[] = ['escalation', 'life-safety'];
