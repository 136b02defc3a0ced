/**
 * The programme's vocabulary as the API speaks it (libs/contracts/src/vocabulary.ts on the server;
 * the console talks to the API only, so it keeps its own copy of these few lists).
 */
export const CATEGORIES = ['psychological', 'bullying', 'public-safety', 'dropout', 'sunshine-school'] as const;
export const SEVERITIES = ['urgent', 'high', 'normal'] as const;
export const RISK_LEVELS = ['low', 'medium', 'high', 'critical'] as const;
export const CASE_STATUSES = [
  'REPORTED',
  'FORWARDED',
  'ASSESSED',
  'ASSIGNED',
  'ACKNOWLEDGED',
  'IN_PROGRESS',
  'RECTIFIED',
  'VERIFIED',
  'CLOSED',
  'REJECTED',
  'REOPENED',
  'TRANSFERRED',
  'MERGED',
] as const;
export const FINAL_STATUSES: readonly string[] = ['CLOSED', 'REJECTED', 'MERGED'];
export const TIP_STATUSES = ['received', 'escalated', 'false', 'prank', 'spam', 'duplicate'] as const;
export const TRIAGE_DECISIONS = ['open-case', 'false', 'prank', 'spam', 'duplicate'] as const;
export const SCREEN_DECISIONS = ['forward', 'resolve', 'reject'] as const;
export const ROLES = [
  'school_reporter',
  'bureau_reviewer',
  'taskforce_dispatcher',
  'department_handler',
  'department_head',
  'supervisor',
  'inspector',
  'administrator',
] as const;
