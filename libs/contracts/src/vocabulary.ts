import { z } from 'zod';

/**
 * The services, the one list everything else derives from (boot, migrate, health, the test
 * harness, npm start): each one's Postgres schema and default HTTP port. The gateway comes
 * first; the others are the backends it forwards to.
 */
export const SERVICE_CATALOG = {
  gateway: { schema: 'identity', port: 3000 },
  intake: { schema: 'intake', port: 3001 },
  dispatch: { schema: 'dispatch', port: 3002 },
  grading: { schema: 'grading', port: 3003 },
  notify: { schema: 'notify', port: 3004 },
} as const;
export type ServiceName = keyof typeof SERVICE_CATALOG;
export const SERVICES = Object.keys(SERVICE_CATALOG) as ServiceName[];
/** The services behind the gateway. */
export const BACKENDS = SERVICES.filter((service) => service !== 'gateway');

/* The shared language of the programme (see DESIGN.md glossary). */

export const SEVERITIES = ['urgent', 'high', 'normal'] as const;
export const severitySchema = z.enum(SEVERITIES);
export type Severity = z.infer<typeof severitySchema>;

/** The five action lines (五个一行动): top-level case category. */
export const CATEGORIES = ['psychological', 'bullying', 'public-safety', 'dropout', 'sunshine-school'] as const;
export const categorySchema = z.enum(CATEGORIES);
export type Category = z.infer<typeof categorySchema>;

export const ORG_KINDS = ['school', 'department', 'taskforce', 'county'] as const;
export const orgKindSchema = z.enum(ORG_KINDS);
export type OrgKind = z.infer<typeof orgKindSchema>;

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
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

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
export const caseStatusSchema = z.enum(CASE_STATUSES);
export type CaseStatus = z.infer<typeof caseStatusSchema>;

export const TASK_ROLES = ['lead', 'assisting'] as const;
export const taskRoleSchema = z.enum(TASK_ROLES);
export type TaskRole = z.infer<typeof taskRoleSchema>;

/** Where a case came from: a school's whistle report, a 110-mailbox tip, an inspection finding, or supervision of a downgraded school. */
export const CASE_SOURCES = ['report', 'tip', 'inspection', 'supervision'] as const;
export const caseSourceSchema = z.enum(CASE_SOURCES);
export type CaseSource = z.infer<typeof caseSourceSchema>;

/** The quarterly tiers (示范性 / 达标 / 不合格), best first. */
export const TIERS = ['demonstration', 'compliant', 'non-compliant'] as const;
export const tierSchema = z.enum(TIERS);
export type Tier = z.infer<typeof tierSchema>;

/** The two deadlines of every task. */
export const DEADLINE_KINDS = ['ack', 'rectify'] as const;
export const deadlineKindSchema = z.enum(DEADLINE_KINDS);
export type DeadlineKind = z.infer<typeof deadlineKindSchema>;

/** Who a rung of the escalation ladder tells. */
export const ESCALATION_TARGETS = ['unit-head', 'taskforce', 'supervisor'] as const;
export const escalationTargetSchema = z.enum(ESCALATION_TARGETS);
export type EscalationTarget = z.infer<typeof escalationTargetSchema>;

/** The task force's assessment of a case's risk. */
export const RISK_LEVELS = ['low', 'medium', 'high', 'critical'] as const;
export const riskLevelSchema = z.enum(RISK_LEVELS);
export type RiskLevel = z.infer<typeof riskLevelSchema>;

/** What the inbox and the other channels say; each kind has its templates in notify. */
export const NOTIFICATION_KINDS = [
  'task-assigned',
  'ack-overdue',
  'reminder',
  'rectify-overdue',
  'escalation',
  'extension-requested',
  'extension-decided',
  'case-update',
  'life-safety',
  'supervision',
  'calendar-missing',
  'daily-digest',
] as const;
export type NotificationKindName = (typeof NOTIFICATION_KINDS)[number];

/** Where a notification can reach its recipient; `webhook` is their unit's work-chat robot. */
export const DELIVERY_CHANNELS = ['inbox', 'email', 'sms', 'webhook'] as const;
export type DeliveryChannel = (typeof DELIVERY_CHANNELS)[number];

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Work-chat robots a unit's group can have: WeCom (key in the URL), DingTalk (signed query), or a generic signed webhook. */
export const WEBHOOK_KINDS = ['wecom', 'dingtalk', 'generic'] as const;
export type WebhookKind = (typeof WEBHOOK_KINDS)[number];
